"""Who is who, for the notifications: the people behind a role, active accounts only
(a closed or deactivated account is never notified). The one place every service asks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from consultations.models import Membership, OfficialAssignment, Organization, Registration


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


def unodc_staff_accounts() -> QuerySet:
    """The active UNODC staff accounts, as a query (the staff page lists them)."""
    return get_user_model().objects.filter(is_unodc_staff=True, is_active=True)


def unodc_staff() -> list:
    return list(unodc_staff_accounts())


def unodc_staff_ids() -> list[int]:
    """The ids of unodc_staff() (a scan of many rows needs no more)."""
    return list(unodc_staff_accounts().values_list("pk", flat=True))


def focal_person_ids_by_party() -> dict[int, list[int]]:
    """The ids of focal_persons_of() for every State at once (the reminder scans)."""
    result: dict[int, list[int]] = defaultdict(list)
    for party_id, user_id in OfficialAssignment.objects.filter(
            role=OfficialAssignment.Role.FOCAL_PERSON, user__is_active=True
    ).values_list("party_id", "user_id"):
        result[party_id].append(user_id)
    return result


def active_user_by_email(email: str):
    """The active account that uses this address, or None (an invitee, a person
    registered or given a role by e-mail)."""
    return get_user_model().objects.filter(email__iexact=email, is_active=True).first()


def confirmed_participant_ids(event_ids: list[int]) -> Iterator[tuple[int, int]]:
    """(event id, user id) of every active person with a confirmed place at these events
    (the day-before reminder), streamed."""
    return (Registration.objects
            .filter(event_id__in=event_ids, status=Registration.Status.CONFIRMED,
                    user__is_active=True)
            .order_by().values_list("event_id", "user_id").iterator(chunk_size=2000))


def coordinators_not_registered(*, event_id: int, party_id: int) -> Iterator[tuple[int, str]]:
    """The active coordinators of the State's verified, non-governmental organizations
    that have nobody registered for the event: (user id, organization name), each person
    once (with their first organization by name)."""
    registered_orgs = Registration.objects.filter(
        event_id=event_id, status=Registration.Status.CONFIRMED, organization__isnull=False
    ).values("organization_id")
    coordinators = (Membership.objects
                    .filter(role=Membership.Role.COORDINATOR, user__is_active=True,
                            organization__status=Organization.Status.VERIFIED,
                            organization__country_id=party_id)
                    .exclude(organization__category=Organization.Category.GOVERNMENTAL)
                    .exclude(organization_id__in=registered_orgs)
                    .order_by("user_id", "organization__name")
                    .values_list("user_id", "organization__name"))
    seen: set[int] = set()
    for user_id, org_name in coordinators.iterator(chunk_size=2000):
        if user_id not in seen:
            seen.add(user_id)
            yield user_id, org_name


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
