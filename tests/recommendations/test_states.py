"""Per-State public pages: treaty status, events, recommendations and implementation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from consultations.models import Event, TreatyAction
from consultations.reference import load_reference
from recommendations.models import Response
from tests.factories import EventFactory, FollowUpActionFactory, PilotFactory, RecommendationFactory
from tests.recommendations.followup_support import fast_passwords, make_world  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


@pytest.fixture
def world():
    load_reference()
    w = make_world()
    from consultations.models import Instrument

    TreatyAction.objects.create(party=w.party, instrument=Instrument.objects.get(code="untoc"),
                                kind="ratification", date=dt.date(2010, 1, 13))
    EventFactory(party=w.party, title="Launch of the Testistan pilot",
                 status=Event.Status.HELD)
    EventFactory(party=w.party, title="Draft event", status=Event.Status.DRAFT)
    PilotFactory(party=w.party)
    return w


def test_state_page_for_the_public(client, world):
    Response.objects.create(recommendation=world.public_rec, position="supported")
    response = client.get(reverse("states:detail", args=["tst"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "Testistan" in html
    assert "Ratification" in html and "13 Jan 2010" in html
    assert "Launch of the Testistan pilot" in html and "Draft event" not in html
    assert "TST-1" in html and "TST-2" not in html
    assert "Public action" in html and "Private action" not in html
    assert "Supported" in html
    assert 'role="img"' in html and "<desc id=" in html
    profile = response.context["profile"]
    assert {r.reference for r in profile.recommendations} == {"TST-1"}
    counts = {s: n for s, _label, n in profile.action_counts}
    assert counts["in_progress"] == 1 and sum(counts.values()) == 1


@pytest.mark.parametrize("who, sees_private", [("anonymous", False), ("outsider", False),
                                               ("member", True), ("focal", True),
                                               ("staff", True)])
def test_state_page_shows_what_the_user_may_see(client, world, who, sees_private):
    user = world.users()[who]
    if user:
        client.force_login(user)
    html = client.get(reverse("states:detail", args=["TST"])).content.decode()
    assert ("Private action" in html) is sees_private
    assert ("TST-2" in html) is sees_private


def test_unknown_state_is_404(client, world):
    assert client.get(reverse("states:detail", args=["ZZZ"])).status_code == 404


def test_state_list(client, world):
    response = client.get(reverse("states:list"))
    assert response.status_code == 200
    assert "Testistan" in response.content.decode()


def test_state_page_query_budget(client, world, django_assert_max_num_queries):
    # 13: the answers are read through responses_visible_to (one prefetch query)
    with django_assert_max_num_queries(13):
        client.get(reverse("states:detail", args=["TST"]))
    for i in range(25):
        rec = RecommendationFactory(organization=world.alliance)
        Response.objects.create(recommendation=rec, position="noted")
        FollowUpActionFactory(party=world.party, recommendations=[rec],
                              lead_body=world.agency)
        EventFactory(party=world.party, status=Event.Status.HELD, title=f"Event {i}")
    with django_assert_max_num_queries(13):
        response = client.get(reverse("states:detail", args=["TST"]))
    assert len(response.context["profile"].recommendations) == 26
    with django_assert_max_num_queries(12):
        client.get(reverse("states:list"))
