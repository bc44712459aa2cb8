"""May this user do this to this object? The one place for consultations' permissions,
used by views, the API, templates and the admin. Built on ``roles_of(user)``."""

from __future__ import annotations

from django.utils import timezone

from consultations.models import Event, Organization, Registration
from consultations.roles import roles_of


def is_unodc_staff(user) -> bool:
    return roles_of(user).is_unodc_staff


def can_view_organization(user, organization: Organization) -> bool:
    if organization.status == Organization.Status.VERIFIED:
        return True
    roles = roles_of(user)
    return roles.is_unodc_staff or organization.pk in roles.member_org_ids


# --- Organizations and memberships ---------------------------------------------------
# Objects the user may not see are filtered out by consultations.selectors.organizations
# (404); these functions answer "may this user do this" for objects already visible.


def can_register_organization(user) -> bool:
    return roles_of(user).is_authenticated


def can_see_member_names(user, organization: Organization) -> bool:
    roles = roles_of(user)
    return roles.is_unodc_staff or organization.pk in roles.member_org_ids


def can_manage_organization(user, organization: Organization) -> bool:
    """Edit the profile, invite people, decide join requests, change roles, remove
    members: the organization's coordinators (and UNODC staff)."""
    roles = roles_of(user)
    return roles.is_unodc_staff or organization.pk in roles.coordinator_org_ids


def can_change_organization(user, organization: Organization) -> bool:
    return can_manage_organization(user, organization)


def can_change_listing(user, organization: Organization) -> bool:
    """Whether the organization is listed in the public directory: its own coordinators
    decide (an organization at risk chooses for itself)."""
    return organization.pk in roles_of(user).coordinator_org_ids


def can_invite_member(user, organization: Organization) -> bool:
    return (organization.status != Organization.Status.REJECTED
            and can_manage_organization(user, organization))


def can_decide_join_request(user, join_request) -> bool:
    return can_manage_organization(user, join_request.organization)


def can_change_membership(user, membership) -> bool:
    return can_manage_organization(user, membership.organization)


def can_remove_membership(user, membership) -> bool:
    """Coordinators remove members; anyone may leave an organization themselves."""
    return (membership.user_id == getattr(user, "pk", None)
            or can_manage_organization(user, membership.organization))


def can_request_to_join(user, organization: Organization) -> bool:
    roles = roles_of(user)
    return (roles.is_authenticated and organization.pk not in roles.member_org_ids
            and organization.status == Organization.Status.VERIFIED
            and not organization.is_governmental)


def can_verify_organization(user, organization: Organization | None = None) -> bool:
    """Verify or reject a registration: UNODC staff, on a pending (or re-examined)
    organization."""
    if not roles_of(user).is_unodc_staff:
        return False
    return organization is None or organization.status != Organization.Status.VERIFIED


def can_view_verification_queue(user) -> bool:
    return roles_of(user).is_unodc_staff


def can_assign_official_roles(user) -> bool:
    return roles_of(user).is_unodc_staff


def can_file_for_organization(user, organization: Organization) -> bool:
    """Only members of verified organizations file or endorse recommendations."""
    return (organization.status == Organization.Status.VERIFIED
            and organization.pk in roles_of(user).member_org_ids)


# --- Alliance memberships -------------------------------------------------------------
# Two-sided: who started it cannot finish it alone. What an accepted membership gives the
# alliance's coordinators is written in recommendations.policies.


def can_invite_to_alliance(user, alliance: Organization) -> bool:
    """The alliance's coordinators (of a not rejected alliance)."""
    return (alliance.is_alliance and alliance.status != Organization.Status.REJECTED
            and alliance.pk in roles_of(user).coordinator_org_ids)


def alliance_applicant_org_ids(user, alliance: Organization) -> frozenset[int]:
    """The organizations for which the user may ask to join this alliance: the verified
    ones they coordinate (not the alliance itself), if the alliance is verified."""
    if not alliance.is_alliance or alliance.status != Organization.Status.VERIFIED:
        return frozenset()
    roles = roles_of(user)
    return (roles.coordinator_org_ids & roles.verified_org_ids) - {alliance.pk}


def can_ask_to_join_alliance(user, alliance: Organization,
                             organization: Organization | None = None) -> bool:
    ids = alliance_applicant_org_ids(user, alliance)
    return bool(ids) if organization is None else organization.pk in ids


