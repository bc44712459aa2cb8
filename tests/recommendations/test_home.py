import pytest
from django.core.cache import cache
from django.urls import reverse

from recommendations.models import Recommendation
from tests.factories import EventFactory, PilotFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def _pilot_with_data(n_recs: int):
    pilot = PilotFactory()
    EventFactory(pilot=pilot, party=pilot.party, title=f"Launch in {pilot.party.name}")
    RecommendationFactory.create_batch(n_recs, organization__country=pilot.party)
    RecommendationFactory(organization__country=pilot.party,
                          status=Recommendation.Status.DRAFT, is_public=False)
    return pilot


def test_home_shows_pilots_with_latest_event_and_counts(client):
    pilot = _pilot_with_data(3)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert pilot.party.name in html
    assert f"Launch in {pilot.party.name}" in html
    summary = response.context["pilots"][0]
    assert summary.counts == {"submitted": 3}  # the draft is not counted
    assert summary.total == 3


def test_home_query_count_does_not_grow_with_pilots(client, django_assert_max_num_queries):
    _pilot_with_data(1)
    with django_assert_max_num_queries(4):
        client.get(reverse("home"))
    for _ in range(6):
        _pilot_with_data(4)
    cache.clear()  # factories write no domain event: drop the cached overview by hand
    with django_assert_max_num_queries(4):
        response = client.get(reverse("home"))
    assert len(response.context["pilots"]) == 7


def test_home_page_structure_is_accessible(client):
    _pilot_with_data(1)
    html = client.get(reverse("home")).content.decode()
    assert html.count("<h1") == 1
    assert '<html lang="en"' in html
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    assert "<nav" in html and "<footer" in html


def test_health_reports_database_and_worker(client):
    data = client.get(reverse("health")).json()
    assert data["database"] == "ok"
    assert data["worker"] == "stale"
