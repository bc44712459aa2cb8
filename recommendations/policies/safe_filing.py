"""Safe filing: whose name and which fields a reader sees."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from consultations import policies as consultation_policies
from consultations.roles import roles_of
from recommendations.models import ATTRIBUTION_ORDER, FIELD_VISIBILITY_ORDER, CoSignature
from recommendations.policies.followup import _served
from recommendations.policies.recommendations import (
    _invited_org_ids,
    can_act_for_filer,
    organization_has_coordinator,
)

# --- Safe filing: attribution and field-level visibility --------------------------------
#
# The one rule for whose name and which fields a reader sees (security.md, "Safe
# filing"). Each level is a rank, from the least to the most protective:
#
# | rank | attribution (filer, co-signer)       | field (rationale, attachments)    |
# |------|--------------------------------------|-----------------------------------|
# | 0    | named                                | everyone who reads the recommendation |
# | 1    | "a civil society organization in X"  | the government addressed and UNODC |
# |      | for the public                       |                                   |
# | 2    | known to UNODC only                  | UNODC only                        |
#
# A reader's audience is a rank too: the public (everyone else, alliances included) 0,
# the addressee State's officials 1, UNODC staff 2. The filing organization and the
# organizations invited to co-sign wrote the recommendation: they read everything. A
# reader sees a thing when the thing's rank is at most the reader's.

PUBLIC_AUDIENCE, GOVERNMENT_AUDIENCE, UNODC_AUDIENCE = 0, 1, 2


def _rank(level: str) -> int:
    for order in (ATTRIBUTION_ORDER, FIELD_VISIBILITY_ORDER):
        if level in order:
            return order.index(level)
    return len(ATTRIBUTION_ORDER)  # unknown: the most protective


def is_more_protective(new: str, old: str) -> bool:
    """Whether ``new`` shows the thing to fewer readers than ``old``."""
    return _rank(new) > _rank(old)


def _audience(user, party_id: int) -> int:
    roles = roles_of(user)
    if roles.is_unodc_staff:
        return UNODC_AUDIENCE
    if party_id in roles.official_party_ids:
        return GOVERNMENT_AUDIENCE
    return PUBLIC_AUDIENCE


def is_author(user, recommendation) -> bool:
    """A member of the filing organization or of an organization invited to co-sign."""
    members = roles_of(user).member_org_ids
    if not members:
        return False
    if recommendation.organization_id in members:
        return True
    if "cosignatures" in getattr(recommendation, "_prefetched_objects_cache", {}):
        return bool(_invited_org_ids(recommendation) & members)
    return recommendation.pk in _cosigning_recommendation_ids(user)


def _cosigning_recommendation_ids(user) -> frozenset[int]:
    """The recommendations the user's organizations are invited to co-sign (one query,
    cached on the user: a list asks it once, not per row)."""
    cached = getattr(user, "_cosigning_recommendation_ids", None)
    if cached is None:
        cached = frozenset(
            CoSignature.objects.filter(organization_id__in=roles_of(user).member_org_ids)
            .exclude(status=CoSignature.Status.DECLINED)
            .values_list("recommendation_id", flat=True)
        )
        user._cosigning_recommendation_ids = cached
    return cached


def filer_name_visible_to(user, recommendation) -> bool:
    if recommendation.attribution == "named":
        return True
    if _rank(recommendation.attribution) <= _audience(user, recommendation.party_id):
        return True
    return is_author(user, recommendation)


def filer_display_for_audience(recommendation, audience: int) -> str:
    """What an audience that is not an author sees (for a message to a group, e.g. the
    State's focal persons: GOVERNMENT_AUDIENCE)."""
    if _rank(recommendation.attribution) <= audience:
        return recommendation.organization.name
    return _anonymous_label(
        recommendation.attribution, recommendation.organization, recommendation.party
    )


def _anonymous_label(attribution: str, organization, party) -> str:

    if attribution == "in_state":
        country = organization.country or party
        return _("A civil society organization in %(state)s") % {"state": country.local_name}
    return _("A civil society organization")


def filer_display_for(user, recommendation) -> str:
    """The filing organization as this reader may see it: its name, "a civil society
    organization in <State>" or "a civil society organization". Every read path names
    the filer through this function (or ``filer_named_q`` for a query)."""
    if filer_name_visible_to(user, recommendation):
        return recommendation.organization.name
    return _anonymous_label(
        recommendation.attribution, recommendation.organization, recommendation.party
    )


def cosigner_name_visible_to(user, cosignature, recommendation) -> bool:
    if cosignature.attribution == "named":
        return True
    members = roles_of(user).member_org_ids
    if cosignature.organization_id in members or recommendation.organization_id in members:
        return True
    return _rank(cosignature.attribution) <= _audience(user, recommendation.party_id)


def cosigner_display_for(user, cosignature, recommendation) -> str:
    """A co-signing organization as this reader may see it (as filer_display_for)."""
    if cosigner_name_visible_to(user, cosignature, recommendation):
        return cosignature.organization.name
    return _anonymous_label(cosignature.attribution, cosignature.organization, recommendation.party)


def names_hidden_from(user, recommendation) -> dict[str, str]:
    """The organization names of a recommendation this reader may not see, each with
    what the reader sees instead (for sentences recorded with the name, e.g. the
    timeline's)."""
    hidden = {}
    if not filer_name_visible_to(user, recommendation):
        hidden[recommendation.organization.name] = filer_display_for(user, recommendation)
    for c in recommendation.cosignatures.all():
        if not cosigner_name_visible_to(user, c, recommendation):
            hidden[c.organization.name] = cosigner_display_for(user, c, recommendation)
    return hidden


def filer_named_q(user):
    """The recommendations whose filer this reader may see by name, as a query (the same
    rule as filer_name_visible_to, for organization pages, filters and counts)."""
    return _readable_q(user, "attribution", "named", "in_state")


def field_visible_q(user, level_field: str):
    """The recommendations whose field kept at ``level_field`` (``rationale_visibility``,
    ``attachments_visibility``) this reader may read, as a query (the same rule as
    field_visible_to, for search)."""
    return _readable_q(user, level_field, "public", "government")


def _readable_q(user, level_field: str, everyone: str, government: str):
    """A level field's rule as a query: ``everyone`` for all, ``government`` also for
    the addressee State's officials, every level for UNODC staff and the authors."""
    q = Q(**{level_field: everyone})
    roles = roles_of(user)
    if not roles.is_authenticated:
        return q
    if roles.is_unodc_staff:
        return Q()
    if roles.member_org_ids:
        q |= Q(organization_id__in=roles.member_org_ids) | Q(
            pk__in=CoSignature.objects.filter(organization_id__in=roles.member_org_ids)
            .exclude(status=CoSignature.Status.DECLINED)
            .values("recommendation_id")
        )
    if roles.official_party_ids:
        q |= Q(**{level_field: government}, party_id__in=roles.official_party_ids)
    return q


def field_visible_to(user, recommendation, level: str) -> bool:
    """May this reader (who may read the recommendation) read a field kept at ``level``
    (the rationale: ``rationale_visibility``; the attachments:
    ``attachments_visibility``)?"""
    if level == "public" or _rank(level) <= _audience(user, recommendation.party_id):
        return True
    return is_author(user, recommendation)


def can_view_rationale(user, recommendation) -> bool:
    return field_visible_to(user, recommendation, recommendation.rationale_visibility)


def can_view_attachments(user, recommendation) -> bool:
    return field_visible_to(user, recommendation, recommendation.attachments_visibility)


def can_change_attribution(user, recommendation) -> bool:
    """The filer's voice (as publishing): its members; for an alliance, its coordinators.
    Drafts and submitted recommendations alike."""
    return can_act_for_filer(user, recommendation)


def can_change_cosigner_attribution(user, cosignature) -> bool:
    """The co-signer's voice: those who may confirm for it, once it has confirmed."""
    roles = roles_of(user)
    return (
        cosignature.status == "confirmed"
        and cosignature.organization_id in roles.verified_org_ids
        and (
            cosignature.organization_id in roles.coordinator_org_ids
            or not organization_has_coordinator(cosignature.organization_id)
        )
    )


def person_name_for(user, person, *, recommendation=None, party_id: int | None = None) -> str:
    """A person's name as this reader may see it ("" when kept): the people rule of
    ``consultations.policies.person_name_for``, with the authors of the recommendation
    concerned (its State is the one concerned) among those who see names."""
    if recommendation is not None:
        party_id = recommendation.party_id
        if person is not None and is_author(user, recommendation):
            return person.full_name or ""
    return consultation_policies.person_name_for(user, person, party_id=party_id)


def assessor_display_for(user, assessment, action) -> str:
    """The organization that assessed an action, unnamed to a reader who may not see it
    named as the filer of a recommendation the action serves."""

    for rec in _served(action):
        if rec.organization_id == assessment.organization_id and not filer_name_visible_to(
            user, rec
        ):
            return _("The filing organization")
    org = assessment.organization
    return org.acronym or org.name
