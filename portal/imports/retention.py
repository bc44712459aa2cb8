"""What is kept of an import, and for how long. The uploaded file is needed only until
the import has run: it is deleted when the import finishes (done or stopped), when its
owner cancels it, and by the hourly sweep when an upload is abandoned (no step taken
for ``IMPORT_UPLOAD_RETENTION_HOURS``). The summary and the error report live on the
job row, not in the file: they stay as long as the job, which the owner's list of
imports keeps showing."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.errors import StateConflict
from portal.imports import policies
from portal.imports.events import import_cancelled_event
from portal.imports.models import FINISHED, ImportJob

logger = logging.getLogger(__name__)

J = ImportJob.Status
#: steps before the confirmation: the file waits for its owner
WAITING = (J.UPLOADED, J.CHECKING, J.MAPPED)
#: a run longer than the task's hard time limit (an hour) is dead: its worker was lost
RUN_GIVEN_UP_AFTER = timedelta(hours=2)


def job_file_delete(job: ImportJob) -> None:
    """Forget the job's file (saved by the caller, in its transaction) and delete it from
    the storage once that transaction commits: a rollback keeps both."""
    name = job.file.name
    if not name:
        return
    storage = job.file.storage
    job.file = None

    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:  # already gone, or the storage refused: the sweep tries no more
            logger.warning("could not delete the import file %s", name, exc_info=True)

    transaction.on_commit(delete, robust=True)


def import_job_cancel(*, actor, job: ImportJob) -> ImportJob:
    """The owner stops an import before confirming it: nothing is imported and the file
    is deleted. A confirmed import cannot be cancelled (it may be half-way)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not policies.can_change_job(actor, job):
            raise PermissionDenied
        if job.status == J.CANCELLED:
            return job  # a second click
        if job.status not in WAITING:
            raise StateConflict(
                _("This import has already been started: it can no longer be cancelled.")
            )
        job.status, job.finished_at = J.CANCELLED, timezone.now()
        job.message = _("You cancelled this import: nothing was imported and the file was deleted.")
        job_file_delete(job)
        job.save(update_fields=["status", "finished_at", "message", "file", "updated_at"])
        import_cancelled_event(job=job, actor=actor)
        return job


def run_stopped_message() -> str:
    return _(
        "The import stopped on an unexpected error. Rows imported before it stay; upload "
        "the file again to finish (rows already imported are left unchanged)."
    )


def import_uploads_sweep(*, now=None) -> dict[str, int]:
    """Delete the files no import needs any more: those of finished or cancelled imports
    still holding one, and those of uploads abandoned before their confirmation (the
    job becomes cancelled, saying why). A run whose worker was lost is stopped first.
    Safe to run twice, or while imports go on (each job is locked and looked at again)."""
    now = now or timezone.now()
    abandoned_before = now - timedelta(hours=settings.IMPORT_UPLOAD_RETENTION_HOURS)
    lost_before = now - RUN_GIVEN_UP_AFTER
    counts = {"finished": 0, "abandoned": 0, "stopped": 0}
    candidates = list(
        ImportJob.objects.exclude(file="")
        .filter(
            Q(status__in=FINISHED)
            | Q(status__in=WAITING, updated_at__lt=abandoned_before)
            | Q(status=J.RUNNING, started_at__lt=lost_before)
        )
        .values_list("pk", flat=True)[:500]
    )
    for pk in candidates:
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().filter(pk=pk).first()
            if job is None or not job.file.name:
                continue
            if job.status in FINISHED:
                counts["finished"] += 1
            elif job.status in WAITING and job.updated_at < abandoned_before:
                job.status, job.finished_at = J.CANCELLED, now
                job.message = _(
                    "This upload was not confirmed within %(hours)s hours: nothing was "
                    "imported and the file was deleted. Upload it again to import it."
                ) % {"hours": settings.IMPORT_UPLOAD_RETENTION_HOURS}
                counts["abandoned"] += 1
            elif job.status == J.RUNNING and job.started_at and job.started_at < lost_before:
                job.status, job.finished_at = J.FAILED, now
                job.message = run_stopped_message()
                counts["stopped"] += 1
            else:
                continue  # it moved on meanwhile
            job_file_delete(job)
            job.save(update_fields=["status", "finished_at", "message", "file"])
    return counts
