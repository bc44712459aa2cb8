"""An event's online meeting link is for participants with a confirmed registration,
the event's managers and UNODC staff: the page, the API (list and detail), the event's
.ics follow consultations.policies.can_view_online_link; the public calendar feed never
carries it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultations import policies
from consultations.models import Event
from tests.consultations.events_support import fast_passwords, make_world, open_event
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/secret-room-4711"


@pytest.fixture
def world(settings):
    fast_passwords(settings)
    w = make_world()
    w.event = open_event(w.party, mode=Event.Mode.HYBRID, online_url=LINK,
                         title="Hybrid consultation")
    RegistrationFactory(event=w.event, user=w.member, organization=w.org,
                        status="confirmed")
    RegistrationFactory(event=w.event, user=w.coordinator, organization=w.org,
                        status="waitlisted")
    return w


# who -> may see the link: confirmed participant, managers (focal person of the State,
# UNODC staff); not the waiting list, another State's focal person, an agency contact
# or the public.
SEES = {"anonymous": False, "member": True, "coordinator": False, "focal": True,
        "other_focal": False, "agency": False, "staff": True}


def _reads(client, event) -> dict[str, str]:
    detail = client.get(f"/api/v1/events/{event.pk}/")
    listing = client.get("/api/v1/events/")
    assert detail.status_code == listing.status_code == 200
    return {
        "page": client.get(reverse("events:detail", args=[event.pk])).content.decode(),
        "api detail": detail.content.decode(),
        "api list": listing.content.decode(),
        "event.ics": client.get(reverse("events:ical", args=[event.pk])).content.decode(),
    }


@pytest.mark.parametrize("who", list(SEES))
def test_online_link_only_where_the_policy_allows(client, world, who):
    user = world.users()[who]
    if user:
        client.force_login(user)
    assert policies.can_view_online_link(user or _anonymous(), world.event) is SEES[who]
    reads = _reads(client, world.event)
    wrong = [name for name, body in reads.items() if (LINK in body) is not SEES[who]]
    assert not wrong, f"{who}: {wrong}"
    if not SEES[who]:
        assert client.get(f"/api/v1/events/{world.event.pk}/").json()["online_url"] is None
        assert "the online link is shown to registered participants" in reads["page"]


@pytest.mark.parametrize("who", list(SEES))
def test_the_public_calendar_never_carries_the_link(client, world, who):
    user = world.users()[who]
    if user:
        client.force_login(user)
    feed = client.get(reverse("events:feed")).content.decode()
    assert "Hybrid consultation" in feed and LINK not in feed
    assert "LOCATION:Islamabad" in feed


def test_an_event_without_a_link_has_null_in_the_api(client, world):
    event = open_event(world.party, title="In person only")
    client.force_login(world.staff)
    assert client.get(f"/api/v1/events/{event.pk}/").json()["online_url"] is None


def test_event_list_api_asks_for_registrations_once(client, world,
                                                    django_assert_max_num_queries):
    for _ in range(15):
        RegistrationFactory(event=open_event(world.party, online_url=LINK),
                            user=world.member, organization=world.org)
    client.force_login(world.member)
    with django_assert_max_num_queries(10):
        body = client.get("/api/v1/events/", {"page_size": 50}).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert sum(1 for r in rows if r["online_url"] == LINK) == 16


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
