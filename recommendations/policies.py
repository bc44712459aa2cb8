"""May this user do this to this recommendation, response or follow-up action? The one
place for recommendations' permissions, used by views, the API, templates and admin."""

from __future__ import annotations

from consultations.roles import roles_of
from recommendations.models import Recommendation


def is_official_of(user, party_id: int) -> bool:
    return party_id in roles_of(user).official_party_ids


def is_focal_person_of(user, party_id: int) -> bool:
    return party_id in roles_of(user).focal_party_ids


def can_view_recommendation(user, recommendation: Recommendation) -> bool:
    roles = roles_of(user)
    if recommendation.organization_id in roles.member_org_ids:
        return True
    if recommendation.status == Recommendation.Status.DRAFT:
        return False
    if recommendation.is_public:
        return True
    return roles.is_unodc_staff or recommendation.party_id in roles.official_party_ids
