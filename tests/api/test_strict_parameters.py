"""Every query parameter of a list is validated strictly, in the kernel (filter backend,
ordering filter, pagination): a value the API would otherwise ignore is a 400 naming
the parameter, never a silent default and never a 500."""

from __future__ import annotations

import pytest

from tests.api.conftest import error_of
from tests.factories import EventFactory

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"/api/v1/events/?pilot={HUGE}", "pilot"),
        (f"/api/v1/invitations/?organization={HUGE}", "organization"),
        ("/api/v1/events/?ordering=bogus", "ordering"),
        ("/api/v1/events/?ordering=title,-nope", "ordering"),
        ("/api/v1/events/?ordering=", "ordering"),
        ("/api/v1/recommendations/?ordering=bogus", "ordering"),
        ("/api/v1/actions/?overdue=junk", "overdue"),
        ("/api/v1/actions/?overdue=1", "overdue"),
        ("/api/v1/recommendations/?status=", "status"),
        ("/api/v1/recommendations/?party=", "party"),
        ("/api/v1/events/?page_size=abc", "page_size"),
        ("/api/v1/events/?page_size=0", "page_size"),
        ("/api/v1/events/?page_size=101", "page_size"),
        (f"/api/v1/events/?page_size={HUGE}", "page_size"),
        ("/api/v1/recommendations/?page_size=-1", "page_size"),
        ("/api/v1/events/?page=abc", "page"),
        ("/api/v1/events/?page=0", "page"),
        ("/api/v1/clusters/?number=0.5", "number"),
        ("/api/v1/parties/?regional_group=", "regional_group"),
        ("/api/v1/dashboard/public/scorecard/?sort=", "sort"),
        ("/api/v1/dashboard/public/scorecard/?dir=", "dir"),
        ("/api/v1/exports/actions.csv?overdue=1", "overdue"),
        ("/api/v1/alliance-memberships/?alliance=abc", "alliance"),
        # a foreign key of a view's filterset_fields is an id like any other: 1 and up
        ("/api/v1/alliance-memberships/?alliance=0", "alliance"),
        ("/api/v1/alliance-memberships/?organization=-5", "organization"),
        (f"/api/v1/alliance-memberships/?organization=-{HUGE}", "organization"),
        ("/api/v1/memberships/?organization=0", "organization"),
        ("/api/v1/join-requests/?organization=-1", "organization"),
    ],
)
def test_bad_parameter_is_a_400_naming_it(world, api, url, field):
    response = api("coordinator").get(url)
    assert response.status_code == 400, response.content
    assert field in error_of(response)["fields"]


def test_action_items_owner_filter_is_bounded(world, api):
    event = EventFactory(party=world.party)
    url = f"/api/v1/events/{event.pk}/action-items/?owner_organization={HUGE}"
    response = api("staff").get(url)
    assert response.status_code == 400
    assert "owner_organization" in error_of(response)["fields"]


def test_unknown_ordering_lists_the_allowed_values(world, api):
    message = error_of(api("anonymous").get("/api/v1/events/?ordering=x"))["fields"]
    assert "-starts_at" in message["ordering"][0] and "title" in message["ordering"][0]


def test_valid_parameters_still_work(world, api):
    EventFactory(party=world.party, title="B")
    EventFactory(party=world.party, title="A")
    response = api("staff").get("/api/v1/events/?ordering=title&page_size=1&page=2")
    assert response.status_code == 200
    assert [e["title"] for e in response.json()["results"]] == ["B"]
    assert api("staff").get("/api/v1/actions/?overdue=true").status_code == 200
    assert api("staff").get("/api/v1/events/?page=last").status_code == 200


def test_schema_lists_allowed_orderings_and_page_size_bounds(client):
    schema = client.get("/api/schema/?format=json").json()
    orderings = page_sizes = 0
    for path in schema["paths"].values():
        for operation in path.values():
            for param in operation.get("parameters", []):
                if param["name"] == "ordering":
                    orderings += 1
                    assert param["schema"]["items"]["enum"], operation["operationId"]
                if param["name"] == "page_size":
                    page_sizes += 1
                    assert param["schema"]["maximum"] == 100
    assert orderings >= 15 and page_sizes >= 15


def test_an_id_that_matches_nothing_is_an_empty_list(world, api):
    for url in (
        "/api/v1/alliance-memberships/?alliance=987654321",
        "/api/v1/join-requests/?organization=987654321",
        "/api/v1/events/?party=987654321",
    ):
        response = api("coordinator").get(url)
        assert response.status_code == 200, (url, response.content)
        assert response.json()["results"] == []


def test_query_enums_offer_no_empty_value(client):
    schema = client.get("/api/schema/?format=json").json()
    for path in schema["paths"].values():
        for operation in path.values():
            for param in operation.get("parameters", []):
                assert "" not in param.get("schema", {}).get("enum", []), param["name"]


def test_parties_and_instruments_by_code_or_id(world, api):
    rec = world.submitted()
    by_id = api("staff").get(f"/api/v1/recommendations/?party={world.party.pk}").json()
    by_code = api("staff").get(f"/api/v1/recommendations/?party={world.party.iso3}").json()
    lower = api("staff").get(f"/api/v1/recommendations/?party={world.party.iso3.lower()}")
    assert by_id["results"] == by_code["results"] == lower.json()["results"]
    assert rec.pk in [r["id"] for r in by_code["results"]]
    instrument = rec.instruments.first()
    by_instrument = api("staff").get(f"/api/v1/recommendations/?instrument={instrument.code}")
    assert rec.pk in [r["id"] for r in by_instrument.json()["results"]]
    nothing = api("staff").get("/api/v1/events/?party=ZZZ")
    assert nothing.status_code == 200 and nothing.json()["results"] == []
    bad = api("staff").get("/api/v1/events/?party=P%20K")
    assert bad.status_code == 400 and "party" in error_of(bad)["fields"]
