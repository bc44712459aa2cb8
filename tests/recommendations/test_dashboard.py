"""The dashboard and the scorecard: every number compared with a count computed here, in
plain Python over the rows; the public version counts public rows only; query budgets."""

from __future__ import annotations

import datetime as dt
import re
import statistics

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Cluster, Instrument
from recommendations.models import (
    ActionStatus,
    Assessment,
    FollowUpAction,
    Recommendation,
    Theme,
    Validation,
)
from recommendations.selectors.dashboard import dashboard, scorecard
from tests.factories import (
    FollowUpActionFactory,
    OrganizationFactory,
    PartyFactory,
    PilotFactory,
    RecommendationFactory,
    UserFactory,
)
from tests.recommendations.followup_support import fast_passwords  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

S = Recommendation.Status


def _build(n: int):
    """Recommendations and actions for two States, in every status, public or not."""
    from consultations.reference import load_reference
    from recommendations.reference import load_taxonomies

    load_reference()
    load_taxonomies()
    instruments = list(Instrument.objects.all())
    clusters = list(Cluster.objects.all())
    themes = list(Theme.objects.all())
    today = timezone.localdate()
    now = timezone.now()
    parties = []
    for code, name in [("AAA", "Alphaland"), ("BBB", "Betaland")]:
        party = PartyFactory(iso3=code, name=name)
        PilotFactory(party=party)
        parties.append(party)
    statuses = [S.DRAFT, S.SUBMITTED, S.UNDER_CONSIDERATION, S.RESPONDED, S.WITHDRAWN]
    action_statuses = ActionStatus.values
    for i in range(n):
        party = parties[i % 2]
        org = OrganizationFactory(country=party)
        status = statuses[i % len(statuses)]
        submitted = now - dt.timedelta(days=200 - i)
        rec = RecommendationFactory(
            organization=org, status=status, is_public=i % 3 != 0,
            submitted_at=None if status == S.DRAFT else submitted,
            response_due_on=(today + dt.timedelta(days=(-10 if i % 4 else 10))),
            responded_at=submitted + dt.timedelta(days=3 + 7 * i, hours=i)
            if status == S.RESPONDED else None,
            cluster=clusters[i % len(clusters)] if i % 5 else None)
        rec.instruments.set(instruments[: 1 + i % len(instruments)])
        rec.themes.set(themes[i % len(themes): i % len(themes) + 2])
        if status == S.DRAFT:
            continue
        action = FollowUpActionFactory(
            party=party, status=action_statuses[i % len(action_statuses)],
            percent=(i * 13) % 101,
            due_on=today + dt.timedelta(days=(-5 if i % 2 else 30)),
            recommendations=[rec])
        if i % 4 == 1:
            Assessment.objects.create(action=action, organization=org,
                                      verdict="disagree" if i % 8 == 1 else "agree")
        if i % 3 == 2:
            Validation.objects.create(action=action, status=ActionStatus.IMPLEMENTED,
                                      percent=100)
    # An action serving no recommendation: never public.
    FollowUpActionFactory(party=parties[0], status=ActionStatus.PLANNED, recommendations=[])
    return parties


