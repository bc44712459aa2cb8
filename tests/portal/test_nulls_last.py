"""Empty values sort last on every database: PostgreSQL puts NULLs last ascending and
first descending, SQLite first ascending; the portal says where they go."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F

from consultations.models import PilotInitiative
from consultations.selectors.pilots import pilots_visible_to
from portal.api.tokens import api_token_create, api_token_revoke, api_tokens_of
from portal.core.ordering import nulls_last
from tests.api.conftest import token_client
from tests.factories import PartyFactory, PilotFactory, UserFactory
from tests.recommendations.filing_support import make_world

pytestmark = pytest.mark.django_db


def test_only_nullable_fields_get_an_explicit_place_for_nulls():
    ordering = nulls_last(PilotInitiative, ["launched_on", "-launched_on", "title",
                                            "party__name", "-alliance__name", "event_count"])
    assert ordering[0] == F("launched_on").asc(nulls_last=True)
    assert ordering[1] == F("launched_on").desc(nulls_last=True)
    assert ordering[2:4] == ["title", "party__name"]  # NOT NULL: as given
    assert ordering[4] == F("alliance__name").desc(nulls_last=True)  # through a NULL link
    assert ordering[5] == "event_count"  # an annotation: as given


@pytest.fixture
def pilots():
    return [PilotFactory(party=PartyFactory(name=name), title=f"{name} pilot",
                         launched_on=launched)
            for name, launched in (("Beta", None), ("Alpha", dt.date(2024, 1, 1)),
                                   ("Gamma", dt.date(2022, 9, 15)))]


def test_pilots_not_yet_launched_come_last_on_the_pages(pilots):
    assert [p.title for p in pilots_visible_to(None)] == [
        "Gamma pilot", "Alpha pilot", "Beta pilot"]


@pytest.mark.parametrize(("ordering", "expected"), [
    (None, ["Gamma pilot", "Alpha pilot", "Beta pilot"]),
    ("launched_on", ["Gamma pilot", "Alpha pilot", "Beta pilot"]),
    ("-launched_on", ["Alpha pilot", "Gamma pilot", "Beta pilot"]),
])
def test_pilots_not_yet_launched_come_last_in_the_api(pilots, ordering, expected):
    params = {"ordering": ordering} if ordering else {}
    response = token_client(None).get("/api/v1/pilots/", params)
    assert response.status_code == 200
    assert [p["title"] for p in response.json()["results"]] == expected


def test_active_tokens_are_listed_before_revoked_ones(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = UserFactory()
    first, _raw = api_token_create(actor=user, name="first")
    api_token_revoke(actor=user, token=first)
    second, _raw = api_token_create(actor=user, name="second")
    assert [t.name for t in api_tokens_of(user)] == ["second", "first"]


def test_a_members_drafts_follow_the_submitted_recommendations(client):
    world = make_world()
    submitted = world.submitted(title="Submitted first")
    world.draft(title="Still a draft")
    client.force_login(world.member)
    response = client.get(f"/organizations/{world.org.pk}/")
    titles = [r.title for r in response.context["recommendations"]]
    assert titles[0] == submitted.title and titles[-1] == "Still a draft"


def test_undated_reservations_come_after_the_dated_ones():
    from consultations.models import Instrument, Reservation
    from recommendations.selectors.states import state_profile

    party = PartyFactory(iso3="RSV")
    untoc = Instrument.objects.get(code="untoc")
    for text, date in (("Undated", None), ("Later", dt.date(2010, 5, 1)),
                       ("Earlier", dt.date(2004, 1, 2))):
        Reservation.objects.create(party=party, instrument=untoc, kind="declaration",
                                   text=text, date=date)
    body = token_client(None).get(f"/api/v1/parties/{party.pk}/").json()
    assert [r["text"] for r in body["reservations"]] == ["Earlier", "Later", "Undated"]
    [row] = [r for r in state_profile(None, "RSV").treaty if r.instrument == untoc]
    assert [r.text for r in row.reservations] == ["Earlier", "Later", "Undated"]
