"""One representation in and out: reference data with a stable code (State parties,
instruments, themes, SDG targets) is written by its code, as responses show it; ids stay
accepted, and so does the object a response shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from recommendations.models import Recommendation, SdgTarget, Theme
from tests.api.conftest import error_of


def draft(world, **changes) -> dict:
    return {"organization": world.org.pk, "party": world.party.iso3, "title": "By codes",
            "instruments": ["untoc", "tip"], **changes}


def test_a_draft_is_created_by_codes_and_read_back_in_the_same_form(world, api):
    theme = Theme.objects.create(name="Cyber", slug="cyber")
    target = SdgTarget.objects.get(code="16.4")
    response = api("member").post("/api/v1/recommendations/", draft(
        world, party=world.party.iso3.lower(), themes=["cyber"], sdg_targets=["16.4"]),
        format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["party"]["iso3"] == world.party.iso3
    assert sorted(body["instruments"]) == ["tip", "untoc"]
    rec = Recommendation.objects.get(pk=body["id"])
    assert rec.party == world.party
    assert list(rec.themes.all()) == [theme] and list(rec.sdg_targets.all()) == [target]
    # what the response shows goes back in unchanged
    again = api("member").patch(f"/api/v1/recommendations/{rec.pk}/",
                                {"party": body["party"], "instruments": body["instruments"]},
                                format="json")
    assert again.status_code == 200, again.json()
    assert sorted(again.json()["instruments"]) == ["tip", "untoc"]


def test_ids_are_still_accepted(world, api):
    response = api("member").post("/api/v1/recommendations/", draft(
        world, party=world.party.pk, instruments=[world.untoc.pk, str(world.tip.pk)]),
        format="json")
    assert response.status_code == 201, response.json()
    assert sorted(response.json()["instruments"]) == ["tip", "untoc"]


@pytest.mark.parametrize("field, value", [
    ("party", "ZZZ"),  # well formed, names nothing
    ("party", "P-K"),  # malformed
    ("party", True),
    ("party", 2**64),  # beyond any id
    ("party", {"name": "Pakistan"}),  # an object without its code or id
    ("instruments", ["no-such-treaty"]),
])
def test_a_bad_code_is_a_400_naming_the_field(world, api, field, value):
    response = api("member").post("/api/v1/recommendations/", draft(world, **{field: value}),
                                  format="json")
    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert "%(" not in str(error_of(response)["fields"][field])
    assert not Recommendation.objects.filter(title="By codes").exists()


def test_events_actions_and_organizations_take_the_state_by_its_code(world, api):
    start = timezone.now() + dt.timedelta(days=30)
    event = api("staff").post("/api/v1/events/", {
        "kind": "workshop", "title": "By code", "party": world.party.iso3,
        "starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(hours=3)).isoformat(),
        "venue": "Islamabad"}, format="json")
    assert event.status_code == 201, event.json()
    assert event.json()["party"]["iso3"] == world.party.iso3
    action = api("focal").post("/api/v1/actions/", {
        "party": world.party.iso3, "title": "By code", "recommendations": [],
        "status": "planned", "percent": 0}, format="json")
    assert action.status_code == 201, action.json()
    assert action.json()["party"]["iso3"] == world.party.iso3
    org = api("member").post("/api/v1/organizations/", {
        "name": "Coded NGO", "category": "civil_society", "country": world.party.iso3},
        format="json")
    assert org.status_code == 201, org.json()
    assert org.json()["country"]["iso3"] == world.party.iso3


def test_similar_takes_the_state_by_its_code(world, api):
    world.submitted(title="Cybercrime training for judges")
    rows = api("member").get("/api/v1/recommendations/similar/",
                             {"party": world.party.iso3, "title": "Cybercrime training"})
    assert rows.status_code == 200, rows.json()
    by_id = api("member").get("/api/v1/recommendations/similar/",
                              {"party": world.party.pk, "title": "Cybercrime training"})
    assert rows.json() == by_id.json()
