"""The State's response to a recommendation: answering, approving, returning."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.errors import ConflictError
from portal.core.forms import add_service_errors
from portal.core.idempotency import create_once_from, created_before
from recommendations import policies
from recommendations.forms.recommendations import (
    CommitmentFormSet,
    ResponseForm,
)
from recommendations.markdown import render_markdown
from recommendations.models import Recommendation
from recommendations.selectors import recommendations as sel
from recommendations.services import responses as rsvc
from recommendations.views.recommendations import _detail_url, _render_detail


def _commitments(formset):
    return [rsvc.Commitment(lead_body=f.cleaned_data["lead_body"],
                            action=f.cleaned_data["action"],
                            due_on=f.cleaned_data.get("due_on"))
            for f in formset.forms if f.cleaned_data and f.is_filled]


@login_required
def respond(request, pk: int):
    rec = sel.recommendation_detail(request.user, pk)
    if not policies.is_focal_person_of(request.user, rec.party_id):
        raise PermissionDenied
    if request.method == "POST" and created_before(request) is not None:
        _answered(request, rec)  # a repeated post: the answer the first one gave
        return redirect(_detail_url(rec))
    if not policies.can_respond(request.user, rec):
        if rec.status == Recommendation.Status.WITHDRAWN:
            messages.error(request, _("This recommendation was withdrawn by the filing "
                                      "organization: it can no longer be answered."))
        else:
            messages.info(request, _("This recommendation has already been answered."))
        return redirect(_detail_url(rec))
    status = 200
    if request.method == "POST":
        form = ResponseForm(request.POST)
        formset = CommitmentFormSet(request.POST, prefix="c",
                                    form_kwargs={"party": rec.party})
        if form.is_valid() and formset.is_valid():
            try:
                create_once_from(request, lambda: rsvc.response_create(
                    actor=request.user, recommendation=rec,
                    expected_version=form.cleaned_data.get("version") or 0,
                    position=form.cleaned_data["position"],
                    justification=form.cleaned_data["justification"],
                    language=form.cleaned_data["language"],
                    commitments=_commitments(formset)))
            except ConflictError as exc:
                return _conflict(request, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                _answered(request, rec)
                return redirect(_detail_url(rec))
        status = 400
    else:
        form = ResponseForm(initial={"version": rec.version})
        formset = CommitmentFormSet(prefix="c", form_kwargs={"party": rec.party})
    return render(request, "recommendations/respond.html", {
        "rec": rec, "form": form, "formset": formset,
        "text_html": render_markdown(rec.text)}, status=status)


def _answered(request, rec):
    if rec.party.requires_second_approval:
        messages.success(request, _("Your response awaits a second official's "
                                    "approval before it is published."))
    else:
        messages.success(request, _("Your response was published."))


def _conflict(request, exc: ConflictError):
    rec = exc.recommendation
    return render(request, "recommendations/conflict.html", {
        "rec": rec, "message": exc.message, "response": exc.response,
        "justification_html": render_markdown(exc.response.justification)
        if exc.response else "",
    }, status=409)


@login_required
@require_POST
def response_approve(request, pk: int):
    rec = sel.recommendation_detail(request.user, pk)
    try:
        rsvc.response_approve(actor=request.user, recommendation=rec,
                              expected_version=int(request.POST.get("version") or 0))
    except ConflictError as exc:
        return _conflict(request, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _render_detail(request, rec, 400)
    messages.success(request, _("The response was approved and published."))
    return redirect(_detail_url(rec))


@login_required
@require_POST
def response_return(request, pk: int):
    rec = sel.recommendation_detail(request.user, pk)
    try:
        rsvc.response_reject(actor=request.user, recommendation=rec,
                             expected_version=int(request.POST.get("version") or 0),
                             note=request.POST.get("note", ""))
    except ConflictError as exc:
        return _conflict(request, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _render_detail(request, rec, 400)
    messages.success(request, _("The proposed response was sent back."))
    return redirect(_detail_url(rec))
