"""Forms that create something carry a one-time token: a repeated post (a double click
on a slow line) creates one thing and shows it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from consultations.models import ActionItem, Event, Invitation, Membership, Organization
from tests.consultations.test_events_views import _form_data
from tests.consultations.test_organizations import _form
from tests.factories import MembershipFactory, PartyFactory, UserFactory

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
