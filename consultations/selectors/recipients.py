"""Who is who, for the notifications: the people behind a role, active accounts only
(a closed or deactivated account is never notified). The one place every service asks."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from consultations.models import Membership, OfficialAssignment


def members_of(org_ids: Iterable[int], *, coordinators_only: bool = False) -> list:
    """Active members (or only the coordinators) of the organizations."""
    qs = get_user_model().objects.filter(memberships__organization_id__in=list(org_ids),
                                         is_active=True)
    if coordinators_only:
        qs = qs.filter(memberships__role=Membership.Role.COORDINATOR)
    return list(qs.distinct())


def coordinators_of(org_ids: Iterable[int]) -> list:
    return members_of(org_ids, coordinators_only=True)


def focal_persons_of(party_id: int) -> list:
    """The State's national focal persons."""
    return list(get_user_model().objects.filter(
        official_assignments__party_id=party_id, is_active=True,
        official_assignments__role=OfficialAssignment.Role.FOCAL_PERSON).distinct())


def unodc_staff() -> list:
    return list(get_user_model().objects.filter(is_unodc_staff=True, is_active=True))
