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
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.errors import StateConflict
from portal.core.events import event_record
from portal.imports import policies
from portal.imports.kinds import (
    Applied,
    ImportKind,
    Outcome,
    Row,
    RowError,
    kind_get,
    normalize,
    validation_to_row_error,
)
from portal.imports.mapping import mapping_suggest
from portal.imports.models import ImportedRecord, ImportJob, ImportMapping
from portal.imports.reading import FileProblem, check_upload, open_table
from portal.notifications.digest import notifications_batch_digest
from portal.notifications.services import notifications_batched

logger = logging.getLogger(__name__)

J = ImportJob.Status
PREVIEW_ROWS = 10
STORED_PROBLEMS = 2000  # problems kept on the job (and in the report); counts are exact
PROGRESS_EVERY_SECONDS = 0.5


def _kind(name: str) -> ImportKind:
    kind = kind_get(name)
    if kind is None:
        raise ValidationError({"kind": _("Choose what to import.")})
    return kind


def job_scope(job: ImportJob):
    kind = _kind(job.kind)
    scopes = kind.scopes(job.owner)
    if scopes is None:
        return None
    return scopes.filter(pk=job.scope_id).first()


# --- Upload and mapping ------------------------------------------------------------------


def import_job_create(*, actor, kind: str, file, scope_id: int | None = None) -> ImportJob:
    """Check the file (type, size, zip bomb, macros), read its header row and suggest a
    mapping (the user's last one for this kind first, then names and labels)."""
    import_kind = _kind(kind)
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


def _check_mapping(kind: ImportKind, headers: list[str], mapping: dict[str, str]) -> None:
    valid = {f.name for f in kind.fields}
    errors: dict[str, list[str]] = {}
    seen: dict[str, str] = {}
    for index, name in mapping.items():
        if not name:
            continue
        header = headers[int(index)]
        if name not in valid:
            errors.setdefault(f"column_{index}", []).append(_("Choose one of the options."))
        elif name in seen:
            errors.setdefault(f"column_{index}", []).append(
                _("Columns '%(first)s' and '%(second)s' both go to '%(field)s': choose one.")
                % {"first": seen[name], "second": header, "field": kind.field(name).label}
            )
        else:
            seen[name] = header
    missing = [str(f.label) for f in kind.fields if f.required and f.name not in seen]
    if missing:
        errors.setdefault("__all__", []).append(
            _("No column is mapped to: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    if errors:
        raise ValidationError(errors)


def _rows(job: ImportJob, kind: ImportKind) -> Iterator[Row]:
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


def import_job_map(*, actor, job: ImportJob, mapping: dict[str, str]) -> ImportJob:
    """Save the mapping (remembered for the user and kind), then check every row
    without writing: the preview shows the first rows and every row's problems."""
    kind = _kind(job.kind)
    if job.owner_id != actor.pk:
        raise PermissionDenied
    if job.status not in (J.UPLOADED, J.MAPPED):
        raise StateConflict(_("This import has already been started."))
    mapping = {str(i): (mapping.get(str(i)) or "") for i in range(len(job.headers))}
    _check_mapping(kind, job.headers, mapping)
    job.mapping = mapping
    scope = job_scope(job)
    if not policies.can_import(actor, kind, scope):
        raise PermissionDenied
    ctx = kind.context(user=actor, scope=scope)
    first, problems, total, failing = [], [], 0, 0
    try:
        for row in _rows(job, kind):
            total += 1
            if len(first) < PREVIEW_ROWS:
                first.append({"row": row.number, "values": row.values})
            try:
                kind.clean_row(ctx, row)
            except RowError as exc:
                failing += 1
                if len(problems) < STORED_PROBLEMS:
                    problems.append(problem(job, kind, row, exc))
    except FileProblem as exc:
        raise ValidationError({"file": str(exc)}) from None
    if total == 0:
        raise ValidationError({"file": _("The file has a header row but no data rows.")})
    with transaction.atomic():
        job.preview = {"rows": first, "problems": problems, "failing": failing}
        job.total, job.status = total, J.MAPPED
        job.save(update_fields=["mapping", "preview", "total", "status"])
        remembered = {normalize(job.headers[int(i)]): name for i, name in mapping.items() if name}
        current = ImportMapping.objects.filter(user=actor, kind=job.kind).first()
        if current:
            current.mapping = {**current.mapping, **remembered}
            current.save(update_fields=["mapping", "updated_at"])
        else:
            ImportMapping.objects.create(user=actor, kind=job.kind, mapping=remembered)
    return job


def import_job_confirm(*, actor, job: ImportJob, all_or_nothing: bool) -> ImportJob:
    """The user confirms the checked file: the import is queued (after commit)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.owner_id != actor.pk:
            raise PermissionDenied
        if job.status in (J.QUEUED, J.RUNNING, J.DONE, J.FAILED):
            return job  # a second click
        if job.status != J.MAPPED:
            raise StateConflict(_("Map the columns and check the preview first."))
        job.status, job.all_or_nothing = J.QUEUED, all_or_nothing
        job.queued_at = timezone.now()
        job.save(update_fields=["status", "all_or_nothing", "queued_at"])
        transaction.on_commit(lambda: _enqueue(job.pk), robust=True)
        return job


def _enqueue(job_id: int) -> None:
    from portal.imports.tasks import run_import

    try:
        run_import.delay(job_id)
    except Exception:  # broker down: the sweep in the beat schedule starts it later
        logger.warning("could not enqueue import %s", job_id, exc_info=True)


def import_jobs_sweep(*, min_age_seconds: int = 120) -> int:
    """Enqueue again the confirmed imports that have not started for a while (the broker
    was down when they were confirmed, or the message was lost). Running one twice does
    nothing: the run starts only from the queued state."""
    cutoff = timezone.now() - timedelta(seconds=min_age_seconds)
    ids = list(
        ImportJob.objects.filter(status=J.QUEUED, queued_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:100]
    )
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
    kind = _kind(job.kind)
    scope = job_scope(job)
    counts = {Outcome.CREATED: 0, Outcome.UPDATED: 0, Outcome.SKIPPED: 0, Outcome.FAILED: 0}
    report: list[dict] = []
    message = ""

    def note(row: Row, error: RowError, outcome: str) -> None:
        if len(report) < STORED_PROBLEMS:
            report.append(problem(job, kind, row, error, outcome))

    def progress(done: int, force: bool = False) -> None:
        nonlocal last
        if force or time.monotonic() - last > PROGRESS_EVERY_SECONDS:
            ImportJob.objects.filter(pk=job.pk).update(done=done)
            last = time.monotonic()

    last = time.monotonic()
    with notifications_batched() as held:
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
            ]
        )
        event_record(
            kind="import.completed",
            target=job,
            actor=job.owner,
            payload={
                "created": job.created,
                "updated": job.updated,
                "skipped": job.skipped,
                "failed": job.failed,
            },
        )
    return job


def _run_rows(job, kind, ctx, counts, note, progress, *, stop_on_failure: bool) -> None:
    done = 0
    cleaned: list[Row] = []
    for row in _rows(job, kind):
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
    stay, as the per-row choice promised; all or nothing rolled back)."""
    ImportJob.objects.filter(pk=job_id, status__in=(J.QUEUED, J.RUNNING)).update(
        status=J.FAILED,
        finished_at=timezone.now(),
        message=_(
            "The import stopped on an unexpected error. Rows imported before it "
            "stay; upload the file again to finish (rows already imported are "
            "left unchanged)."
        ),
    )


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
