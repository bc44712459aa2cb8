"""Reads of the States' answers, scoped to what the user may see: the one rule behind
``policies.can_view_response``, as a queryset for every list (State pages, the country
report, its PDF, exports, the API)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from consultations.roles import roles_of
from recommendations.models import Response
from recommendations.selectors.recommendations import recommendations_visible_to

#: The attribute ``with_visible_response`` sets on each recommendation: its answer when
#: the user may see it, else None.
VISIBLE_RESPONSE = "visible_response"


def responses_visible_to(user) -> QuerySet[Response]:
    """Answers to recommendations the user may see: published ones for everybody; one
    still awaiting the second official's approval only for UNODC staff and the
    addressee State's officials (as ``policies.can_view_response``)."""
    qs = Response.objects.filter(recommendation__in=recommendations_visible_to(user)
                                 .values("pk"))
    roles = roles_of(user)
    if roles.is_unodc_staff:
        return qs
    visible = Q(status=Response.Status.PUBLISHED)
    if roles.official_party_ids:
        visible |= Q(recommendation__party_id__in=roles.official_party_ids)
    return qs.filter(visible)


def with_visible_response(user) -> Prefetch:
    """A prefetch for a recommendation queryset: ``rec.visible_response`` is the answer
    the user may see, or None (one query for the whole list)."""
    return Prefetch("response", queryset=responses_visible_to(user),
                    to_attr=VISIBLE_RESPONSE)
