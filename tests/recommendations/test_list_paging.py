"""The recommendation list at any size: a page reads its rows in the default order, its
endorsement counts are those of the rows shown, the count stops at a cap ("more than
...") and so do the pages; the number of queries does not grow with the data."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Endorsement, Recommendation
from tests.factories import OrganizationFactory, RecommendationFactory
from tests.recommendations.filing_support import make_world

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 9  # anonymous: count, rows, instruments, themes, translations, options


def _recs(w, n, **kwargs):
    start = timezone.now() - dt.timedelta(days=n)
    return [RecommendationFactory(organization=w.org, party=w.party, title=f"Listed {i}",
                                  reference=f"PKL-2022-{i + 1:04d}",
                                  submitted_at=start + dt.timedelta(days=i), **kwargs)
            for i in range(n)]


def _titles(response) -> list[str]:
    return [rec.title for rec in response.context["page"].object_list]


@pytest.mark.parametrize("query", [{}, {"status": "responded"}, {"page": "2"}])
@pytest.mark.parametrize("n", [3, 45])
def test_list_pages_run_the_same_queries_at_any_size(django_assert_max_num_queries,
                                                     query, n):
    w = make_world()
    _recs(w, n, status=Recommendation.Status.RESPONDED)
    Client().get(reverse("recommendations:list"))  # the filter form's options stored
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = Client().get(reverse("recommendations:list"), query)
    assert response.status_code == 200
    assert response.context["page"].object_list


def test_newest_first_with_the_endorsements_of_each_row():
    w = make_world()
    recs = _recs(w, 25)
    draft = RecommendationFactory(organization=w.org, party=w.party, title="Draft",
                                  status=Recommendation.Status.DRAFT, submitted_at=None,
                                  is_public=False)
    for _i in range(3):
        Endorsement.objects.create(recommendation=recs[-1],
                                   organization=OrganizationFactory(country=w.party))
    Endorsement.objects.create(recommendation=recs[-2],
                               organization=OrganizationFactory(country=w.party))
    response = Client().get(reverse("recommendations:list"))
    rows = response.context["page"].object_list
    assert _titles(response) == [f"Listed {i}" for i in range(24, 4, -1)]
    assert [r.endorsement_count for r in rows[:3]] == [3, 1, 0]
    assert draft.title not in _titles(response)
    second = Client().get(reverse("recommendations:list"), {"page": 2})
    assert _titles(second) == [f"Listed {i}" for i in range(4, -1, -1)]
    assert b"25 recommendations" in response.content


def test_status_filter_keeps_the_order():
    w = make_world()
    recs = _recs(w, 6)
    for rec in recs[::2]:
        Recommendation.objects.filter(pk=rec.pk).update(status="responded")
    response = Client().get(reverse("recommendations:list"), {"status": "responded"})
    assert _titles(response) == ["Listed 4", "Listed 2", "Listed 0"]


def test_count_and_pages_stop_at_the_cap(settings):
    settings.LIST_COUNT_CAP = 30
    w = make_world()
    _recs(w, 45)
    response = Client().get(reverse("recommendations:list"))
    page = response.context["page"]
    assert page.paginator.capped and page.paginator.count == 30
    assert page.paginator.num_pages == 2
    assert b"More than 30 recommendations" in response.content
    assert b'id="list-capped"' not in response.content  # not on the last page yet
    # a page past the cap is the last page within it, which says what is left out
    last = Client().get(reverse("recommendations:list"), {"page": 3})
    assert last.context["page"].number == 2
    assert _titles(last) == [f"Listed {i}" for i in range(24, 14, -1)]
    assert b'id="list-capped"' in last.content
    exact = Client().get(reverse("recommendations:list"), {"status": "draft"})
    assert not exact.context["page"].paginator.capped


def test_what_a_member_sees_is_paged_the_same_way(settings):
    settings.LIST_COUNT_CAP = 30
    w = make_world()
    _recs(w, 3)
    draft = RecommendationFactory(organization=w.org, party=w.party, title="Our draft",
                                  status=Recommendation.Status.DRAFT, submitted_at=None,
                                  is_public=False)
    client = Client()
    client.force_login(w.member)
    response = client.get(reverse("recommendations:list"))
    assert _titles(response) == ["Listed 2", "Listed 1", "Listed 0", draft.title]
    assert Client().get(reverse("recommendations:list")).context[
        "page"].paginator.count == 3


def test_filter_options_are_read_not_computed_and_follow_reference_changes(
        django_assert_max_num_queries):
    from portal.core.read_models import read_models_refresh
    from recommendations.models import Theme

    w = make_world()
    rec = _recs(w, 1)[0]
    theme = Theme.objects.order_by("pk").first()
    rec.themes.add(theme)
    url = reverse("recommendations:list")
    query = {"theme": theme.pk, "party": w.party.pk}
    Client().get(url, query)  # the very first read of the stored options computes them
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = Client().get(url, query)
    html = response.content.decode()
    assert f'<option value="{theme.pk}" selected>' in html
    assert f'<option value="{w.party.pk}" selected>' in html
    assert f'<option value="{w.org.pk}">{w.org.name}</option>' in html  # the State's
    theme.name = "Renamed theme for the filter"
    theme.save()
    read_models_refresh()  # the worker, after the change
    assert "Renamed theme for the filter" in Client().get(url).content.decode()


def test_a_search_ranks_counts_and_orders_its_window_in_one_statement(settings, postgres):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from recommendations.services.recommendations import search_vector_refresh

    settings.SEARCH_RANK_WINDOW = 30
    w = make_world()
    recs = _recs(w, 45)
    search_vector_refresh([r.pk for r in recs])
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get(reverse("recommendations:list"), {"q": "Listed"})
    searches = [q["sql"] for q in ctx.captured_queries if "@@" in q["sql"]]
    assert len(searches) == 1
    page = response.context["page"]
    assert page.paginator.count == 30 and len(page.object_list) == 20
    assert {r.title for r in page.object_list} <= {f"Listed {i}" for i in range(15, 45)}
    assert 'id="search-window"' in response.content.decode()
