"""The check of every row runs in the worker, not in the web request; uploaded files are
deleted once no import needs them (finished, cancelled, abandoned); a failure leaves
nothing half-done. The task functions are called directly, as the worker would."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.imports import checking, retention
from portal.imports.models import ImportJob
from portal.imports.services import import_job_confirm, import_job_create, import_job_run
from portal.imports.tasks import check_import, run_import, sweep_import_uploads, sweep_imports
from recommendations.models import Recommendation
from tests.imports.support import csv_bytes, map_and_check, pakistan_world, upload

pytestmark = pytest.mark.django_db
J = ImportJob.Status


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return pakistan_world()


def _upload(world, rows=None, name="r.csv"):
    rows = rows or [["Title"], ["Protect witnesses"], ["Ratify the protocol"]]
    return import_job_create(
        actor=world["coordinator"],
        kind="recommendations",
        file=upload(name, csv_bytes(rows)),
        scope_id=world["alliance"].pk,
    )


def _stored(job) -> tuple:
    return job.file.storage, job.file.name


def test_a_large_file_is_checked_in_the_worker_not_in_the_request(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    rows = [["Title", "Instruments"]] + [[f"Recommendation {n}", "UNTOC"] for n in range(10_000)]
    rows[5001][1] = "Firearm protocol"
    job = _upload(world, rows)
    client.force_login(world["coordinator"])

    def not_here(*args, **kwargs):
        raise AssertionError("the rows were read in the web request")

    monkeypatch.setattr(checking, "job_rows", not_here)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("imports:mapping", args=[job.pk]),
            {"column_0": "title", "column_1": "instruments"},
        )
    assert response.status_code == 302 and len(callbacks) == 1  # the check is enqueued
    page = client.get(reverse("imports:preview", args=[job.pk])).content.decode()
    assert "Checking the rows" in page
    monkeypatch.undo()
    assert check_import(job.pk) == J.MAPPED  # the worker's task, called directly
    job.refresh_from_db()
    assert job.total == 10_000 and job.preview["failing"] == 1
    assert len(job.preview["rows"]) == checking.PREVIEW_ROWS
    page = client.get(reverse("imports:preview", args=[job.pk])).content.decode()
    assert "row 5002, column &#x27;Instruments&#x27;" in page
    assert Recommendation.objects.count() == 0  # checking writes nothing


def test_a_check_runs_once_and_a_changed_mapping_throws_the_old_one_away(world, monkeypatch):
    job = _upload(world, [["Title", "Text"], ["A title", "A text"]])
    checking.import_job_map(actor=world["coordinator"], job=job, mapping={"0": "title", "1": ""})
    real_rows = checking.job_rows

    def remapped_meanwhile(job_, kind):
        # the user maps again while the worker reads the file
        checking.import_job_map(
            actor=world["coordinator"],
            job=ImportJob.objects.get(pk=job.pk),
            mapping={"0": "title", "1": "text"},
        )
        yield from real_rows(job_, kind)

    monkeypatch.setattr(checking, "job_rows", remapped_meanwhile)
    stale = checking.import_job_check(job_id=job.pk)
    assert stale.status == J.CHECKING and "rows" not in stale.preview  # thrown away
    monkeypatch.undo()
    fresh = checking.import_job_check(job_id=job.pk)
    assert fresh.status == J.MAPPED and fresh.preview["rows"][0]["values"]["text"] == "A text"
    assert checking.import_job_check(job_id=job.pk).preview == fresh.preview  # no-op now


def test_an_unreadable_file_stops_the_import_at_the_check_and_is_deleted(
    world, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_MAX_ROWS = 3
    job = _upload(world, [["Title"]] + [[f"Row {n}"] for n in range(5)])
    storage, name = _stored(job)
    checking.import_job_map(actor=world["coordinator"], job=job, mapping=job.mapping)
    with django_capture_on_commit_callbacks(execute=True):
        job = checking.import_job_check(job_id=job.pk)
    assert job.status == J.FAILED and "more than 3 rows" in job.message
    assert not job.file and not storage.exists(name)
    assert Recommendation.objects.count() == 0


def test_a_check_that_crashes_leaves_nothing_half_done(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    job = _upload(world)
    storage, name = _stored(job)
    checking.import_job_map(actor=world["coordinator"], job=job, mapping=job.mapping)

    def crash(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(checking, "job_rows", crash)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        check_import(job.pk)
    job.refresh_from_db()
    assert job.status == J.FAILED and "unexpected error" in job.message
    assert not job.file and not storage.exists(name)
    assert Recommendation.objects.count() == 0


def test_a_finished_import_deletes_its_file_and_keeps_its_summary_and_report(
    client, world, django_capture_on_commit_callbacks
):
    job = map_and_check(
        world["coordinator"],
        _upload(world, [["Title", "Instruments"], ["A", "UNTOC"], ["B", "Firearm protocol"]]),
    )
    storage, name = _stored(job)
    import_job_confirm(actor=world["coordinator"], job=job, all_or_nothing=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_import(job.pk) == J.DONE
    job.refresh_from_db()
    assert not job.file and not storage.exists(name)
    assert (job.created, job.failed) == (1, 1)
    client.force_login(world["coordinator"])
    page = client.get(reverse("imports:progress", args=[job.pk])).content.decode()
    assert "Import finished" in page
    report = client.get(reverse("imports:errors", args=[job.pk])).content.decode("utf-8-sig")
    assert "Firearm protocol" in report


def test_a_run_that_crashes_deletes_the_file_and_says_so(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from portal.imports import services

    job = map_and_check(world["coordinator"], _upload(world))
    storage, name = _stored(job)
    import_job_confirm(actor=world["coordinator"], job=job, all_or_nothing=True)

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_run_rows", crash)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        run_import(job.pk)
    job.refresh_from_db()
    assert job.status == J.FAILED and "unexpected error" in job.message
    assert not job.file and not storage.exists(name)
    assert Recommendation.objects.count() == 0


def test_a_rolled_back_deletion_keeps_the_file(world, django_capture_on_commit_callbacks):
    job = _upload(world)
    storage, name = _stored(job)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job.pk)
            retention.job_file_delete(job)
            job.save(update_fields=["file"])
            transaction.set_rollback(True)
    job.refresh_from_db()
    assert job.file.name == name and storage.exists(name)


def test_cancelling_on_its_own_page_deletes_the_file(
    client, world, django_capture_on_commit_callbacks
):
    job = map_and_check(world["coordinator"], _upload(world))
    storage, name = _stored(job)
    client.force_login(world["coordinator"])
    url = reverse("imports:cancel", args=[job.pk])
    assert url in client.get(reverse("imports:preview", args=[job.pk])).content.decode()
    page = client.get(url).content.decode()  # asks first, changes nothing
    assert "Yes, cancel the import" in page and storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("imports:progress", args=[job.pk])
    assert "nothing was imported" in response.content.decode()
    job.refresh_from_db()
    assert job.status == J.CANCELLED and not job.file and not storage.exists(name)
    # a confirmed import can no longer be cancelled
    other = map_and_check(world["coordinator"], _upload(world))
    import_job_confirm(actor=world["coordinator"], job=other, all_or_nothing=False)
    assert client.post(reverse("imports:cancel", args=[other.pk])).status_code == 302
    other.refresh_from_db()
    assert other.status == J.QUEUED and other.file


def test_the_sweep_deletes_abandoned_uploads_after_the_retention_period(
    world, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_UPLOAD_RETENTION_HOURS = 24
    now = timezone.now()
    abandoned = _upload(world)
    recent = map_and_check(world["coordinator"], _upload(world))
    queued = map_and_check(world["coordinator"], _upload(world))
    import_job_confirm(actor=world["coordinator"], job=queued, all_or_nothing=False)
    finished_long_ago = _upload(world)  # e.g. finished before files were deleted
    lost_run = map_and_check(world["coordinator"], _upload(world))
    ImportJob.objects.filter(pk=abandoned.pk).update(updated_at=now - dt.timedelta(hours=25))
    ImportJob.objects.filter(pk=recent.pk).update(updated_at=now - dt.timedelta(hours=23))
    ImportJob.objects.filter(pk=queued.pk).update(updated_at=now - dt.timedelta(hours=48))
    ImportJob.objects.filter(pk=finished_long_ago.pk).update(status=J.DONE)
    ImportJob.objects.filter(pk=lost_run.pk).update(
        status=J.RUNNING, started_at=now - dt.timedelta(hours=3)
    )
    files = {
        job.pk: _stored(job) for job in (abandoned, recent, queued, finished_long_ago, lost_run)
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_import_uploads() == {"finished": 1, "abandoned": 1, "stopped": 1}
    for job_pk, (storage, name) in files.items():
        job = ImportJob.objects.get(pk=job_pk)
        kept = job_pk in (recent.pk, queued.pk)
        assert storage.exists(name) is kept and bool(job.file) is kept, job.status
    abandoned.refresh_from_db()
    assert abandoned.status == J.CANCELLED and "within 24 hours" in abandoned.message
    assert ImportJob.objects.get(pk=lost_run.pk).status == J.FAILED
    assert ImportJob.objects.get(pk=recent.pk).status == J.MAPPED
    with django_capture_on_commit_callbacks(execute=True):  # twice: nothing more to do
        assert sweep_import_uploads() == {"finished": 0, "abandoned": 0, "stopped": 0}


def test_checks_lost_on_the_way_are_enqueued_again(world, monkeypatch):
    job = _upload(world)
    checking.import_job_map(actor=world["coordinator"], job=job, mapping=job.mapping)
    sent = []
    monkeypatch.setattr(checking, "_enqueue_check", sent.append)
    assert sweep_imports() == 0  # just asked for: its message is on its way
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=5))
    assert sweep_imports() == 1 and sent == [job.pk]
    checking.import_job_check(job_id=job.pk)
    assert sweep_imports() == 0
    assert import_job_run(job_id=job.pk).status == J.MAPPED  # not confirmed: no run


def test_the_worker_writes_the_problems_in_the_language_the_user_mapped_in(world):
    from django.utils import translation

    job = _upload(world, [["Title", "Instruments"], ["A", "Firearm protocol"]])
    with translation.override("fr"):
        checking.import_job_map(actor=world["coordinator"], job=job, mapping=job.mapping)
    job = checking.import_job_check(job_id=job.pk)  # the worker: no request, no language
    assert job.preview["problems"][0]["message"].startswith("valeur inconnue")