def _expected(public: bool, party=None) -> dict:
    """The dashboard recomputed in plain Python over model instances."""
    today = timezone.localdate()
    recs = [r for r in Recommendation.objects.all()
            if r.status != S.DRAFT and (r.is_public or not public)
            and (party is None or r.party_id == party.pk)]
    responded = [r for r in recs if r.status == S.RESPONDED]
    awaiting = [r for r in recs if r.status in (S.SUBMITTED, S.UNDER_CONSIDERATION)]
    actions = []
    for a in FollowUpAction.objects.all():
        served = list(a.recommendations.all())
        is_public = bool(served) and all(r.is_public and r.status != S.DRAFT for r in served)
        if (is_public or not public) and (party is None or a.party_id == party.pk):
            actions.append(a)
    by_instrument = {}
    for inst in Instrument.objects.all():
        by_instrument[inst.code] = sum(1 for r in recs if inst in r.instruments.all())
    by_theme = {t.slug: sum(1 for r in recs if t in r.themes.all())
                for t in Theme.objects.all()}
    by_cluster = {str(c.number): sum(1 for r in recs if r.cluster_id == c.pk)
                  for c in Cluster.objects.all()}
    days = [(r.responded_at - r.submitted_at).total_seconds() / 86400 for r in responded]
    implemented = [a for a in actions if a.status == ActionStatus.IMPLEMENTED]

    def disagrees(a):
        validation = Validation.objects.filter(action=a).first()
        return (Assessment.objects.filter(action=a, verdict="disagree").exists()
                or (validation is not None and validation.status != a.status))
    return {
        "total": len(recs),
        "by_status": {s: sum(1 for r in recs if r.status == s) for s in S.values
                      if s != S.DRAFT},
        "by_instrument": by_instrument, "by_theme": by_theme, "by_cluster": by_cluster,
        "responded": len(responded),
        "response_rate": round(100 * len(responded) / (len(responded) + len(awaiting)), 1)
        if responded or awaiting else None,
        "median": round(statistics.median(days), 1) if days else None,
        "overdue_responses": sum(1 for r in awaiting if r.response_due_on
                                 and r.response_due_on < today),
        "actions": len(actions),
        "actions_by_status": {s: sum(1 for a in actions if a.status == s)
                              for s in ActionStatus.values},
        "overdue_actions": sum(1 for a in actions if a.due_on and a.due_on < today
                               and a.status != ActionStatus.IMPLEMENTED),
        "implementation_share": round(100 * len(implemented) / len(actions), 1)
        if actions else None,
        "disagreements": sum(1 for a in actions if disagrees(a)),
    }


def _actual(d) -> dict:
    return {
        "total": d.recommendations_total,
        "by_status": {k: n for k, _label, n in d.by_status},
        "by_instrument": {k: n for k, _label, n in d.by_instrument},
        "by_theme": {k: n for k, _label, n in d.by_theme},
        "by_cluster": {k: n for k, _label, n in d.by_cluster if k != "none"},
        "responded": d.responded, "response_rate": d.response_rate,
        "median": d.median_days_to_respond, "overdue_responses": d.overdue_responses,
        "actions": d.actions_total,
        "actions_by_status": {k: n for k, _label, n in d.actions_by_status},
        "overdue_actions": d.overdue_actions,
        "implementation_share": d.implementation_share, "disagreements": d.disagreements,
    }


@pytest.mark.parametrize("public", [False, True])
def test_dashboard_numbers_match_independent_counts(public):
    parties = _build(30)
    assert _actual(dashboard(public=public)) == _expected(public)
    for party in parties:
        assert _actual(dashboard(public=public, party=party)) == _expected(public, party)


def test_the_public_dashboard_counts_public_rows_only():
    _build(15)
    staff, public = dashboard(public=False), dashboard(public=True)
    assert public.recommendations_total < staff.recommendations_total
    assert public.actions_total < staff.actions_total
    assert public.recommendations_total == Recommendation.objects.filter(
        is_public=True).exclude(status=S.DRAFT).count()


def test_scorecard_rows_match_the_per_state_dashboards():
    parties = _build(20)
    rows = {row.party.iso3: row for row in scorecard(public=False)}
    for party in parties:
        d = dashboard(public=False, party=party)
        row = rows[party.iso3]
        assert (row.recommendations, row.responded, row.response_rate, row.median_days,
                row.overdue_responses, row.actions, row.implemented,
                row.implementation_share, row.overdue_actions, row.disagreements) == (
            d.recommendations_total, d.responded, d.response_rate, d.median_days_to_respond,
            d.overdue_responses, d.actions_total, d.implemented_actions,
            d.implementation_share, d.overdue_actions, d.disagreements)


