"""Writes of the import machinery: upload, mapping (with the preview that checks every
row), confirmation and the run itself. Rows are written by the kinds, through the apps'
own services (same validation, policies, domain events, notifications); e-mails the
rows cause are held and sent as one digest per recipient when the import ends."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.core.errors import StateConflict
from portal.imports import policies, retention
from portal.imports.events import import_completed_event
from portal.imports.kinds import (
    Applied,
    ImportKind,
    Outcome,
    Row,
    RowError,
    kind_get,
    validation_to_row_error,
)
from portal.imports.mapping import mapping_suggest
from portal.imports.models import FINISHED, ImportedRecord, ImportJob, ImportMapping
from portal.imports.reading import FileProblem, check_upload, open_table
from portal.notifications.digest import notifications_batch_digest
from portal.notifications.services import notifications_batched

logger = logging.getLogger(__name__)

J = ImportJob.Status
PREVIEW_ROWS = 10
STORED_PROBLEMS = 2000  # problems kept on the job (and in the report); counts are exact
PROGRESS_EVERY_SECONDS = 0.5


def kind_or_error(name: str) -> ImportKind:
    kind = kind_get(name)
    if kind is None:
        raise ValidationError({"kind": _("Choose what to import.")})
    return kind


def job_scope(job: ImportJob):
    kind = kind_or_error(job.kind)
    scopes = kind.scopes(job.owner)
    if scopes is None:
        return None
    return scopes.filter(pk=job.scope_id).first()


# --- Upload and mapping ------------------------------------------------------------------


def import_job_create(*, actor, kind: str, file, scope_id: int | None = None) -> ImportJob:
    """Check the file (type, size, zip bomb, macros), read its header row and suggest a
    mapping (the user's last one for this kind first, then names and labels)."""
    import_kind = kind_or_error(kind)
    scope = None
    scopes = import_kind.scopes(actor)
    if scopes is not None:
        scope = scopes.filter(pk=scope_id).first() if scope_id else None
        if scope is None:
            raise ValidationError({"scope": _("Choose one of the options.")})
    if not policies.can_import(actor, import_kind, scope):
        raise PermissionDenied
    try:
        fmt = check_upload(file)
        encoding, headers, _rows = open_table(file, fmt)
    except FileProblem as exc:
        raise ValidationError({"file": str(exc)}) from None
    if not any(headers):
        raise ValidationError({"file": _("The file's first row names no column.")})
    remembered = (
        ImportMapping.objects.filter(user=actor, kind=kind)
        .values_list("mapping", flat=True)
        .first()
        or {}
    )
    file.seek(0)
    with transaction.atomic():
        job = ImportJob(
            owner=actor,
            kind=kind,
            scope_id=scope.pk if scope else None,
            file_name=(getattr(file, "name", "") or "import")[-200:],
            file_format=fmt,
            encoding=encoding,
            headers=headers,
            mapping=mapping_suggest(import_kind, headers, remembered),
        )
        job.file.save(f"import.{fmt}", file, save=False)
        job.save()
        return job


def job_rows(job: ImportJob, kind: ImportKind) -> Iterator[Row]:
    key = next((f.name for f in kind.fields if f.name == "external_id"), None)
    columns = [(int(i), name) for i, name in job.mapping.items() if name]
    with job.file.open("rb") as handle:
        _enc, _headers, rows = open_table(handle, job.file_format)
        for number, cells in rows:
            values = {name: (cells[i] if i < len(cells) else "") for i, name in columns}
            yield Row(number=number, values=values, external_id=values.get(key, "") if key else "")


def problem(
    job: ImportJob, kind: ImportKind, row: Row, error: RowError, outcome: str = Outcome.FAILED
) -> dict:
    """A report line: the row's number, the column as the file names it, the message."""
    column = ""
    if error.field:
        index = next((i for i, n in job.mapping.items() if n == error.field), None)
        field = kind.field(error.field)
        column = (
            job.headers[int(index)]
            if index is not None
            else str(field.label)
            if field
            else error.field
        )
    return {
        "row": row.number,
        "column": column,
        "message": error.message,
        "outcome": outcome,
        "external_id": row.external_id,
    }


def problem_text(item: dict) -> str:
    if item["column"]:
        return _("row %(row)s, column '%(column)s': %(message)s") % item
    return _("row %(row)s: %(message)s") % item


def import_job_confirm(*, actor, job: ImportJob, all_or_nothing: bool) -> ImportJob:
    """The user confirms the checked file: the import is queued (after commit)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.owner_id != actor.pk:
            raise PermissionDenied
        if job.status in (J.QUEUED, J.RUNNING, *FINISHED):
            return job  # a second click
        if job.status == J.CHECKING:
            raise ValidationError(_("The rows are still being checked: wait for the preview."))
        if job.status != J.MAPPED:
            raise StateConflict(_("Map the columns and check the preview first."))
        job.status, job.all_or_nothing = J.QUEUED, all_or_nothing
        job.queued_at = timezone.now()
        job.save(update_fields=["status", "all_or_nothing", "queued_at"])
        transaction.on_commit(lambda: _enqueue(job.pk), robust=True)
        return job


def enqueue(task_name: str, job_id: int) -> None:
    """Send a job to the worker (on commit); the broker being down is no error: the sweep
    in the beat schedule sends it again later."""
    from portal.imports import tasks

    try:
        getattr(tasks, task_name).delay(job_id)
    except Exception:
        logger.warning("could not enqueue %s of import %s", task_name, job_id, exc_info=True)


def _enqueue(job_id: int) -> None:
    enqueue("run_import", job_id)


def jobs_waiting_since(status: str, field: str, *, min_age_seconds: int) -> list[int]:
    """The jobs left in ``status`` since before ``min_age_seconds`` ago (by ``field``):
    their message was lost, or never sent."""
    cutoff = timezone.now() - timedelta(seconds=min_age_seconds)
    return list(
        ImportJob.objects.filter(status=status, **{f"{field}__lt": cutoff}).values_list(
            "pk", flat=True
        )[:100]
    )


def import_jobs_sweep(*, min_age_seconds: int = 120) -> int:
    """Enqueue again the confirmed imports that have not started for a while (the broker
    was down when they were confirmed, or the message was lost). Running one twice does
    nothing: the run starts only from the queued state."""
    ids = jobs_waiting_since(J.QUEUED, "queued_at", min_age_seconds=min_age_seconds)
    for job_id in ids:
        _enqueue(job_id)
    return len(ids)


# --- The run --------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def _apply(kind: ImportKind, ctx: dict, row: Row) -> Applied:
    try:
        with transaction.atomic():
            return kind.apply_row(ctx, row)
    except ValidationError as exc:
        raise validation_to_row_error(exc) from None
    except PermissionDenied:
        raise RowError("", _("you may not change this record")) from None


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a confirmed import: every row checked again and applied through the kind,
    progress (rows done / total) saved as it goes, one notification digest per
    recipient at the end. Per row (each row its own transaction; the report says which
    rows landed) or all or nothing (one transaction: the first failing row undoes all).
    Running it again once started does nothing."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("owner").get(pk=job_id)
        if job.status != J.QUEUED:
            return job
        job.status, job.started_at, job.done = J.RUNNING, timezone.now(), 0
        job.save(update_fields=["status", "started_at", "done"])
    kind = kind_or_error(job.kind)
    scope = job_scope(job)
    counts = {Outcome.CREATED: 0, Outcome.UPDATED: 0, Outcome.SKIPPED: 0, Outcome.FAILED: 0}
    report: list[dict] = []
    message = ""

    def note(row: Row, error: RowError, outcome: str) -> None:
        if len(report) < STORED_PROBLEMS:
            report.append(problem(job, kind, row, error, outcome))

    last = time.monotonic()

    def progress(done: int, force: bool = False) -> None:
        nonlocal last
        if force or time.monotonic() - last > PROGRESS_EVERY_SECONDS:
            ImportJob.objects.filter(pk=job.pk).update(done=done)
            last = time.monotonic()

    # the report's messages in the language the user checked the file in
    language = job.preview.get("language") or None
    with translation.override(language), notifications_batched() as held:
        try:
            if not policies.can_import(job.owner, kind, scope):
                raise PermissionDenied
            ctx = kind.context(user=job.owner, scope=scope)
            if job.all_or_nothing:
                with transaction.atomic():
                    _run_rows(job, kind, ctx, counts, note, progress, stop_on_failure=True)
                    if counts[Outcome.FAILED]:
                        raise _Rollback
            else:
                _run_rows(job, kind, ctx, counts, note, progress, stop_on_failure=False)
        except _Rollback:
            message = _(
                "Nothing was imported: a row failed and you chose all or nothing. "
                "Correct the rows in the report and upload the file again."
            )
        except FileProblem as exc:
            message = str(exc)
        except PermissionDenied:
            message = _("You may no longer import this file.")
        failed_all = bool(message)
        digest_ids = [] if failed_all and job.all_or_nothing else list(held)
    if digest_ids:
        notifications_batch_digest(notification_ids=digest_ids, key=f"import:{job.pk}")
    with transaction.atomic():
        job.refresh_from_db(fields=["total"])
        if failed_all:
            if job.all_or_nothing or not any(counts[o] for o in (Outcome.CREATED, Outcome.UPDATED)):
                counts[Outcome.CREATED] = counts[Outcome.UPDATED] = 0
                counts[Outcome.SKIPPED] = 0
            job.status = J.FAILED
        else:
            job.status = J.DONE
        job.created, job.updated = counts[Outcome.CREATED], counts[Outcome.UPDATED]
        job.skipped, job.failed = counts[Outcome.SKIPPED], counts[Outcome.FAILED]
        job.report, job.message, job.finished_at = report, message, timezone.now()
        job.done = job.total if job.status == J.DONE else job.done
        retention.job_file_delete(job)
        job.save(
            update_fields=[
                "status",
                "created",
                "updated",
                "skipped",
                "failed",
                "report",
                "message",
                "finished_at",
                "done",
                "file",
            ]
        )
        import_completed_event(job=job)
    return job


def _run_rows(job, kind, ctx, counts, note, progress, *, stop_on_failure: bool) -> None:
    done = 0
    cleaned: list[Row] = []
    for row in job_rows(job, kind):
        done += 1
        try:
            kind.clean_row(ctx, row)
            if kind.aggregate:
                cleaned.append(row)
            else:
                applied = _apply(kind, ctx, row)
                counts[applied.outcome] += 1
                if applied.note:
                    note(row, RowError("", applied.note), applied.outcome)
        except RowError as exc:
            counts[Outcome.FAILED] += 1
            note(row, exc, Outcome.FAILED)
            if stop_on_failure:
                raise _Rollback from None
        progress(done)
    if kind.aggregate and cleaned:  # all or nothing stopped at the first failure
        try:
            with transaction.atomic():
                applied = kind.apply_all(ctx, cleaned)
        except (ValidationError, PermissionDenied) as exc:
            error = (
                validation_to_row_error(exc)
                if isinstance(exc, ValidationError)
                else RowError("", _("you may not change this record"))
            )
            for row in cleaned:
                counts[Outcome.FAILED] += 1
                note(row, error, Outcome.FAILED)
            if stop_on_failure:
                raise _Rollback from None
        else:
            counts[applied.outcome] += len(cleaned)
    progress(done, force=True)


def import_job_fail(*, job_id: int) -> None:
    """The run stopped on an unexpected error: say so on the job (rows committed before
    stay, as the per-row choice promised; all or nothing rolled back) and delete the
    file (it is uploaded again to finish)."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update()
            .filter(pk=job_id, status__in=(J.QUEUED, J.RUNNING))
            .first()
        )
        if job is None:
            return
        job.status, job.finished_at = J.FAILED, timezone.now()
        job.message = retention.run_stopped_message()
        retention.job_file_delete(job)
        job.save(update_fields=["status", "finished_at", "message", "file", "updated_at"])


# --- External ids ---------------------------------------------------------------------------


def imported_records(*, kind: str, scope_id: int | None) -> dict[str, int]:
    """external id -> object id, for a kind and scope (loaded once per import)."""
    return dict(
        ImportedRecord.objects.filter(kind=kind, scope_id=scope_id or 0).values_list(
            "external_id", "object_id"
        )
    )


def imported_record_remember(
    *,
    kind: str,
    scope_id: int | None,
    external_id: str,
    object_id: int,
    known: dict[str, int] | None = None,
) -> None:
    """Remember which object a row's external id names; ``known`` (what
    ``imported_records`` loaded) spares the write when nothing changed."""
    if not external_id or (known is not None and known.get(external_id) == object_id):
        return
    ImportedRecord.objects.update_or_create(
        kind=kind,
        scope_id=scope_id or 0,
        external_id=external_id[:200],
        defaults={"object_id": object_id},
    )
    if known is not None:
        known[external_id] = object_id
