"""The import pages: choose what to import, upload, map the columns, check the
preview, confirm, watch the progress, read the summary, download the error report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.core.forms import form_service
from portal.core.idempotency import create_once_from
from portal.core.views import confirm_page
from portal.imports import checking, policies, retention, services
from portal.imports.forms import ConfirmForm, MappingForm, UploadForm
from portal.imports.kinds import kind_get, kinds_for
from portal.imports.models import ImportJob
from portal.imports.report import error_report_response
from portal.imports.selectors import import_jobs_visible_to
from portal.imports.template_file import template_xlsx

J = ImportJob.Status


def _kind_or_404(user, name: str):
    kind = kind_get(name)
    if kind is None or kind not in kinds_for(user):
        raise Http404
    return kind


def _job(request, pk: int, *, change: bool = False) -> ImportJob:
    job = get_object_or_404(import_jobs_visible_to(request.user), pk=pk)
    if change and not policies.can_change_job(request.user, job):
        raise PermissionDenied
    return job


@login_required
@require_GET
def import_list(request):
    jobs = list(import_jobs_visible_to(request.user).filter(owner=request.user)[:50])
    kinds = kinds_for(request.user)
    return render(
        request,
        "imports/list.html",
        {"jobs": jobs, "kinds": [{"name": k.name, "label": k.label} for k in kinds]},
    )


@login_required
def import_upload(request, kind: str):
    import_kind = _kind_or_404(request.user, kind)
    form = UploadForm(
        request.POST or None, request.FILES or None, kind=import_kind, user=request.user
    )
    if request.method == "POST":
        done, job = form_service(
            form,
            lambda: create_once_from(
                request,
                lambda: services.import_job_create(
                    actor=request.user,
                    kind=kind,
                    file=form.cleaned_data["file"],
                    scope_id=form.cleaned_data["scope"].pk if "scope" in form.fields else None,
                ),
            ),
        )
        if done:
            return redirect("imports:mapping", pk=job.pk)
        status = 400
    else:
        status = 200
    return render(
        request, "imports/upload.html", {"form": form, "kind": import_kind}, status=status
    )


@login_required
@require_GET
def import_template(request, kind: str):
    import_kind = _kind_or_404(request.user, kind)
    response = HttpResponse(
        template_xlsx(import_kind),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
    return response


@login_required
def import_mapping(request, pk: int):
    job = _job(request, pk, change=True)
    if job.status not in (J.UPLOADED, J.CHECKING, J.MAPPED):
        return redirect("imports:progress", pk=job.pk)
    kind = kind_get(job.kind)
    form = MappingForm(
        request.POST or None, kind=kind, headers=job.headers, initial_mapping=job.mapping
    )
    status = 200
    if request.method == "POST":
        done, _result = form_service(
            form,
            lambda: checking.import_job_map(actor=request.user, job=job, mapping=form.mapping()),
        )
        if done:
            return redirect("imports:preview", pk=job.pk)
        status = 400
    return render(
        request, "imports/mapping.html", {"form": form, "job": job, "kind": kind}, status=status
    )


@login_required
def import_preview(request, pk: int):
    job = _job(request, pk, change=True)
    if job.status == J.UPLOADED:
        return redirect("imports:mapping", pk=job.pk)
    if job.status == J.CHECKING:  # the worker reads the file: this page waits for it
        return render(
            request,
            "imports/checking.html",
            {"job": job, "kind": kind_get(job.kind), "status": _status(job)},
            status=409 if request.method == "POST" else 200,
        )
    if job.status != J.MAPPED:
        return redirect("imports:progress", pk=job.pk)
    kind = kind_get(job.kind)
    form = ConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        done, _result = form_service(
            form,
            lambda: services.import_job_confirm(
                actor=request.user, job=job, all_or_nothing=form.cleaned_data["all_or_nothing"]
            ),
        )
        if done:
            return redirect("imports:progress", pk=job.pk)
        status = 400
    columns = [(str(i), kind.field(name)) for i, name in job.mapping.items() if name]
    rows = [
        {"row": r["row"], "cells": [r["values"].get(f.name, "") for _i, f in columns]}
        for r in job.preview.get("rows", [])
    ]
    problems = [{**p, "text": services.problem_text(p)} for p in job.preview.get("problems", [])]
    return render(
        request,
        "imports/preview.html",
        {
            "job": job,
            "kind": kind,
            "form": form,
            "fields": [f for _i, f in columns],
            "rows": rows,
            "problems": problems,
            "failing": job.preview.get("failing", 0),
            "valid": job.total - job.preview.get("failing", 0),
        },
        status=status,
    )


def _status(job: ImportJob) -> dict:
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "finished": job.is_finished,
        "checked": not job.is_checking,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "created": job.created,
        "updated": job.updated,
        "skipped": job.skipped,
        "failed": job.failed,
        "message": job.message,
    }


@login_required
@require_GET
def import_progress(request, pk: int):
    job = _job(request, pk)
    if job.status in retention.WAITING and policies.can_change_job(request.user, job):
        return redirect(
            "imports:mapping" if job.status == J.UPLOADED else "imports:preview", pk=job.pk
        )
    kind = kind_get(job.kind)
    report = [{**p, "text": services.problem_text(p)} for p in job.report[:200]]
    return render(
        request,
        "imports/progress.html",
        {"job": job, "kind": kind, "report": report, "status": _status(job)},
    )


@login_required
@require_GET
def import_status(request, pk: int):
    return JsonResponse(_status(_job(request, pk)))


@login_required
@require_GET
def import_errors(request, pk: int):
    """The rows that failed or were left as they are, with the cell and the reason, as a
    CSV download (never shown inline)."""
    return error_report_response(_job(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def import_cancel(request, pk: int):
    """GET asks on a page of its own; POST cancels the import and deletes its file."""
    job = _job(request, pk, change=True)
    if job.status not in retention.WAITING:
        return redirect("imports:progress", pk=job.pk)
    if request.method == "GET":
        return confirm_page(
            request,
            question=_("Cancel the import of “%(name)s”?") % {"name": job.file_name},
            consequence=_("Nothing is imported and the uploaded file is deleted."),
            action_label=_("Yes, cancel the import"),
            cancel_url=reverse("imports:preview", args=[job.pk]),
        )
    try:
        retention.import_job_cancel(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The import is cancelled and its file deleted."))
    return redirect("imports:progress", pk=job.pk)
