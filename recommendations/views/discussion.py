"""Internal notes, comments and their moderation, and the files attached to a draft."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.core.forms import form_service
from portal.core.idempotency import create_once_from
from portal.core.views import confirm_page
from recommendations import policies
from recommendations.forms.recommendations import (
    AttachmentForm,
    CommentForm,
    ModerateForm,
    NoteForm,
    RecommendationForm,
)
from recommendations.models import Comment, RecommendationAttachment
from recommendations.selectors import recommendations as sel
from recommendations.selectors import safety
from recommendations.services import attachments as attach
from recommendations.services import discussion as talk
from recommendations.views.recommendations import _detail_url, _render_detail


@login_required
@require_POST
def note_add(request, pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    form = NoteForm(request.POST, prefix="note")
    done, _result = form_service(form, lambda: create_once_from(request, lambda: (
        talk.note_create(actor=request.user, recommendation=rec,
                         text=form.cleaned_data["text"],
                         language=form.cleaned_data["language"]))))
    if done:
        messages.success(request, _("Your internal note was added."))
        return redirect(_detail_url(rec) + "#notes")
    return _render_detail(request, sel.recommendation_detail(request.user, pk), 400,
                          note_form=form, error_form=form)


@login_required
@require_POST
def comment_add(request, pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    form = CommentForm(request.POST, prefix="comment")
    done, comment = form_service(form, lambda: create_once_from(request, lambda: (
        talk.comment_create(actor=request.user, recommendation=rec,
                             text=form.cleaned_data["text"],
                             language=form.cleaned_data["language"]))))
    if done:
        messages.success(request, _("Your comment was published."))
        return redirect(_detail_url(rec) + f"#comment-{comment.pk}")
    return _render_detail(request, sel.recommendation_detail(request.user, pk), 400,
                          comment_form=form, error_form=form)


@login_required
@require_POST
def comment_moderate(request, pk: int, comment_pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    comment = get_object_or_404(Comment, pk=comment_pk, recommendation=rec)
    form = ModerateForm(request.POST)
    if form.is_valid():
        try:
            talk.comment_moderate(actor=request.user, comment=comment,
                                 hide=form.cleaned_data["action"] == "hide",
                                 reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return _render_detail(request, sel.recommendation_detail(request.user, pk), 400)
        messages.success(request, _("The comment was moderated."))
        return redirect(_detail_url(rec) + "#comments")
    if not policies.can_moderate_comments(request.user):
        raise PermissionDenied
    return _render_detail(request, sel.recommendation_detail(request.user, pk), 400)


@login_required
@require_POST
def attachment_upload(request, pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    done, _result = form_service(form, lambda: create_once_from(request, lambda: (
        attach.attachment_add(actor=request.user, recommendation=rec,
                           file=form.cleaned_data["file"]))))
    if done:
        messages.success(request, _("The file was attached."))
        return redirect("recommendations:edit", pk=rec.pk)
    if not policies.can_add_attachment(request.user, rec):
        raise PermissionDenied
    return render(request, "recommendations/form.html", {
        "form": RecommendationForm(initial=RecommendationForm.initial_for(rec)), "rec": rec,
        "attachment_form": form, "attachments": list(rec.attachments.all())}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def attachment_delete(request, pk: int, attachment_pk: int):
    """GET asks on a page of its own; POST removes the file."""
    rec = sel.recommendation_for_update(request.user, pk)
    attachment = get_object_or_404(RecommendationAttachment, pk=attachment_pk,
                                   recommendation=rec)
    if not policies.can_add_attachment(request.user, rec):
        raise PermissionDenied
    if request.method == "GET":
        return confirm_page(
            request, question=_("Are you sure you want to remove “%(name)s”?")
            % {"name": attachment.name},
            action_label=_("Yes, remove the file"),
            cancel_url=reverse("recommendations:edit", args=[rec.pk]))
    attach.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("The file was removed."))
    return redirect("recommendations:edit", pk=rec.pk)


@require_GET
def attachment_download(request, pk: int, attachment_pk: int):
    rec = sel.recommendation_for_update(request.user, pk)  # 404 unless visible
    attachment = safety.attachment_for(request.user, rec, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.name)