def can_decide_alliance_membership(user, membership) -> bool:
    """The side that was asked: the invited organization's coordinators, or the
    alliance's coordinators for a request to join."""
    coordinated = roles_of(user).coordinator_org_ids
    if membership.status == membership.Status.INVITED:
        return membership.organization_id in coordinated
    if membership.status == membership.Status.REQUESTED:
        return membership.alliance_id in coordinated
    return False


def can_end_alliance_membership(user, membership) -> bool:
    """Either side's coordinators (and UNODC staff), while it is open or accepted."""
    if membership.status not in membership.OPEN:
        return False
    roles = roles_of(user)
    return (roles.is_unodc_staff or membership.alliance_id in roles.coordinator_org_ids
            or membership.organization_id in roles.coordinator_org_ids)


# --- Events and pilots ---------------------------------------------------------------


def can_create_event(user, party=None) -> bool:
    """UNODC staff (any event, regional or global too) or a focal person (their State)."""
    roles = roles_of(user)
    if roles.is_unodc_staff:
        return True
    if party is None:
        return bool(roles.focal_party_ids)
    return party.pk in roles.focal_party_ids


def can_manage_event(user, event) -> bool:
    roles = roles_of(user)
    return roles.is_unodc_staff or (event.party_id is not None
                                    and event.party_id in roles.focal_party_ids)


def can_view_event(user, event) -> bool:
    return event.status != Event.Status.DRAFT or can_manage_event(user, event)


def confirmed_event_ids(user) -> frozenset[int]:
    """Events the user holds a confirmed registration for (one query, cached on the user
    like roles_of, so a list of events asks once)."""
    if not roles_of(user).is_authenticated:
        return frozenset()
    cached = getattr(user, "_confirmed_event_ids", None)
    if cached is None:

        cached = frozenset(Registration.objects.filter(
            user=user, status=Registration.Status.CONFIRMED).values_list("event_id",
                                                                          flat=True))
        user._confirmed_event_ids = cached
    return cached


def can_view_online_link(user, event) -> bool:
    """The online meeting link is for registered participants (a confirmed
    registration), the event's managers and UNODC staff; never for the public, the
    waiting list or a public calendar feed."""
    return (can_manage_event(user, event)  # UNODC staff, the State's focal person
            or event.pk in confirmed_event_ids(user))


def event_registration_is_open(event, now=None) -> bool:

    now = now or timezone.now()
    if event.status != Event.Status.REGISTRATION_OPEN or now >= event.starts_at:
        return False
    return event.registration_deadline is None or now <= event.registration_deadline


def can_register(user, event) -> bool:
    """A member of a verified organization, while the event is open for registration and
    before its deadline."""
    roles = roles_of(user)
    return bool(roles.verified_org_ids) and event_registration_is_open(event)


def can_cancel_registration(user, registration) -> bool:
    return registration.user_id == getattr(user, "pk", None) or can_manage_event(
        user, registration.event)


def can_download_event_document(user, document) -> bool:
    return can_view_event(user, document.event)


def can_manage_pilot(user, pilot) -> bool:
    roles = roles_of(user)
    return roles.is_unodc_staff or pilot.party_id in roles.focal_party_ids


# --- People ------------------------------------------------------------------------
# The public sees organizations, not people (security.md, "Safe filing"): a person's
# name is shown to everybody only if the person chose "show my name publicly". Contact
# details (e-mail, phone) are never public: no name is ever replaced by an address.


def person_name_for(user, person, *, party_id: int | None = None,
                    organization_id: int | None = None) -> str:
    """A person's name as this reader may see it ("" when kept): the person, UNODC staff,
    the officials of the State concerned (``party_id``) and the members of the
    organization concerned (``organization_id``) see it; everybody if the person chose
    to be named. ``recommendations.policies.person_name_for`` adds a recommendation's
    authors."""
    if person is None:
        return ""
    name = person.full_name or ""
    if getattr(person, "show_name_publicly", False) or (user is not None and person == user):
        return name
    roles = roles_of(user)
    if roles.is_unodc_staff or (party_id is not None and party_id in roles.official_party_ids):
        return name
    if organization_id is not None and organization_id in roles.member_org_ids:
        return name
    return ""


def person_ref_for(user, person, **concerned) -> dict | None:
    """``{"id", "name"}`` of a person whose name this reader may see, else None (the API's
    person references: an id alone would still tell one unnamed person from another)."""
    name = person_name_for(user, person, **concerned)
    return {"id": person.pk, "name": name} if name else None
