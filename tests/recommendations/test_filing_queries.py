"""Query budgets: the list, the detail page and the focal person's queue run a fixed
number of queries whatever the number of rows."""

import pytest
from django.test import Client
from django.urls import reverse

from recommendations.models import Comment, CoSignature, Endorsement, FollowUpAction, Theme
from recommendations.services.recommendations import search_vector_refresh
from tests.factories import OrganizationFactory, RecommendationFactory
from tests.recommendations.filing_support import make_world

pytestmark = pytest.mark.django_db


def _recs(w, n):
    themes = list(Theme.objects.all()[:2])
    recs = []
    for i in range(n):
        rec = RecommendationFactory(organization=w.org, party=w.party, title=f"Rec {i}",
                                    reference=f"PKL-2022-{i + 1:04d}")
        rec.instruments.set([w.untoc, w.tip])
        rec.themes.set(themes)
        recs.append(rec)
    search_vector_refresh([r.pk for r in recs])
    return recs


def _decorate(w, rec, n):
    for i in range(n):
        org = OrganizationFactory(country=w.party, name=f"Endorser {rec.pk}-{i}")
        Endorsement.objects.create(recommendation=rec, organization=org)
        CoSignature.objects.create(recommendation=rec, organization=org, status="confirmed")
        Comment.objects.create(recommendation=rec, author=w.other_member, text=f"c{i}")
        action = FollowUpAction.objects.create(party=w.party, title=f"a{i}",
                                               lead_body=w.gov_body)
        action.recommendations.add(rec)


LIST_BUDGET = 18
DETAIL_BUDGET = 30
QUEUE_BUDGET = 12


@pytest.mark.parametrize("n", [2, 25])
@pytest.mark.parametrize("role", ["anonymous", "member", "focal"])
def test_list_budget(django_assert_max_num_queries, n, role):
    w = make_world()
    _recs(w, n)
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(w, role))
    # the filter's stored options are computed by the very first read of an empty store
    # (later by the refresh task): the budget is for the reads that follow
    Client().get(reverse("recommendations:list"))
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(reverse("recommendations:list"), {"q": "Rec"})
    assert response.status_code == 200
    assert response.content.count(b"PKL-2022-") >= min(n, 20)


@pytest.mark.parametrize("n", [1, 12])
@pytest.mark.parametrize("role", ["anonymous", "member", "focal", "staff"])
def test_detail_budget(django_assert_max_num_queries, n, role):
    w = make_world()
    rec = _recs(w, 1)[0]
    _decorate(w, rec, n)
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(w, role))
    with django_assert_max_num_queries(DETAIL_BUDGET):
        response = client.get(reverse("recommendations:detail", args=[rec.pk]))
    assert response.status_code == 200
    assert response.content.count(b"Endorser ") >= n


def test_a_consolidated_draft_names_what_it_was_consolidated_into():
    """The consolidated recommendation is read only for the drafts that have one."""
    w = make_world()
    merged = _recs(w, 1)[0]
    draft = RecommendationFactory(organization=w.org, party=w.party, status="draft",
                                  is_public=False, title="Member draft",
                                  consolidated_into=merged)
    client = Client()
    client.force_login(w.member)
    page = client.get(reverse("recommendations:detail", args=[draft.pk])).content.decode()
    assert "This draft was consolidated into:" in page
    assert reverse("recommendations:detail", args=[merged.pk]) in page
    other = RecommendationFactory(organization=w.org, party=w.party, status="draft",
                                  is_public=False, title="Other draft")
    page = client.get(reverse("recommendations:detail", args=[other.pk])).content.decode()
    assert "This draft was consolidated into:" not in page


@pytest.mark.parametrize("n", [2, 30])
def test_queue_budget(django_assert_max_num_queries, n):
    w = make_world()
    _recs(w, n)
    client = Client()
    client.force_login(w.focal)
    with django_assert_max_num_queries(QUEUE_BUDGET):
        response = client.get(reverse("recommendations:queue"))
    assert response.status_code == 200
    assert response.content.count(b"PKL-2022-") == min(n, 25)
