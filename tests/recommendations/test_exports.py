"""Exports honour the user's filters and visibility: CSV, XLSX, the printable country
report and its PDF; a bounded number of queries whatever the number of rows."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from consultations.models import Instrument
from recommendations.columns import COLUMNS
from recommendations.models import Response
from recommendations.services import followup as services
from tests.factories import FollowUpActionFactory, ProgressReportFactory, RecommendationFactory
from tests.recommendations.followup_support import fast_passwords, make_world  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


@pytest.fixture
def world():
    return make_world()


def _csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _xlsx(response) -> list[dict]:
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _export(client, dataset, fmt="csv", **params):
    """The rows of an English export, by column key (recommendations/columns.py)."""
    response = client.get(reverse("dashboard:export", args=[dataset, fmt]), params)
    rows = _csv(response) if fmt == "csv" else _xlsx(response)
    with translation.override("en"):
        keys = {str(label): key for key, label in COLUMNS[dataset].items()}
    return [{keys[header]: value for header, value in row.items()} for row in rows]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_actions_export_honours_visibility(client, world, fmt):
    public_titles = {r["action"] for r in _export(client, "actions", fmt)}
    assert public_titles == {"Public action"}
    client.force_login(world.staff)
    assert {r["action"] for r in _export(client, "actions", fmt)} == {"Public action",
                                                                      "Private action"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_recommendations_export_honours_visibility_and_filters(client, world, fmt):
    RecommendationFactory(organization=world.alliance, reference="TST-DRAFT",
                          status="draft", is_public=False)
    other = RecommendationFactory(reference="OTH-1")
    refs = {r["reference"] for r in _export(client, "recommendations", fmt)}
    assert refs == {"TST-1", "OTH-1"}
    assert {r["reference"] for r in _export(client, "recommendations", fmt,
                                            party="TST")} == {"TST-1"}
    client.force_login(world.focal)
    assert {r["reference"] for r in _export(client, "recommendations", fmt,
                                            party="TST")} == {"TST-1", "TST-2"}
    from consultations.reference import load_reference

    load_reference()
    tip = Instrument.objects.get(code="tip")
    world.private_rec.instruments.add(tip)
    rows = _export(client, "recommendations", fmt, instrument="tip")
    assert [r["reference"] for r in rows] == ["TST-2"]
    assert rows[0]["instruments"] == "Trafficking in Persons Protocol"
    assert other.reference not in {r["reference"] for r in _export(
        client, "recommendations", fmt, status="responded")}


def test_filters_status_and_overdue_on_actions(client, world):
    world.action.due_on = timezone.localdate() - dt.timedelta(days=2)
    world.action.save()
    client.force_login(world.staff)
    rows = _export(client, "actions", overdue="on")
    assert [(r["action"], r["overdue"]) for r in rows] == [("Public action", "Yes")]
    world.private_action.status = "stalled"
    world.private_action.save()
    assert [r["action"] for r in _export(client, "actions", status="stalled")] == [
        "Private action"]


def test_responses_export(client, world):
    world.public_rec.status = "responded"
    world.public_rec.save()
    Response.objects.create(recommendation=world.public_rec, position="noted",
                            justification="Under review.")
    Response.objects.create(recommendation=world.private_rec, position="supported")
    rows = _export(client, "responses")
    assert [(r["reference"], r["position"]) for r in rows] == [("TST-1", "Noted")]
    client.force_login(world.staff)
    assert len(_export(client, "responses", fmt="xlsx")) == 2


def test_progress_export_hides_restricted_evidence_from_the_public(client, world):
    services.progress_report_create(
        actor=world.contact, action=world.action, reported_on=dt.date(2024, 3, 1),
        text="Training held", status="in_progress", percent=50,
        evidence=[services.EvidenceInput(url="https://example.org/public", is_public=True),
                  services.EvidenceInput(url="https://example.org/internal")])
    ProgressReportFactory(action=world.private_action, text="Private progress")
    rows = _export(client, "progress")
    assert [(r["action"], r["evidence"]) for r in rows] == [
        ("Public action", "https://example.org/public")]
    client.force_login(world.coordinator)
    rows = _export(client, "progress", party="TST")
    assert {r["progress"] for r in rows} == {"Training held", "Private progress"}
    assert "https://example.org/internal" in rows[[r["progress"] for r in rows].index(
        "Training held")]["evidence"]


def test_csv_neutralises_formulas(client, world):
    world.action.title = "=HYPERLINK(\"http://evil\")"
    world.action.save()
    rows = _export(client, "actions")
    assert rows[0]["action"].startswith("'=")


def test_unknown_dataset_or_filter(client, world):
    assert client.get("/dashboard/exports/users.csv").status_code == 404
    response = client.get(reverse("dashboard:export", args=["actions", "csv"]),
                          {"party": "ZZZ"})
    assert response.status_code == 400


def _grow(world, n):
    for i in range(n):
        rec = RecommendationFactory(organization=world.alliance, is_public=bool(i % 2))
        action = FollowUpActionFactory(party=world.party, recommendations=[rec],
                                       responsible=world.contact, lead_body=world.agency)
        report = ProgressReportFactory(action=action)
        report.evidence.create(url=f"https://example.org/{i}", is_public=bool(i % 3))
        Response.objects.create(recommendation=rec, position="supported")


@pytest.mark.parametrize("dataset", ["recommendations", "responses", "actions", "progress"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_budget(client, world, dataset, fmt, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    _grow(world, 2)
    with django_assert_max_num_queries(10):
        small = _export(client, dataset, fmt)
    _grow(world, 30)
    with django_assert_max_num_queries(10):
        big = _export(client, dataset, fmt)
    assert len(big) > len(small)


# --- The country report -------------------------------------------------------------------------


def test_printable_country_report_shows_recommendations_answers_and_progress(client, world):
    world.public_rec.status = "responded"
    world.public_rec.save()
    Response.objects.create(recommendation=world.public_rec, position="supported",
                            justification="A task force will be set up.")
    ProgressReportFactory(action=world.action, text="Task force met twice.")
    ProgressReportFactory(action=world.private_action, text="Confidential progress.")
    html = client.get(reverse("states:report", args=["TST"])).content.decode()
    assert "Country report: Testistan" in html
    assert "A task force will be set up." in html and "Task force met twice." in html
    assert "Confidential progress." not in html and "TST-2" not in html
    assert 'class="no-print"' in html
    css = (settings.BASE_DIR / "static/css/portal.css").read_text()
    assert ".no-print" in css and ".country-report" in css


def test_country_report_pdf(client, world, django_assert_max_num_queries):
    ProgressReportFactory(action=world.action, text="Task force met twice.")
    with django_assert_max_num_queries(16):
        response = client.get(reverse("states:report_pdf", args=["TST"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="country-report-TST.pdf"'
    assert response.content.startswith(b"%PDF") and len(response.content) > 1000
    _grow(world, 20)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("states:report_pdf", args=["TST"])).status_code == 200


def test_exports_show_status_labels_not_codes(client, world):
    services.progress_report_create(
        actor=world.contact, action=world.action, reported_on=dt.date(2024, 3, 1),
        text="Training held", status="in_progress", percent=50)
    client.force_login(world.staff)
    actions = {r["action"]: r for r in _export(client, "actions")}
    assert actions["Public action"]["status"] == "In progress"
    progress = _export(client, "progress")
    assert [r["status"] for r in progress if r["progress"] == "Training held"] == [
        "In progress"]
    recs = _export(client, "recommendations")
    statuses = {r["status"] for r in recs}
    assert statuses and not statuses & {"submitted", "under_consideration", "responded"}
    # Flags and instruments in words too, never codes.
    assert {r["public"] for r in recs} <= {"Yes", "No"}
    assert {actions["Public action"]["overdue"], actions["Public action"]["disagreement"]} \
        <= {"Yes", "No"}
    codes = set(Instrument.objects.values_list("code", flat=True))
    listed = {name for r in recs for name in r["instruments"].split(", ") if name}
    assert not listed & codes


def test_exports_speak_the_readers_language(client, world):
    services.progress_report_create(
        actor=world.contact, action=world.action, reported_on=dt.date(2024, 3, 1),
        text="Training held", status="in_progress", percent=50)
    client.force_login(world.staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    with translation.override("en"):  # the requests leave French active: not after the test
        response = client.get(reverse("dashboard:export", args=["progress", "csv"]))
        [row] = [r for r in _csv(response) if r["Progrès"] == "Training held"]
        response = client.get(reverse("dashboard:export", args=["actions", "xlsx"]))
        actions = {r["Action"]: r for r in _xlsx(response)}
    assert row["Statut"] == "En cours" and row["Date"] == "2024-03-01"
    assert actions["Public action"]["En retard"] in {"Oui", "Non"}


def test_country_report_pdf_says_unconfirmed_treaty_dates_in_words():
    from consultations.models import TreatyAction
    from recommendations.exports import treaty_actions_text

    actions = [TreatyAction(kind=TreatyAction.Kind.SIGNATURE, date=dt.date(2000, 12, 14),
                            date_confirmed=True),
               TreatyAction(kind=TreatyAction.Kind.RATIFICATION, date=dt.date(2010, 1, 13),
                            date_confirmed=False)]
    text = treaty_actions_text(actions)
    assert "(?)" not in text
    assert text == "Signature 14 December 2000; Ratification 13 January 2010 (date unconfirmed)"
