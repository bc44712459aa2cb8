"""The directory opt-out: an organization at risk may choose not to be listed in the
public organization directory and lists (its coordinators decide). UNODC staff, the
officials of its own State and its members still see it; its recommendations are shown
as their attribution says. The field is ``Organization.listed_in_directory``."""

from __future__ import annotations

from django.db.models import Q

from consultations.roles import roles_of

FIELD = "listed_in_directory"


def listed_q(user, prefix: str = "") -> Q:
    """The organizations this reader may see listed: the listed ones; also the unlisted
    ones of the reader's own organizations and, for officials, of their State; all for
    UNODC staff."""
    roles = roles_of(user)
    if roles.is_unodc_staff:
        return Q()
    q = Q(**{f"{prefix}{FIELD}": True})
    if roles.member_org_ids:
        q |= Q(**{f"{prefix}pk__in": roles.member_org_ids})
    if roles.official_party_ids:
        q |= Q(**{f"{prefix}country_id__in": roles.official_party_ids})
    return q
