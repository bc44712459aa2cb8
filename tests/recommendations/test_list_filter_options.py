"""The list's filter options are stored read models: a request reads them and never
computes them (but for the very first read); a change makes them stale, the worker's
refresh (enqueued once per window after the commit) brings them up to date. The rows
and the count of the list itself follow every change on the next request."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from portal.core.cache import data_generation_bump
from portal.core.models import ReadModel
from portal.core.read_models import read_models_refresh
from recommendations.selectors.filter_options import FILTER_OPTIONS, STATE_FILTER_OPTIONS
from recommendations.services.recommendations import recommendation_publish
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    RecommendationFactory,
)
from tests.recommendations.test_list_filters import _options

pytestmark = pytest.mark.django_db


def _page(query=None) -> str:
    return Client().get(reverse("recommendations:list"), query or {}).content.decode()


@pytest.fixture
def world():
    home = PartyFactory(name="Homeland")
    near = OrganizationFactory(country=home, name="Near Centre")
    talk = EventFactory(party=home, title="Home dialogue")
    RecommendationFactory(
        organization=near,
        party=home,
        event=talk,
        is_public=True,
        status="submitted",
        title="Already public",
    )
    return home, near, talk


def test_a_publication_is_listed_at_once_and_offered_after_the_refresh(
    world, django_capture_on_commit_callbacks, enqueued
):
    home, near, _talk = world
    assert _options(_page(), "party") == ["Any", "Homeland"]
    assert _options(_page({"party": home.pk}), "organization") == ["Any", "Near Centre"]
    assert ReadModel.objects.filter(key__startswith=STATE_FILTER_OPTIONS).count() == 1
    away = PartyFactory(name="Awayland")
    far = OrganizationFactory(country=away, name="Far Forum")
    coordinator = MembershipFactory(organization=far, role="coordinator").user
    rec = RecommendationFactory(
        organization=far, party=away, status="submitted", is_public=False, title="Newly public"
    )
    with django_capture_on_commit_callbacks(execute=True):
        recommendation_publish(actor=coordinator, recommendation=rec)
    assert enqueued == [10]  # the refresh, once the change committed
    page = _page()
    # the rows and the count follow the change on the next request...
    assert "Newly public" in page and "2 recommendations" in page
    # ...the options when the worker has refreshed them (served as they were meanwhile)
    assert _options(page, "party") == ["Any", "Homeland"]
    assert "Newly public" in _page({"party": away.pk})  # an id in the address filters
    assert read_models_refresh() >= 1
    assert _options(_page(), "party") == ["Any", "Awayland", "Homeland"]
    assert _options(_page({"party": away.pk}), "organization") == ["Any", "Far Forum"]


def test_a_states_organizations_and_events_follow_after_the_refresh(world, enqueued):
    home, near, talk = world
    assert _options(_page({"party": home.pk}), "event") == ["Any", "Home dialogue"]
    other = OrganizationFactory(country=home, name="Other Collective")
    meeting = EventFactory(party=home, title="Another meeting")
    RecommendationFactory(
        organization=other, party=home, event=meeting, is_public=True, status="submitted"
    )
    data_generation_bump()  # what the domain event of a change made by the services does
    read_models_refresh()
    page = _page({"party": home.pk})
    assert _options(page, "organization") == ["Any", "Near Centre", "Other Collective"]
    assert _options(page, "event") == ["Any", "Another meeting", "Home dialogue"]


def test_a_reference_change_schedules_the_refresh(
    world, django_capture_on_commit_callbacks, enqueued
):
    from recommendations.models import Theme

    theme = Theme.objects.order_by("pk").first()
    _page()
    with django_capture_on_commit_callbacks(execute=True):
        theme.name = "Renamed theme for the filter"
        theme.save()
    assert enqueued == [10]  # without waiting for a reader to find the options stale
    assert "Renamed theme for the filter" not in _page()
    read_models_refresh()
    assert "Renamed theme for the filter" in _page()


def test_options_are_stored_per_language(world):
    pages = {
        language: Client()
        .get(reverse("recommendations:list"), HTTP_ACCEPT_LANGUAGE=language)
        .content.decode()
        for language in ("en", "fr")
    }
    assert _options(pages["en"], "party")[0] == "Any"
    assert _options(pages["fr"], "party")[0] == "Tous"
    keys = ReadModel.objects.filter(key__startswith=FILTER_OPTIONS + ":")
    assert sorted(keys.values_list("key", flat=True)) == [
        f'{FILTER_OPTIONS}:{{"language":"en"}}',
        f'{FILTER_OPTIONS}:{{"language":"fr"}}',
    ]


def test_an_id_the_state_filter_does_not_offer_stores_nothing(world):
    home, _near, _talk = world
    quiet = PartyFactory(name="Quietland")  # no public recommendation
    for party in (quiet.pk, 999_999_999, "x"):
        page = _page({"party": party})
        assert _options(page, "organization") == ["Any"]
    assert not ReadModel.objects.filter(key__startswith=STATE_FILTER_OPTIONS).exists()
