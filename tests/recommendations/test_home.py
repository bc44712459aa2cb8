import pytest
from django.core.cache import cache
from django.urls import reverse

from portal.core.models import ReadModel
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
    client.get(reverse("home"))  # the very first read computes the stored counts
    with django_assert_max_num_queries(4):
        client.get(reverse("home"))
    for _ in range(6):
        _pilot_with_data(4)
    # factories write no domain event: drop the cached overview and the stored counts by
    # hand (the first read computes them again)
    cache.clear()
    ReadModel.objects.all().delete()
    client.get(reverse("home"))
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


def _restricted_world():
    """A pilot State with 3 public recommendations, 2 restricted (not public) and a
    draft; the staff member and the State's focal person may see the restricted ones."""
    from tests.factories import FocalPersonFactory, UserFactory

    pilot = _pilot_with_data(3)
    RecommendationFactory.create_batch(2, organization__country=pilot.party,
                                       is_public=False)
    return pilot, {"staff": UserFactory(is_unodc_staff=True),
                   "focal": FocalPersonFactory(party=pilot.party).user,
                   "stranger": UserFactory()}


def test_anonymous_home_counts_public_recommendations_only(client):
    _restricted_world()
    response = client.get(reverse("home"))
    summary = response.context["pilots"][0]
    assert summary.counts == {"submitted": 3} and summary.total == 3
    # the same number as the public dashboard
    dashboard = client.get(reverse("dashboard:public")).context["d"]
    assert dashboard.recommendations_total == 3


@pytest.mark.parametrize("who, total", [("stranger", 3), ("focal", 5), ("staff", 5)])
def test_home_counts_what_the_user_may_see_and_never_shares_a_cache(client, who, total):
    _pilot, users = _restricted_world()
    client.get(reverse("home"))  # the public counts are cached first
    client.force_login(users[who])
    assert client.get(reverse("home")).context["pilots"][0].total == total
    client.logout()
    assert client.get(reverse("home")).context["pilots"][0].total == 3
