"""The mapping step of an import: the columns mapped to fields (checked at once, in the
request), then every row checked in the worker without writing anything (the preview).
A large file is read in the worker, never in a web request: the preview page says
"checking" and refreshes itself until the check is done."""

from __future__ import annotations

import logging
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.core.errors import StateConflict
from portal.imports import policies, retention
from portal.imports.kinds import ImportKind, RowError, normalize
from portal.imports.models import ImportJob, ImportMapping
from portal.imports.reading import FileProblem
from portal.imports.services import (
    PREVIEW_ROWS,
    PROGRESS_EVERY_SECONDS,
    STORED_PROBLEMS,
    enqueue,
    job_rows,
    job_scope,
    jobs_waiting_since,
    kind_or_error,
    problem,
)

logger = logging.getLogger(__name__)

J = ImportJob.Status


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
                % {"first": seen[name], "second": header, "field": _field_label(kind, name)}
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


def _field_label(kind: ImportKind, name: str) -> str:
    field = kind.field(name)
    return str(field.label) if field is not None else name


def import_job_map(*, actor, job: ImportJob, mapping: dict[str, str]) -> ImportJob:
    """Save the mapping (remembered for the user and kind) and have every row checked
    in the worker (``import_job_check``, enqueued on commit): the request returns at
    once, the preview page says "checking" until the check is done."""
    kind = kind_or_error(job.kind)
    if job.owner_id != actor.pk:
        raise PermissionDenied
    mapping = {str(i): (mapping.get(str(i)) or "") for i in range(len(job.headers))}
    _check_mapping(kind, job.headers, mapping)
    if not policies.can_import(actor, kind, job_scope(job)):
        raise PermissionDenied
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status not in (J.UPLOADED, J.CHECKING, J.MAPPED):
            raise StateConflict(_("This import has already been started."))
        job.mapping, job.status = mapping, J.CHECKING
        # the worker writes the rows' problems in the language the user maps in
        job.preview, job.total = {"language": translation.get_language() or ""}, 0
        job.save(update_fields=["mapping", "status", "preview", "total", "updated_at"])
        remembered = {normalize(job.headers[int(i)]): name for i, name in mapping.items() if name}
        current = ImportMapping.objects.filter(user=actor, kind=job.kind).first()
        if current:
            current.mapping = {**current.mapping, **remembered}
            current.save(update_fields=["mapping", "updated_at"])
        else:
            ImportMapping.objects.create(user=actor, kind=job.kind, mapping=remembered)
        transaction.on_commit(lambda: _enqueue_check(job.pk), robust=True)
    return job


def import_job_check(*, job_id: int) -> ImportJob:
    """Check every row of a mapped file without writing anything (the worker's half of
    the mapping step): the preview keeps the first rows and every row's problems, the
    row count so far is saved as it goes. A file that cannot be read stops the import
    (its file is deleted, the message says why). A check whose mapping changed
    meanwhile is thrown away: the new mapping's check follows."""
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    if job.status != J.CHECKING:
        return job
    kind = kind_or_error(job.kind)
    checked_mapping = job.mapping
    first: list[dict] = []
    problems: list[dict] = []
    total = failing = 0
    failure = ""
    language = job.preview.get("language") or None
    with translation.override(language):
        try:
            scope = job_scope(job)
            if not policies.can_import(job.owner, kind, scope):
                raise PermissionDenied
            ctx = kind.context(user=job.owner, scope=scope)
            total, first, problems, failing = _checked_rows(job, kind, ctx)
            if total == 0:
                failure = _("The file has a header row but no data rows.")
        except FileProblem as exc:
            failure = str(exc)
        except PermissionDenied:
            failure = _("You may no longer import this file.")
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status != J.CHECKING or job.mapping != checked_mapping:
            return job
        job.total = total
        if failure:
            job.status, job.message, job.finished_at = J.FAILED, failure, timezone.now()
            retention.job_file_delete(job)
        else:
            job.status = J.MAPPED
            job.preview = {
                "rows": first,
                "problems": problems,
                "failing": failing,
                "language": language or "",
            }
        job.save(
            update_fields=[
                "status",
                "total",
                "preview",
                "message",
                "finished_at",
                "file",
                "updated_at",
            ]
        )
    return job


def _checked_rows(job: ImportJob, kind, ctx) -> tuple[int, list[dict], list[dict], int]:
    """(rows, the first rows, the problems kept, rows failing), the count so far saved
    on the job as it goes."""
    first: list[dict] = []
    problems: list[dict] = []
    total = failing = 0
    last = time.monotonic()
    for row in job_rows(job, kind):
        total += 1
        if len(first) < PREVIEW_ROWS:
            first.append({"row": row.number, "values": row.values})
        try:
            kind.clean_row(ctx, row)
        except RowError as exc:
            failing += 1
            if len(problems) < STORED_PROBLEMS:
                problems.append(problem(job, kind, row, exc))
        if time.monotonic() - last > PROGRESS_EVERY_SECONDS:
            ImportJob.objects.filter(pk=job.pk, status=J.CHECKING).update(total=total)
            last = time.monotonic()
    return total, first, problems, failing


def import_job_check_fail(*, job_id: int) -> None:
    """The check stopped on an unexpected error: nothing was written; say so."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id, status=J.CHECKING).first()
        if job is None:
            return
        job.status, job.finished_at = J.FAILED, timezone.now()
        job.message = _(
            "Checking the file stopped on an unexpected error; nothing was "
            "imported. Upload the file again."
        )
        retention.job_file_delete(job)
        job.save(update_fields=["status", "finished_at", "message", "file", "updated_at"])


def _enqueue_check(job_id: int) -> None:
    enqueue("check_import", job_id)


def import_checks_sweep(*, min_age_seconds: int = 120) -> int:
    """Enqueue again the checks asked for a while ago and not done (the broker was down,
    or the message was lost). A check runs only from the checking state and gives the
    same preview twice."""
    ids = jobs_waiting_since(J.CHECKING, "updated_at", min_age_seconds=min_age_seconds)
    for job_id in ids:
        _enqueue_check(job_id)
    return len(ids)
