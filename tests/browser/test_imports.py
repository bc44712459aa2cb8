"""Spreadsheet imports in Chromium: the Pakistan alliance's coordinator imports the five
recommendations of 15 September 2022, and the focal person the 45 participants of the
launch in Islamabad, each through upload, column mapping, preview and the progress page
(updated in place by its script, the check and the run done by calling the Celery
tasks)."""

import datetime as dt

import pytest
from django.utils import timezone

from consultations.models import Attendance
from portal.imports.models import ImportJob
from portal.imports.tasks import check_import, run_import
from recommendations.models import Recommendation
from tests.browser.support import screenshot
from tests.factories import EventFactory
from tests.imports.support import FILES, pakistan_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _upload_map_preview(page, *, kind_link: str, scope_label: str, scope: str, path):
    page.goto("/imports/")
    page.get_by_role("link", name=kind_link).click()
    page.get_by_label(scope_label).select_option(label=scope)
    page.get_by_label("Spreadsheet").set_input_files(str(path))
    page.get_by_role("button", name="Upload and continue").click()
    page.wait_for_url("**/imports/*/")
    screenshot(page, f"import-mapping-{kind_link}")
    page.get_by_role("button", name="Check the rows").click()
    page.wait_for_url("**/preview/")
    # the rows are checked in the worker: the page waits, then its script shows the preview
    page.get_by_role("heading", name="Checking the rows").wait_for()
    check_import(ImportJob.objects.get(status="checking").pk)  # what the worker does
    page.get_by_role("heading", name="Check before importing").wait_for()
    screenshot(page, f"import-preview-{kind_link}")


def _confirm_and_run(page) -> ImportJob:
    page.get_by_role("button", name="Import the rows").click()
    page.wait_for_url("**/progress/")
    assert page.get_by_role("heading", name="Importing").is_visible()
    job = ImportJob.objects.get(status="queued")
    run_import(job.pk)  # what the worker does
    # the script notices the end and reloads the page with the summary
    page.get_by_role("heading", name="Import finished").wait_for()
    screenshot(page, "import-summary")
    return ImportJob.objects.get(pk=job.pk)


def test_alliance_recommendations_and_launch_attendance(new_page, problems, settings):
    settings.MFA_ENFORCE = False  # the focal person's second factor is tested elsewhere
    world = pakistan_world()
    coordinator = new_page(world["coordinator"])
    _upload_map_preview(coordinator, kind_link="Import Recommendations",
                        scope_label="Organization", scope=world["alliance"].name,
                        path=FILES / "pakistan-alliance-recommendations.xlsx")
    main = coordinator.inner_text("main")
    assert "has 5 rows" in main and "5 rows can be imported" in main
    assert "Create a centralized task force against organized crime" in main
    job = _confirm_and_run(coordinator)
    assert (job.created, job.failed) == (5, 0)
    assert "5" in coordinator.locator("[data-field=created]").inner_text()
    recs = Recommendation.objects.filter(organization=world["alliance"])
    assert recs.count() == 5 and {r.status for r in recs} == {"submitted"}

    launch = EventFactory(party=world["pakistan"], status="held",
                          title="Launch of the Pakistan pilot initiative",
                          starts_at=timezone.now() - dt.timedelta(days=1),
                          ends_at=timezone.now() - dt.timedelta(hours=18))
    focal = new_page(world["focal"])
    _upload_map_preview(focal, kind_link="Import Event attendance", scope_label="Event",
                        scope=str(launch), path=FILES / "pakistan-launch-attendance.csv")
    assert "45 rows can be imported" in focal.inner_text("main")
    job = _confirm_and_run(focal)
    assert (job.created, job.failed) == (45, 0)
    assert sum(Attendance.objects.filter(event=launch).values_list("count", flat=True)) == 45
    assert problems.errors == []
