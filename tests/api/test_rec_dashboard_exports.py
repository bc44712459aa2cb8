"""The dashboards, the scorecard and the exports through the API: the same numbers and
files as the web (the same selectors and exports module), the same policy (the UNODC
version for staff, the public version for everybody), the filters and visibility of the
web's exports, bad parameters as 400."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from rest_framework.fields import DateTimeField

from recommendations.columns import COLUMNS
from recommendations.models import Theme
from recommendations.selectors.dashboard import dashboard, scorecard
from recommendations.services import recommendations as rec_services
from recommendations.services import responses as response_services
from tests.api.conftest import error_of, expect, statuses
from tests.api.recommendation_support import web
from tests.factories import FollowUpActionFactory, OrganizationFactory, ProgressReportFactory
from tests.recommendations.filing_support import fresh

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def data(world):
    """Public and private recommendations (one answered) and actions, in two States."""
    theme = Theme.objects.create(name="Victims' rights", slug="victims-rights")
    private = world.submitted(title="Private one", themes=[theme])
    shared = world.submitted(title="Public one")
    rec_services.recommendation_publish(actor=fresh(world.member), recommendation=shared)
    answered = world.submitted(title="Answered one", instruments=[world.tip])
    rec_services.recommendation_publish(actor=fresh(world.member), recommendation=answered)
    response_services.response_create(
        actor=fresh(world.focal), recommendation=answered,
        expected_version=type(answered).objects.get(pk=answered.pk).version,
        position="supported", justification="We agree.")
    world.draft(title="A draft")
    foreign_org = OrganizationFactory(country=world.other_party)
    rec_services.recommendation_create(actor=fresh(world.member), organization=world.org,
                                       party=world.party, title="Another draft")
    public_action = FollowUpActionFactory(party=world.party, recommendations=[shared],
                                          title="Public action")
    ProgressReportFactory(action=public_action, text="Public progress")
    FollowUpActionFactory(party=world.party, recommendations=[private],
                          title="Private action")
    FollowUpActionFactory(party=world.other_party, title="Foreign action")
    return {"private": private, "public": shared, "answered": answered, "theme": theme,
            "foreign_org": foreign_org}


def _web_numbers(d) -> dict:
    rows = ("by_status", "by_instrument", "by_cluster", "by_theme", "actions_by_status")
    out = {name: value for name, value in vars(d).items() if name not in rows + ("party",)}
    for name in rows:
        out[name] = [{"key": k, "label": str(label), "count": n}
                     for k, label, n in getattr(d, name)]
    out["party"] = ({"id": d.party.pk, "name": d.party.name, "iso3": d.party.iso3}
                    if d.party else None)
    out["as_of"] = DateTimeField().to_representation(d.as_of)
    return out


# --- the dashboards ---------------------------------------------------------------------------


def test_the_unodc_dashboard_is_for_staff_the_public_one_for_all(world, api, data):
    assert statuses(api, "get", "/api/v1/dashboard/") == expect(
        anonymous=401, member=403, coordinator=403, other_member=403, focal=403,
        other_focal=403, agency=403, staff=200)
    assert statuses(api, "get", "/api/v1/dashboard/scorecard/") == expect(
        anonymous=401, member=403, coordinator=403, other_member=403, focal=403,
        other_focal=403, agency=403, staff=200)
    assert set(statuses(api, "get", "/api/v1/dashboard/public/").values()) == {200}
    assert set(statuses(api, "get", "/api/v1/dashboard/public/scorecard/").values()) == {200}


@pytest.mark.parametrize("public", [False, True])
@pytest.mark.parametrize("state", ["", "PKL"])
def test_dashboard_numbers_are_the_webs(world, api, data, public, state):
    url = "/api/v1/dashboard/public/" if public else "/api/v1/dashboard/"
    got = api("staff").get(url, {"party": state} if state else {})
    assert got.status_code == 200, got.content
    page = web(world.staff).get(reverse("dashboard:public" if public else "dashboard:staff"),
                                {"state": state} if state else {})
    assert page.status_code == 200
    assert got.json() == _web_numbers(page.context["d"])
    body = got.json()
    if public:  # public rows only: the private recommendation is not counted
        assert body["recommendations_total"] == 2
        assert body["actions_total"] == 1
    else:
        assert body["recommendations_total"] == 3
        assert body["actions_total"] == (2 if state else 3)
    assert body["responded"] == 1 and body["response_rate"] == pytest.approx(
        100.0 / body["answerable"], abs=0.1)


def test_dashboard_party_by_iso3_or_id(world, api, data):
    by_code = api("staff").get("/api/v1/dashboard/", {"party": "pkl"}).json()
    by_id = api("staff").get("/api/v1/dashboard/", {"party": world.party.pk}).json()
    assert by_code == by_id and by_code["party"]["iso3"] == "PKL"
    assert by_code == _web_numbers(dashboard(public=False, party=world.party))
    for bad in ("99999999999999999999", "²", "x" * 21, ""):
        response = api("anonymous").get("/api/v1/dashboard/public/", {"party": bad})
        assert response.status_code == 400, bad
        assert "party" in error_of(response)["fields"]
    for unknown in ("ZZZ", "999999"):  # well formed: the State asked for does not exist
        response = api("anonymous").get("/api/v1/dashboard/public/", {"party": unknown})
        assert response.status_code == 404, unknown
        assert error_of(response)["code"] == "not_found"


def test_scorecard_rows_sorted_as_asked(world, api, data):
    body = api("staff").get("/api/v1/dashboard/scorecard/",
                            {"sort": "recommendations", "dir": "desc"}).json()
    rows = scorecard(public=False, sort="recommendations", descending=True)
    assert [r["party"]["id"] for r in body["results"]] == [r.party.pk for r in rows]
    assert body["count"] == len(rows)
    mine = next(r for r in body["results"] if r["party"]["id"] == world.party.pk)
    assert mine["recommendations"] == 3 and mine["responded"] == 1 and mine["actions"] == 2
    public = api("anonymous").get("/api/v1/dashboard/public/scorecard/").json()["results"]
    mine = next(r for r in public if r["party"]["id"] == world.party.pk)
    assert mine["recommendations"] == 2 and mine["actions"] == 1
    for params, field in [({"sort": "nonsense"}, "sort"), ({"dir": "up"}, "dir")]:
        response = api("anonymous").get("/api/v1/dashboard/public/scorecard/", params)
        assert response.status_code == 400 and field in error_of(response)["fields"]
    paged = api("anonymous").get("/api/v1/dashboard/public/scorecard/",
                                 {"page_size": 1}).json()
    assert len(paged["results"]) == 1 and paged["count"] == len(public)


# --- the exports ----------------------------------------------------------------------------------


def _keyed(rows: list[dict]) -> list[dict]:
    """Rows of an English export by column key ("title", "action", "progress")."""
    with translation.override("en"):
        keys = {str(label): key for columns in COLUMNS.values() for key, label in columns.items()}
    return [{keys[header]: value for header, value in row.items()} for row in rows]


def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return _keyed(list(csv.DictReader(io.StringIO(text))))


def _xlsx(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active
                .iter_rows(values_only=True))
    return _keyed([dict(zip(rows[0], row, strict=True)) for row in rows[1:]])


@pytest.mark.parametrize("dataset", ["recommendations", "responses", "actions", "progress"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_export_for_every_role(world, api, data, dataset, fmt):
    url = f"/api/v1/exports/{dataset}.{fmt}"
    assert set(statuses(api, "get", url).values()) == {200}
    response = api("member").get(url, HTTP_ACCEPT="text/csv, */*")
    rows = _csv(response) if fmt == "csv" else _xlsx(response)
    page = web(world.member).get(reverse("dashboard:export", args=[dataset, fmt]))
    assert rows == (_csv(page) if fmt == "csv" else _xlsx(page))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_honour_visibility(world, api, data, fmt):
    def titles(role, dataset="recommendations", key="title", **params):
        response = api(role).get(f"/api/v1/exports/{dataset}.{fmt}", params)
        rows = _csv(response) if fmt == "csv" else _xlsx(response)
        return {r[key] for r in rows}

    assert titles("anonymous") == {"Public one", "Answered one"}
    assert titles("other_member") == {"Public one", "Answered one"}
    assert titles("focal") == {"Public one", "Answered one", "Private one"}
    assert titles("member") == {"Public one", "Answered one", "Private one", "A draft",
                                "Another draft"}
    assert titles("anonymous", "actions", "action") == {"Public action"}
    assert titles("staff", "actions", "action") == {"Public action", "Private action",
                                                    "Foreign action"}


def test_export_filters_like_the_web(world, api, data):
    def titles(**params):
        return {r["title"] for r in _csv(api("staff").get(
            "/api/v1/exports/recommendations.csv", params))}

    assert titles(party="PKL") == titles(party=str(world.party.pk)) == {
        "Public one", "Answered one", "Private one"}
    assert titles(party="MXL") == set()
    assert titles(instrument="tip") == titles(instrument=str(world.tip.pk)) == {
        "Answered one"}
    assert titles(theme="victims-rights") == {"Private one"}
    assert titles(status="responded") == {"Answered one"}
    response = api("staff").get("/api/v1/exports/recommendations.csv", {"party": "PKL"})
    assert 'filename="recommendations-PKL.csv"' in response["Content-Disposition"]
    web_rows = _csv(web(world.staff).get(reverse("dashboard:export",
                                                 args=["recommendations", "csv"]),
                                         {"party": "PKL", "instrument": "tip"}))
    api_rows = _csv(api("staff").get("/api/v1/exports/recommendations.csv",
                                     {"party": "PKL", "instrument": "tip"}))
    assert api_rows == web_rows


def test_export_bad_parameters(world, api, data):
    for params, field in [({"party": "Z-Z"}, "party"), ({"instrument": "no pe"}, "instrument"),
                          ({"theme": ""}, "theme"), ({"overdue": "perhaps"}, "overdue"),
                          ({"status": "x" * 31}, "status")]:
        response = api("member").get("/api/v1/exports/actions.csv", params)
        assert response.status_code == 400, params
        assert response["Content-Type"] == "application/json"
        assert field in error_of(response)["fields"]
    for params in ({"party": "ZZZ"}, {"instrument": "nope"}, {"theme": "unknown"}):
        response = api("member").get("/api/v1/exports/actions.csv", params)
        assert response.status_code == 404, params
        assert response["Content-Type"] == "application/json"
    for url in ("/api/v1/exports/secrets.csv", "/api/v1/exports/actions.pdf",
                "/api/v1/exports/actions"):
        response = api("member").get(url)
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"


# --- the country report ---------------------------------------------------------------------------


def test_country_report_pdf_for_everybody(world, api, data):
    assert set(statuses(api, "get", "/api/v1/country-reports/PKL/").values()) == {200}
    response = api("anonymous").get("/api/v1/country-reports/pkl/",
                                    HTTP_ACCEPT="application/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="country-report-PKL.pdf"'
    assert response.content.startswith(b"%PDF")
    page = web(None).get(reverse("states:report_pdf", args=["PKL"]))
    assert page.content.startswith(b"%PDF")
    for url in ("/api/v1/country-reports/ZZZ/", "/api/v1/country-reports/PK1/"):
        response = api("member").get(url)
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_xlsx_export_of_text_with_control_characters_is_no_500(world, api, data):
    """A worksheet cannot hold control characters (openpyxl refuses them); the exports
    leave them out instead of failing (CSV too, so both files agree)."""
    action = FollowUpActionFactory(party=world.party, recommendations=[data["public"]],
                                   title="Bell\x07 action")
    ProgressReportFactory(action=action, text="Step one\x01 done\x1b.")
    rows = _xlsx(api("anonymous").get("/api/v1/exports/progress.xlsx", {"party": "PKL"}))
    assert {"Bell action", "Public action"} <= {r["action"] for r in rows}
    assert "Step one done." in {r["progress"] for r in rows}
    csv_rows = _csv(api("anonymous").get("/api/v1/exports/progress.csv"))
    assert "Step one done." in {r["progress"] for r in csv_rows}
