"""Forms that create something carry a one-time token: a repeated post (a double click
on a slow line) creates one thing and shows it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from consultations.models import (
    ActionItem,
    AllianceMembership,
    Event,
    Invitation,
    JoinRequest,
    Membership,
    OfficialAssignment,
    Organization,
    Registration,
)
from tests.consultations.test_events_views import _form_data
from tests.consultations.test_organizations import _form
from tests.factories import MembershipFactory, OrganizationFactory, PartyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _token(client, url) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', html).group(1)


def _twice(client, url, data, form_url=None):
    data = {**data, "idempotency_key": _token(client, form_url or url)}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302, first.content.decode()[:500]
    assert first["Location"] == second["Location"]


def test_registering_an_organization_twice_registers_one(client):
    party = PartyFactory()
    client.force_login(UserFactory())
    _twice(client, reverse("organizations:register"), _form(party))
    assert Organization.objects.filter(name="Coalition against Trafficking").count() == 1


def test_inviting_a_member_twice_sends_one_invitation(client):
    membership = MembershipFactory(role=Membership.Role.COORDINATOR)
    client.force_login(membership.user)
    org = membership.organization
    _twice(
        client,
        reverse("organizations:invite", args=[org.pk]),
        {"email": "new@example.org", "role": "member"},
        form_url=reverse("organizations:members", args=[org.pk]),
    )
    assert Invitation.objects.filter(organization=org).count() == 1


def test_creating_an_event_and_an_action_item_twice_creates_one(client, settings):
    from tests.consultations.test_events_views import fast_passwords, make_world

    fast_passwords(settings)
    world = make_world()
    client.force_login(world.focal)
    _twice(client, reverse("events:create"), _form_data(world))
    event = Event.objects.get()
    url = reverse("events:action_item_create", args=[event.pk])
    _twice(
        client,
        url,
        {
            "title": "Share the data",
            "due_on": "2031-01-31",
            "owner_organization": "",
            "owner_name": "FIA",
        },
    )
    assert ActionItem.objects.filter(event=event).count() == 1


def test_registering_for_an_event_twice_registers_once(client, settings):
    from tests.consultations.events_support import fast_passwords, make_world, open_event

    fast_passwords(settings)
    world = make_world()
    event = open_event(world.party, capacity=5)
    client.force_login(world.member)
    url = reverse("events:register", args=[event.pk])
    _twice(client, url, {"organization": world.org.pk})
    assert Registration.objects.filter(event=event).count() == 1
    # the manager's "register a person" form likewise
    client.force_login(world.focal)
    _twice(
        client,
        reverse("events:registrations", args=[event.pk]),
        {"email": world.coordinator.email, "organization": world.org.pk},
    )
    assert Registration.objects.filter(event=event, user=world.coordinator).count() == 1


def test_asking_to_join_twice_sends_one_request(client):
    org = MembershipFactory(role=Membership.Role.COORDINATOR).organization
    client.force_login(UserFactory())
    _twice(client, reverse("organizations:join", args=[org.pk]), {"message": "Hello"})
    assert JoinRequest.objects.filter(organization=org).count() == 1


def test_accepting_an_invitation_twice_shows_the_organization(client):
    from consultations.services.organizations import invitation_create

    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR)
    invitation = invitation_create(
        actor=coordinator.user, organization=coordinator.organization, email="guest@example.org"
    )
    client.force_login(UserFactory(email="guest@example.org"))
    _twice(client, reverse("organizations:invitation", args=[invitation.token]), {})
    assert Membership.objects.filter(organization=coordinator.organization).count() == 2


def test_alliance_invitations_and_requests_posted_twice_are_made_once(client):
    party = PartyFactory()
    alliance = OrganizationFactory(country=party, is_alliance=True)
    org = OrganizationFactory(country=party)
    other = OrganizationFactory(country=party)
    client.force_login(
        MembershipFactory(organization=alliance, role=Membership.Role.COORDINATOR).user
    )
    detail = reverse("organizations:detail", args=[alliance.pk])
    _twice(
        client,
        reverse("organizations:alliance_invite", args=[alliance.pk]),
        {"organization": org.pk},
        form_url=detail,
    )
    # the second post is no longer among the choices (the request is made); it still
    # lands where the first one did
    client.force_login(MembershipFactory(organization=other, role=Membership.Role.COORDINATOR).user)
    _twice(
        client,
        reverse("organizations:alliance_join", args=[alliance.pk]),
        {"organization": other.pk},
        form_url=detail,
    )
    assert AllianceMembership.objects.filter(alliance=alliance).count() == 2


def test_assigning_an_official_role_twice_assigns_once(client):
    from tests.consultations.events_support import with_totp

    party = PartyFactory()
    UserFactory(email="official@example.org")
    staff = with_totp(UserFactory(is_unodc_staff=True))
    client.force_login(staff)
    url = reverse("organizations:official_roles")
    _twice(
        client, url, {"email": "official@example.org", "role": "focal_person", "party": party.pk}
    )
    assert OfficialAssignment.objects.filter(user__email="official@example.org").count() == 1
    # making someone UNODC staff creates no row; the repeat is not refused either
    UserFactory(email="colleague@example.org")
    _twice(client, url, {"email": "colleague@example.org", "role": "unodc_staff"})


def test_adding_a_milestone_twice_adds_one(client, settings):
    from tests.consultations.events_support import fast_passwords, make_world
    from tests.factories import PilotFactory

    fast_passwords(settings)
    world = make_world()
    pilot = PilotFactory(party=world.party, focal_person=world.focal)
    client.force_login(world.focal)
    _twice(
        client,
        reverse("pilots:milestone_create", args=[pilot.pk]),
        {"title": "Follow-up conference", "due_on": "2031-11-30", "status": "planned"},
    )
    assert pilot.milestones.filter(title="Follow-up conference").count() == 1