def test_scorecard_sorts_by_every_column(client):
    _build(20)
    client.force_login(UserFactory(is_unodc_staff=True))
    for key in ["state", "recommendations", "response_rate", "median_days", "actions",
                "implementation_share", "overdue_actions", "disagreements"]:
        for direction in ["asc", "desc"]:
            response = client.get(reverse("dashboard:staff_scorecard"),
                                  {"sort": key, "dir": direction})
            assert response.status_code == 200
            values = [getattr(r, key) for r in response.context["rows"]]
            present = [v for v in values if v is not None]
            assert present == sorted(present, reverse=direction == "desc")
            html = response.content.decode()
            assert f'aria-sort="{"descending" if direction == "desc" else "ascending"}"' in html


def test_staff_dashboard_page_shows_the_numbers_with_accessible_charts(client):
    parties = _build(12)
    client.force_login(UserFactory(is_unodc_staff=True))
    response = client.get(reverse("dashboard:staff"), {"state": parties[0].iso3})
    assert response.status_code == 200
    html = response.content.decode()
    expected = _expected(False, parties[0])
    figures = dict(re.findall(r'data-figure="(\w+)">([^<]*)<', html))
    assert figures["recommendations"] == str(expected["total"])
    assert figures["actions"] == str(expected["actions"])
    assert figures["overdue_actions"] == str(expected["overdue_actions"])
    assert html.count('role="img"') == 5
    assert html.count("<title id=") == 5 and html.count("<desc id=") == 5
    assert 'aria-labelledby="chart-status-title chart-status-desc"' in html
    assert html.count("<caption>") >= 5  # the same numbers in tables
    assert html.count("<h1") == 1
    assert "style=" not in html and "<script>" not in html


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("member", 403),
                                         ("staff", 200)])
def test_only_unodc_staff_see_the_staff_dashboard(client, who, status):
    from tests.factories import MembershipFactory

    user = {"anonymous": None, "member": MembershipFactory().user,
            "staff": UserFactory(is_unodc_staff=True)}[who]
    if user:
        client.force_login(user)
    assert client.get(reverse("dashboard:staff")).status_code == status
    assert client.get(reverse("dashboard:staff_scorecard")).status_code == status
    assert client.get(reverse("dashboard:public")).status_code == 200
    assert client.get(reverse("dashboard:public_scorecard")).status_code == 200


def test_public_dashboard_page_hides_private_numbers(client):
    _build(15)
    response = client.get(reverse("dashboard:public"))
    assert response.context["d"].recommendations_total == _expected(True)["total"]
    assert response.context["public"] is True


def test_unknown_state_is_404(client):
    assert client.get(reverse("dashboard:public"), {"state": "ZZZ"}).status_code == 404


@pytest.mark.parametrize("url_name, params", [
    ("dashboard:staff", {}), ("dashboard:staff", {"state": "AAA"}),
    ("dashboard:staff_scorecard", {"sort": "actions"}), ("dashboard:public", {}),
    ("dashboard:public_scorecard", {}),
])
def test_dashboard_query_budget_does_not_grow(client, url_name, params,
                                              django_assert_max_num_queries):
    _build(6)
    client.force_login(UserFactory(is_unodc_staff=True))
    client.get(reverse(url_name), params)
    with django_assert_max_num_queries(14):
        client.get(reverse(url_name), params)
    _more(60)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(url_name), params)
    assert response.status_code == 200


def _more(n):
    """More rows for the States that exist."""
    from consultations.models import Party

    parties = list(Party.objects.filter(iso3__in=["AAA", "BBB"]))
    now = timezone.now()
    for i in range(n):
        party = parties[i % 2]
        rec = RecommendationFactory(organization=OrganizationFactory(country=party),
                                    status=S.RESPONDED if i % 2 else S.SUBMITTED,
                                    submitted_at=now - dt.timedelta(days=50),
                                    responded_at=now - dt.timedelta(days=i % 30))
        FollowUpActionFactory(party=party, recommendations=[rec],
                              status=ActionStatus.values[i % 6])
