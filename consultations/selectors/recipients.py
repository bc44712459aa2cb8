"""Who is who, for the notifications: the people behind a role, active accounts only
(a closed or deactivated account is never notified). The one place every service asks."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from consultations.models import Membership, OfficialAssignment, Registration


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


def lead_body_contacts(lead_body_id: int | None) -> list:
    """The agency contacts of a government body (who is told of its commitments)."""
    if lead_body_id is None:
        return []
    return list(get_user_model().objects.filter(
        official_assignments__agency_id=lead_body_id, is_active=True,
        official_assignments__role=OfficialAssignment.Role.AGENCY_CONTACT).distinct())


def registrants_of(event_id: int) -> list:
    """The people registered for an event, confirmed or on the waiting list."""
    return list(get_user_model().objects.filter(
        event_registrations__event_id=event_id, is_active=True,
        event_registrations__status__in=[Registration.Status.CONFIRMED,
                                         Registration.Status.WAITLISTED]).distinct())
