"""Pilot initiatives and their roadmap through the API, as on the web: public to read;
changed by UNODC staff and the State's focal persons (others: 403); started by UNODC
staff (as in the admin); anonymous writes are 401; bad input is a 400."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.models import Event, Milestone, PilotInitiative
from portal.core.models import DomainEvent
from tests.api.conftest import ROLES, error_of, token_client
from tests.factories import EventFactory, OrganizationFactory, PartyFactory, PilotFactory

pytestmark = pytest.mark.django_db

MANAGERS = {"focal", "staff"}


def call(client, method: str, url: str, data=None):
    response = (getattr(client, method)(url) if data is None
                else getattr(client, method)(url, data, format="json"))
    assert response.status_code < 500, (method, url, response.content[:500])
    if response.status_code >= 400:
        error_of(response)
    return response


def statuses(api, method: str, url: str, data=None, roles=ROLES) -> dict[str, int]:
    return {role: call(api(role), method, url, data() if callable(data) else data
                       ).status_code for role in roles}


def managers_only(ok: int, managers=MANAGERS) -> dict[str, int]:
    return {role: 401 if role == "anonymous" else ok if role in managers else 403
            for role in ROLES}


@pytest.fixture
def pilot(world):
    alliance = world.alliance
    pilot = PilotFactory(party=world.party, title="Pakistan pilot", alliance=alliance,
                         focal_person=world.focal, unodc_contact=world.staff,
                         summary="Launched in Islamabad.")
    Milestone.objects.create(pilot=pilot, title="Launch", due_on=dt.date(2022, 9, 15),
                             status="done")
    Milestone.objects.create(pilot=pilot, title="Dialogue", due_on=dt.date(2023, 3, 1))
    EventFactory(party=world.party, pilot=pilot, status=Event.Status.HELD)
    return pilot


def test_pilots_are_public(world, api, pilot):
    other = PilotFactory(party=world.other_party, title="Mexico pilot",
                         status=PilotInitiative.Status.PREPARING, launched_on=None)
    assert set(statuses(api, "get", "/api/v1/pilots/").values()) == {200}
    assert set(statuses(api, "get", f"/api/v1/pilots/{pilot.pk}/").values()) == {200}
    body = api("anonymous").get(f"/api/v1/pilots/{pilot.pk}/").json()
    assert body["title"] == "Pakistan pilot" and body["event_count"] == 1
    assert body["party"] == {"id": world.party.pk, "name": world.party.name, "iso3": "PKL"}
    assert body["alliance"]["id"] == world.alliance.pk
    # the people rule: the public sees the focal person only if they chose to be named
    assert body["focal_person"] is None and "email" not in body
    official = api("focal").get(f"/api/v1/pilots/{pilot.pk}/").json()
    assert official["focal_person"] == {"id": world.focal.pk, "name": world.focal.full_name}
    assert [m["title"] for m in body["milestones"]] == ["Launch", "Dialogue"]
    listed = api("member").get("/api/v1/pilots/").json()
    assert [p["title"] for p in listed["results"]] == ["Pakistan pilot", "Mexico pilot"]
    assert call(api("member"), "get", "/api/v1/pilots/999999/").status_code == 404
    assert other.pk


def test_pilot_filters(world, api, pilot):
    PilotFactory(party=world.other_party, title="Mexico pilot",
                 status=PilotInitiative.Status.PREPARING, launched_on=dt.date(2024, 1, 1))

    def titles(**params):
        response = call(api("member"), "get", "/api/v1/pilots/", params)
        assert response.status_code == 200, response.content
        return [p["title"] for p in response.json()["results"]]

    assert titles(party=world.party.pk) == ["Pakistan pilot"]
    assert titles(status="preparing") == ["Mexico pilot"]
    assert titles(alliance=world.alliance.pk) == ["Pakistan pilot"]
    assert titles(q="mexico") == ["Mexico pilot"]
    assert titles(launched_after="2023-01-01") == ["Mexico pilot"]
    assert titles(launched_before="2023-01-01") == ["Pakistan pilot"]
    assert titles(ordering="-launched_on") == ["Mexico pilot", "Pakistan pilot"]
    for bad in ({"status": "secret"}, {"party": "x"}, {"launched_after": "soon"}):
        assert call(api("member"), "get", "/api/v1/pilots/", bad).status_code == 400


def test_create_unodc_staff_only(world, api):
    def data():
        return {"party": world.other_party.pk, "title": f"Pilot {PartyFactory().pk}",
                "status": "preparing", "unodc_contact": world.staff.pk,
                "focal_person": world.other_focal.pk}

    assert statuses(api, "post", "/api/v1/pilots/", data) == managers_only(201, {"staff"})
    pilot = PilotInitiative.objects.get()
    assert pilot.party == world.other_party and pilot.focal_person == world.other_focal
    assert DomainEvent.objects.filter(kind="pilot.created").count() == 1


@pytest.mark.parametrize("make, field", [
    (lambda w: {"title": "No State"}, "party"),
    (lambda w: {"party": 999999, "title": "Unknown State"}, "party"),
    (lambda w: {"party": "P-K", "title": "Neither an id nor a code"}, "party"),
    (lambda w: {"party": w.party.pk, "title": "x" * 201}, "title"),
    (lambda w: {"party": w.party.pk, "title": "A", "status": "secret"}, "status"),
    (lambda w: {"party": w.party.pk, "title": "A", "launched_on": "2022-13-45"},
     "launched_on"),
    (lambda w: {"party": w.party.pk, "title": "A", "alliance": w.org.pk}, "alliance"),
    (lambda w: {"party": w.party.pk, "title": "A", "unodc_contact": w.member.pk},
     "unodc_contact"),
    # a focal person of another State, or somebody who is no focal person at all
    (lambda w: {"party": w.party.pk, "title": "A", "focal_person": w.other_focal.pk},
     "focal_person"),
    (lambda w: {"party": w.party.pk, "title": "A", "focal_person": w.member.pk},
     "focal_person"),
])
def test_create_bad_input_is_400(world, api, make, field):
    response = call(api("staff"), "post", "/api/v1/pilots/", make(world))
    assert response.status_code == 400, response.content
    assert field in error_of(response)["fields"], error_of(response)
    assert not PilotInitiative.objects.exists()


def test_update_the_states_focal_persons_and_staff(world, api, pilot):
    url = f"/api/v1/pilots/{pilot.pk}/"
    assert statuses(api, "patch", url, {"status": "follow_up"}) == managers_only(200)
    response = call(api("focal"), "patch", url, {"summary": "In follow-up since 2023.",
                                                 "focal_person": world.second_focal.pk,
                                                 "alliance": None})
    body = response.json()
    assert body["status"] == "follow_up" and body["summary"] == "In follow-up since 2023."
    assert body["focal_person"]["id"] == world.second_focal.pk and body["alliance"] is None
    assert body["title"] == "Pakistan pilot"  # untouched
    # the State of a pilot does not change; the same State may be sent back
    response = call(api("staff"), "patch", url, {"party": world.other_party.pk})
    assert response.status_code == 400 and "party" in error_of(response)["fields"]
    assert call(api("staff"), "patch", url, {"party": world.party.pk}).status_code == 200
    for data, field in (({"focal_person": world.other_focal.pk}, "focal_person"),
                        ({"title": ""}, "title"), ({"status": "paused"}, "status"),
                        ({"unodc_contact": world.focal.pk}, "unodc_contact")):
        response = call(api("focal"), "patch", url, data)
        assert response.status_code == 400 and field in error_of(response)["fields"], data
    assert call(api("staff"), "patch", "/api/v1/pilots/999999/",
                {"status": "launched"}).status_code == 404


def test_milestones_roadmap(world, api, pilot):
    url = f"/api/v1/pilots/{pilot.pk}/milestones/"
    assert set(statuses(api, "get", url).values()) == {200}
    assert [m["title"] for m in api("anonymous").get(url).json()["results"]] == [
        "Launch", "Dialogue"]
    assert [m["title"] for m in api("anonymous").get(url, {"status": "done"}).json()[
        "results"]] == ["Launch"]
    data = {"title": "Follow-up conference", "due_on": "2024-05-01"}
    assert statuses(api, "post", url, data) == managers_only(201)
    body = call(api("focal"), "post", url, {"title": "Report", "due_on": "2025-01-01",
                                            "status": "dropped"}).json()
    assert body["pilot"] == pilot.pk and body["status"] == "dropped"
    item_url = f"{url}{body['id']}/"
    assert set(statuses(api, "get", item_url).values()) == {200}
    assert statuses(api, "patch", item_url, {"status": "done"}) == managers_only(200)
    response = call(api("staff"), "patch", item_url, {"title": "Annual report"})
    assert response.json() == {"id": body["id"], "pilot": pilot.pk, "title": "Annual report",
                               "due_on": "2025-01-01", "status": "done"}
    for data, field in (({"title": "No date"}, "due_on"),
                        ({"title": "Bad", "due_on": "2025-01-01", "status": "late"}, "status"),
                        ({"title": "", "due_on": "2025-01-01"}, "title")):
        response = call(api("focal"), "post", url, data)
        assert response.status_code == 400 and field in error_of(response)["fields"]
    # a milestone is found only under its own pilot
    other = PilotFactory(party=world.party, title="Another pilot")
    assert call(api("staff"), "patch", f"/api/v1/pilots/{other.pk}/milestones/{body['id']}/",
                {"status": "done"}).status_code == 404
    assert call(api("member"), "get", "/api/v1/pilots/999999/milestones/").status_code \
        == 404
    assert call(api("staff"), "post", "/api/v1/pilots/999999/milestones/",
                data).status_code == 404


# --- query budgets --------------------------------------------------------------------------


def _grow(world, pilot, n: int) -> None:
    for i in range(n):
        party = PartyFactory()
        PilotFactory(party=party, alliance=OrganizationFactory(country=party,
                                                               is_alliance=True),
                     focal_person=world.focal, unodc_contact=world.staff)
        Milestone.objects.create(pilot=pilot, title=f"Step {i}",
                                 due_on=dt.date(2023, 1, 1) + dt.timedelta(days=i))
        EventFactory(party=world.party, pilot=pilot)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path, bound", [
    ("/api/v1/pilots/", 6),
    ("/api/v1/pilots/{pilot}/", 5),
    ("/api/v1/pilots/{pilot}/milestones/", 6),
])
def test_query_budget_does_not_grow(world, pilot, settings, path, bound,
                                    django_assert_max_num_queries):
    settings.API_TOKEN_TOUCH_SECONDS = 24 * 3600
    client = token_client(world.user("member"))
    url = path.format(pilot=pilot.pk)
    _grow(world, pilot, 2)
    client.get("/api/v1/me/")
    few = _count(client, url)
    assert few <= bound
    _grow(world, pilot, 12)
    with django_assert_max_num_queries(few):
        response = client.get(url + "?page_size=100")
    assert response.status_code == 200
