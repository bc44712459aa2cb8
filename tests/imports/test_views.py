"""The import pages: upload -> mapping -> preview -> confirm -> progress -> summary and
error report; refusals shown next to the file field; jobs seen by their owner and staff
only; the blank template."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from portal.imports.checking import import_job_check
from portal.imports.models import ImportJob
from portal.imports.services import import_job_run
from recommendations.models import Recommendation
from tests.imports.support import csv_bytes, pakistan_world, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return pakistan_world()


def _client(client, user):
    client.force_login(user)
    return client


def test_the_whole_flow(
    client, world, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    c = _client(client, world["coordinator"])
    page = c.get(reverse("imports:list"))
    assert reverse("imports:upload", args=["recommendations"]) in page.content.decode()
    rows = [
        ["Title", "Recommendation", "Instrument"],
        ["Protect witnesses", "Fund it.", "UNTOC"],
        ["Ratify", "Ratify it.", "Firearm protocol"],
    ]
    response = c.post(
        reverse("imports:upload", args=["recommendations"]),
        {"scope": world["alliance"].pk, "file": upload("recs.csv", csv_bytes(rows))},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:mapping", args=[job.pk])
    page = c.get(response.url).content.decode()
    assert 'value="title" selected' in page
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = c.post(
            reverse("imports:mapping", args=[job.pk]),
            {"column_0": "title", "column_1": "text", "column_2": "instruments"},
        )
    assert response.url == reverse("imports:preview", args=[job.pk]) and len(callbacks) == 1
    # the rows are checked in the worker: meanwhile the page says so and refreshes itself
    page = c.get(response.url).content.decode()
    assert "Checking the rows" in page and '<meta http-equiv="refresh" content="3">' in page
    assert 'data-reload-when="checked"' in page and "js/import-progress" in page
    assert reverse("imports:cancel", args=[job.pk]) in page
    status = c.get(reverse("imports:status", args=[job.pk])).json()
    assert (status["status"], status["checked"]) == ("checking", False)
    assert c.post(response.url, {"all_or_nothing": "0"}).status_code == 409  # not yet
    import_job_check(job_id=job.pk)
    assert c.get(reverse("imports:status", args=[job.pk])).json()["checked"] is True
    with django_assert_max_num_queries(12):
        page = c.get(response.url).content.decode()
    assert (
        "row 3, column &#x27;Instrument&#x27;: unknown value &#x27;Firearm protocol&#x27;; "
        "did you mean &#x27;Firearms Protocol&#x27;?"
    ) in page
    assert "Protect witnesses" in page
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = c.post(reverse("imports:preview", args=[job.pk]), {"all_or_nothing": "0"})
    assert response.url == reverse("imports:progress", args=[job.pk]) and len(callbacks) == 1
    page = c.get(response.url).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "js/import-progress" in page
    status = c.get(reverse("imports:status", args=[job.pk])).json()
    assert (status["status"], status["done"], status["total"]) == ("queued", 0, 2)
    import_job_run(job_id=job.pk)
    page = c.get(reverse("imports:progress", args=[job.pk])).content.decode()
    assert "http-equiv" not in page and "Import finished" in page
    report = c.get(reverse("imports:errors", args=[job.pk]))
    assert report["Content-Disposition"].startswith("attachment;")
    text = report.content.decode("utf-8-sig")
    assert "3,Instrument,failed,,unknown value 'Firearm protocol'" in text
    assert Recommendation.objects.get().title == "Protect witnesses"


def test_refusals_are_shown_next_to_the_file_field(client, world):
    c = _client(client, world["coordinator"])
    response = c.post(
        reverse("imports:upload", args=["recommendations"]),
        {"scope": world["alliance"].pk, "file": upload("x.exe", b"MZ....")},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_file-error"' in page and "Upload a CSV file" in page
    assert 'href="#id_file"' in page  # the error summary links to the field
    assert ImportJob.objects.count() == 0


def test_scope_outside_the_policy_is_refused(client, world):
    from tests.factories import OrganizationFactory

    other = OrganizationFactory(country=world["pakistan"])
    c = _client(client, world["coordinator"])
    response = c.post(
        reverse("imports:upload", args=["recommendations"]),
        {"scope": other.pk, "file": upload("r.csv", b"Title\nA\n")},
    )
    assert response.status_code == 400 and ImportJob.objects.count() == 0
    # a kind the user may not import is not found
    assert c.get(reverse("imports:upload", args=["attendance"])).status_code == 404
    outsider = _client(client, world["outsider"])
    assert outsider.get(reverse("imports:upload", args=["recommendations"])).status_code == 404


def test_jobs_are_seen_by_their_owner_and_staff_only(client, world):
    from portal.imports.services import import_job_create

    job = import_job_create(
        actor=world["coordinator"],
        kind="recommendations",
        file=upload("r.csv", b"Title\nA\n"),
        scope_id=world["alliance"].pk,
    )
    for name in ("mapping", "preview", "progress", "status", "errors"):
        url = reverse(f"imports:{name}", args=[job.pk])
        assert _client(client, world["outsider"]).get(url).status_code == 404, name
        assert _client(client, world["focal"]).get(url).status_code == 404, name
    staff = _client(client, world["staff"])
    assert staff.get(reverse("imports:status", args=[job.pk])).status_code == 200
    # staff look, but do not act for the owner
    assert (
        staff.post(reverse("imports:mapping", args=[job.pk]), {"column_0": "title"}).status_code
        == 403
    )


def test_blank_template_lists_accepted_values(client, world):
    from openpyxl import load_workbook

    response = _client(client, world["coordinator"]).get(
        reverse("imports:template", args=["recommendations"])
    )
    assert response["Content-Disposition"] == 'attachment; filename="recommendations-template.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    first, second = workbook.worksheets
    headers = [c.value for c in first[1]]
    assert "Title" in headers and "Instruments" in headers
    instruments = [
        row[headers.index("Instruments")] for row in second.iter_rows(min_row=3, values_only=True)
    ]
    assert "Firearms Protocol (firearms)" in instruments
