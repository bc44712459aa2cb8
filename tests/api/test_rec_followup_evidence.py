"""Progress reports through the API as on the web: evidence files and links (public or
restricted), editing a report with its history kept, evidence downloads, one page at a
time. Role by role: not visible is 404, visible but refused 403, bad input 400."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from recommendations.models import Evidence, ProgressReport, ProgressReportRevision
from recommendations.services import followup as followup_services
from recommendations.services import recommendations as rec_services
from tests.api.conftest import ANON_WRITE, ROLES, error_of, expect, statuses
from tests.api.recommendation_support import PDF
from tests.factories import FollowUpActionFactory
from tests.recommendations.filing_support import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="evidence.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def today() -> str:
    return timezone.localdate().isoformat()


def make_action(world, *, public: bool = False, **kwargs):
    rec = world.submitted()
    if public:
        rec_services.recommendation_publish(actor=fresh(world.member), recommendation=rec)
    return FollowUpActionFactory(party=world.party, recommendations=[rec],
                                 responsible=world.agency, lead_body=world.gov_body, **kwargs)


def report_with(world, action, *, file=None, url="", public=False, text="Progress."):
    evidence = [followup_services.EvidenceInput(file=file, url=url, title="Evidence",
                                                is_public=public)] if (file or url) else []
    return followup_services.progress_report_create(
        actor=fresh(world.agency), action=action, reported_on=timezone.localdate(),
        text=text, status="in_progress", percent=50, evidence=evidence)


# --- reporting with evidence ------------------------------------------------------------------


def test_report_with_an_evidence_file_and_link_as_multipart(world, api):
    action = make_action(world)
    url = f"/api/v1/actions/{action.pk}/progress-reports/"
    counter = itertools.count()

    def form():
        return {"reported_on": today(), "text": f"Bill tabled ({next(counter)})",
                "status": "in_progress", "percent": 40, "evidence_file": pdf(),
                "evidence_url": "https://example.org/bill", "evidence_title": "The bill",
                "evidence_public": "false"}

    got = statuses(api, "post", url, form, fmt="multipart")
    assert got == expect(anonymous=ANON_WRITE, member=403, coordinator=403, other_member=404,
                         focal=201, other_focal=404, agency=201, staff=403)
    response = api("agency").post(url, form(), format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["percent"] == 40 and body["can_edit"] is True and body["revisions"] == []
    files = [e for e in body["evidence"] if e["is_file"]]
    links = [e for e in body["evidence"] if not e["is_file"]]
    assert len(files) == 1 and len(links) == 1
    assert files[0]["title"] == "The bill" and files[0]["is_public"] is False
    assert files[0]["download_url"] == f"/api/v1/evidence/{files[0]['id']}/download/"
    assert links[0]["url"] == "https://example.org/bill" and links[0]["download_url"] is None
    action.refresh_from_db()
    assert action.percent == 40


def test_evidence_and_report_input_errors(world, api):
    action = make_action(world)
    url = f"/api/v1/actions/{action.pk}/progress-reports/"
    base = {"reported_on": today(), "text": "Done a bit", "status": "in_progress",
            "percent": 10}
    agency = api("agency")
    cases = [
        ({**base, "evidence_file": pdf("fake.pdf", b"MZ not a pdf")}, "evidence_file"),
        ({**base, "evidence_file": pdf("tool.exe", b"MZ")}, "evidence_file"),
        ({**base, "evidence_url": "not a link"}, "evidence_url"),
        ({**base, "percent": 101}, "percent"),
        ({**base, "status": "finished"}, "status"),
        ({**base, "reported_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat()},
         "reported_on"),
        ({**base, "status": "implemented", "percent": 50}, "confirm_implemented"),
        ({k: v for k, v in base.items() if k != "text"}, "text"),
    ]
    for data, field in cases:
        response = agency.post(url, data, format="multipart")
        assert response.status_code == 400, (field, response.content)
        assert field in error_of(response)["fields"], (field, error_of(response))
    response = agency.post(url, {**base, "evidence": [{"url": "ftp:/x"}]}, format="json")
    assert response.status_code == 400 and "evidence" in error_of(response)["fields"]
    assert not ProgressReport.objects.filter(action=action).exists()
    assert not Evidence.objects.exists()


def test_a_closed_action_takes_no_more_reports(world, api):
    action = make_action(world, status="implemented", percent=100)
    report = report_with(world, action)
    followup_services.validation_record(actor=fresh(world.staff), action=action,
                                        status="implemented", percent=100)
    action.status, action.percent = "implemented", 100
    action.save()
    url = f"/api/v1/actions/{action.pk}/progress-reports/"
    response = api("agency").post(url, {"reported_on": today(), "text": "More",
                                        "status": "implemented", "percent": 100},
                                  format="json")
    assert response.status_code == 409 and "closed" in error_of(response)["message"]
    response = api("agency").patch(f"{url}{report.pk}/", {"text": "Changed"}, format="json")
    assert response.status_code == 409 and "closed" in error_of(response)["message"]
    assert api("agency").get(f"{url}{report.pk}/").json()["can_edit"] is False


# --- who sees which evidence, downloads -------------------------------------------------------


def test_restricted_evidence_is_for_officials_unodc_and_the_filer(world, api):
    action = make_action(world, public=True)
    restricted = report_with(world, action, file=pdf("restricted.pdf"), public=False)
    shared = report_with(world, action, file=pdf("public.pdf"), public=True, text="Shared")
    link = report_with(world, action, url="https://example.org/gazette", public=False,
                       text="Gazette")
    url = f"/api/v1/actions/{action.pk}/progress-reports/"

    def evidence_titles(role):
        rows = api(role).get(url).json()["results"]
        return sorted(e["id"] for r in rows for e in r["evidence"])

    every = sorted(Evidence.objects.values_list("pk", flat=True))
    public_only = [shared.evidence.get().pk]
    seen = {role: evidence_titles(role) for role in ROLES}
    assert seen == expect(anonymous=public_only, member=every, coordinator=every,
                          other_member=public_only, focal=every, other_focal=public_only,
                          agency=every, staff=every)
    private_file = restricted.evidence.get()
    download = f"/api/v1/evidence/{private_file.pk}/download/"
    assert statuses(api, "get", download) == expect(
        anonymous=404, member=200, coordinator=200, other_member=404, focal=200,
        other_focal=404, agency=200, staff=200)
    public_file = shared.evidence.get()
    assert set(statuses(api, "get", f"/api/v1/evidence/{public_file.pk}/download/")
               .values()) == {200}
    response = api("member").get(download, HTTP_ACCEPT="application/pdf")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == PDF
    # a link is no file to download
    link_row = link.evidence.get()
    response = api("staff").get(f"/api/v1/evidence/{link_row.pk}/download/")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    assert api("staff").get("/api/v1/evidence/999999/download/").status_code == 404


def test_evidence_of_a_private_action_is_hidden_with_the_action(world, api):
    action = make_action(world, public=False)
    report = report_with(world, action, file=pdf(), public=True)
    evidence = report.evidence.get()
    got = statuses(api, "get", f"/api/v1/evidence/{evidence.pk}/download/")
    assert got == expect(anonymous=404, member=200, coordinator=200, other_member=404,
                         focal=200, other_focal=404, agency=200, staff=200)


# --- editing a report -------------------------------------------------------------------------


def test_edit_a_report_keeps_its_history(world, api):
    action = make_action(world)
    report = report_with(world, action)
    url = f"/api/v1/actions/{action.pk}/progress-reports/{report.pk}/"
    counter = itertools.count()
    got = statuses(api, "patch", url, lambda: {"text": f"Corrected {next(counter)}"})
    assert got == expect(anonymous=ANON_WRITE, member=403, coordinator=403, other_member=404,
                         focal=200, other_focal=404, agency=200, staff=403)
    body = api("agency").get(url).json()
    # one text per role in ROLES' order: the focal person's (4), then the agency's (6)
    assert body["text"] == "Corrected 6" and len(body["revisions"]) == 2
    assert sorted(r["text"] for r in body["revisions"]) == ["Corrected 4", "Progress."]
    assert ProgressReportRevision.objects.filter(report=report).count() == 2
    assert statuses(api, "get", url) == expect(
        anonymous=404, member=200, coordinator=200, other_member=404, focal=200,
        other_focal=404, agency=200, staff=200)
    assert api("member").get(url).json()["can_edit"] is False
    # evidence is added with an edit (multipart)
    response = api("agency").patch(url, {"evidence_file": pdf(), "evidence_public": "true"},
                                   format="multipart")
    assert response.status_code == 200, response.content
    assert [e["is_public"] for e in response.json()["evidence"]] == [True]
    for data, field in [({"percent": 500}, "percent"), ({"text": ""}, "text"),
                        ({"reported_on": "yesterday"}, "reported_on"),
                        # an edit is partial, a new evidence link still has its address
                        ({"evidence": [{"title": "Annual report"}]}, "evidence")]:
        response = api("agency").patch(url, data, format="json")
        assert response.status_code == 400 and field in error_of(response)["fields"], data
    other = make_action(world)
    wrong = f"/api/v1/actions/{other.pk}/progress-reports/{report.pk}/"
    assert api("agency").patch(wrong, {"text": "x"}, format="json").status_code == 404
    assert api("agency").get(wrong).status_code == 404


def test_another_agency_contact_cannot_edit_someone_elses_report(world, api):
    from tests.api.conftest import token_client
    from tests.factories import AgencyContactFactory
    from tests.recommendations.filing_support import with_totp

    action = make_action(world)
    report = report_with(world, action)
    colleague = with_totp(AgencyContactFactory(party=world.party, agency=world.gov_body).user)
    response = token_client(colleague).patch(
        f"/api/v1/actions/{action.pk}/progress-reports/{report.pk}/", {"text": "Mine now"},
        format="json")
    assert response.status_code == 403


# --- one page at a time -----------------------------------------------------------------------


def test_progress_reports_are_paginated_newest_first(world, api):
    action = make_action(world)
    for day in range(5):
        followup_services.progress_report_create(
            actor=fresh(world.agency), action=action,
            reported_on=timezone.localdate() - dt.timedelta(days=10 - day),
            text=f"Report {day}", status="in_progress", percent=10 * day)
    url = f"/api/v1/actions/{action.pk}/progress-reports/"
    first = api("focal").get(url, {"page_size": 2}).json()
    assert first["count"] == 5 and first["next"]
    assert [r["text"] for r in first["results"]] == ["Report 4", "Report 3"]
    last = api("focal").get(url, {"page_size": 2, "page": 3}).json()
    assert [r["text"] for r in last["results"]] == ["Report 0"] and last["next"] is None
