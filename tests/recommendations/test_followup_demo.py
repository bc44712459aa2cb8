"""The demo data tells the Pakistan follow-up story, and the dashboard and exports show it
as the rows say."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from recommendations.columns import COLUMNS
from recommendations.models import ActionStatus, Assessment, FollowUpAction, Verdict
from recommendations.selectors.dashboard import dashboard
from recommendations.selectors.followup import is_closed
from tests.recommendations.followup_support import fast_passwords  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=open("/dev/null", "w"))


def test_demo_has_the_pakistan_follow_ups_with_progress_reports(demo):
    actions = {a.title: a for a in FollowUpAction.objects.filter(party__iso3="PAK")
               .prefetch_related("progress_reports")}
    for title in ["Statements of the civil society alliance at the 11th Conference of the "
                  "Parties", "Civil society implementation report",
                  "Three civil society working groups (legal; human rights and victims; "
                  "transnational organized crime)",
                  "Follow-up conference of the Pakistan pilot initiative"]:
        assert actions[title].progress_reports.exists(), title
    report = actions["Civil society implementation report"].progress_reports.get()
    assert str(report.reported_on) == "2023-03-14"
    assert report.evidence.filter(visibility="public").exists()
    today = timezone.localdate()
    overdue = [a for a in actions.values()
               if a.due_on and a.due_on < today and a.status != ActionStatus.IMPLEMENTED]
    assert "National victim support referral mechanism" in {a.title for a in overdue}
    disagreements = Assessment.objects.filter(verdict=Verdict.DISAGREE,
                                              action__status=ActionStatus.IMPLEMENTED)
    assert [a.action.title for a in disagreements] == ["Strengthen the FIA Cyber Crime Wing"]
    cop = actions["Statements of the civil society alliance at the 11th Conference of the "
                  "Parties"]
    assert is_closed(FollowUpAction.objects.select_related("validation").get(pk=cop.pk))


def test_demo_follow_up_loads_twice_without_duplicates(demo):
    from recommendations.models import Evidence, ProgressReport, Validation

    models = [FollowUpAction, ProgressReport, Assessment, Validation, Evidence]
    first = [m.objects.count() for m in models]
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert [m.objects.count() for m in models] == first


def test_dashboard_and_exports_show_the_demo_follow_ups(demo, client):
    today = timezone.localdate()
    pak = list(FollowUpAction.objects.filter(party__iso3="PAK"))
    d = dashboard(public=False, party=pak[0].party)
    assert d.actions_total == len(pak)
    assert d.overdue_actions == sum(1 for a in pak if a.due_on and a.due_on < today
                                    and a.status != ActionStatus.IMPLEMENTED)
    assert d.implemented_actions == sum(1 for a in pak if a.status == "implemented")
    assert d.disagreements == 1
    client.force_login(User.objects.get(email="unodc.staff@demo.untoc.test"))
    response = client.get(reverse("dashboard:export", args=["actions", "csv"]),
                          {"party": "PAK"})
    # the headers are labels in the reader's language: read the rows by column key
    keys = {str(label): key for key, label in COLUMNS["actions"].items()}
    rows = [{keys[h]: v for h, v in row.items()} for row in csv.DictReader(io.StringIO(
        b"".join(response.streaming_content).decode("utf-8-sig")))]
    assert {r["action"] for r in rows} == {a.title for a in pak}
    cyber = next(r for r in rows if r["action"] == "Strengthen the FIA Cyber Crime Wing")
    assert (cyber["status"], cyber["alliance_assessment"], cyber["disagreement"]) == (
        "Implemented", "CSA-PK: Disagree", "Yes")  # labels, not codes
    html = client.get(reverse("dashboard:staff"), {"state": "PAK"}).content.decode()
    assert f'data-figure="disagreements">{d.disagreements}<' in html
