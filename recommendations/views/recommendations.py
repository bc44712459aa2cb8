"""Pages of the filing loop: list and search, detail, draft form, preview, submission
receipt, corrections, withdrawal, publishing, consideration, deadline, sharing,
co-signing and endorsing (answers, discussion and consolidation have their own modules).
Thin: a form validates, one service acts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from consultations.models import Organization
from consultations.roles import roles_of
from portal.core import content_language
from portal.core.errors import ConflictError
from portal.core.forms import add_service_errors, form_service
from portal.core.idempotency import create_once_from
from portal.core.paging import CappedPaginator
from portal.core.views import confirm_page
from recommendations import policies
from recommendations.forms.recommendations import (
    AttachmentForm,
    CommentForm,
    CorrectionForm,
    CosignInviteForm,
    DeadlineForm,
    EndorseForm,
    NoteForm,
    RecommendationFilterForm,
    RecommendationForm,
    ShareForm,
    WithdrawForm,
)
from recommendations.forms.safety import CosignConfirmForm
from recommendations.forms.translations import ResponseTranslationForm, TranslationForm
from recommendations.markdown import render_markdown
from recommendations.models import CoSignature, Recommendation
from recommendations.notifications import recommendation_url
from recommendations.selectors import recommendations as sel
from recommendations.selectors import safety
from recommendations.selectors.translations import (
    shown_fields,
    shown_text,
)
from recommendations.services import cosignatures as cosign
from recommendations.services import recommendations as svc


def _detail_url(rec) -> str:
    return recommendation_url(rec)


# --- list ---------------------------------------------------------------------------------


@require_GET
def recommendation_list(request):
    form = RecommendationFilterForm(request.GET or None)
    filters = form.to_filters()
    matching = sel.recommendations_matching(request.user, filters)
    ranked = sel.ranked_ids(matching)
    paginator = (CappedPaginator(matching, 20, rows=sel.recommendation_rows)
                 if ranked is None else
                 CappedPaginator(ranked, 20, rows=sel.recommendation_rows_for))
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    window = sel.search_window() if filters.q else None
    return render(request, "recommendations/list.html", {
        "form": form, "page": page, "querystring": params.urlencode(),
        "search_window": window if window and page.paginator.count >= window else None,
        "can_file": bool(roles_of(request.user).verified_org_ids),
        "can_consolidate": policies.can_consolidate(request.user),
    })


# --- detail -------------------------------------------------------------------------------


def _detail_context(request, rec, **forms) -> dict:
    user = request.user
    roles = roles_of(user)
    my_cosignatures = [c for c in rec.cosignatures.all()
                       if policies.can_decide_cosignature(user, c)]
    endorse_ids = policies.endorsing_org_ids(user, rec)
    endorse_orgs = Organization.objects.filter(pk__in=endorse_ids) if endorse_ids else None
    response = rec.response if policies.can_view_response(user, rec) else None
    wanted = request.GET.get("text", "")
    language = content_language.normalize(wanted) or content_language.reader_language(request)
    shown = shown_text(rec, original=wanted == "original", language=language)
    response_shown = shown_fields(response, ("justification",), language=language,
                                  original_text=wanted == "original") if response else None
    cross_border = request.GET.get("cross_border") == "1"
    can = {**policies.recommendation_capabilities(user, rec, endorse_ids=endorse_ids),
           "is_filer": rec.organization_id in roles.member_org_ids,
           "is_author": policies.is_author(user, rec)}
    context = {
        "rec": rec, "can": can, "response": response,
        "shown": shown,
        "text_html": render_markdown(shown.text),
        "rationale_html": render_markdown(safety.rationale_for(user, rec)),
        "response_shown": response_shown,
        "justification_html": (render_markdown(response_shown.values["justification"])
                               if response_shown else ""),
        "can_translate_response": policies.can_translate_response(user, rec),
        "response_translation_form": forms.get("response_translation_form")
        or ResponseTranslationForm(prefix="response-translation"),
        "cosigners": [c for c in rec.cosignatures.all()
                      if c.status == CoSignature.Status.CONFIRMED],
        "pending_cosignatures": [c for c in rec.cosignatures.all()
                                 if c.status == CoSignature.Status.INVITED],
        "my_cosignatures": my_cosignatures,
        "cosign_form": CosignConfirmForm(),
        "my_confirmed_cosignatures": [
            c for c in rec.cosignatures.all()
            if policies.can_change_cosigner_attribution(user, c)],
        "endorsements": list(rec.endorsements.all()),
        "versions": safety.versions_for(user, rec),
        "actions": list(rec.actions.all()),
        "attachments": safety.attachments_for(user, rec),
        "timeline": sel.timeline_for(user, rec),
        "notes": sel.internal_notes_for(user, rec),
        "comments": sel.comments_for(user, rec),
        "note_form": forms.get("note_form") or NoteForm(prefix="note"),
        "comment_form": forms.get("comment_form") or CommentForm(prefix="comment"),
        "translation_form": forms.get("translation_form")
        or TranslationForm(prefix="translation"),
        "invite_form": forms.get("invite_form") or CosignInviteForm(
            organizations=policies.cosign_candidates(user, rec, cross_border=cross_border)
            if can["invite_cosigner"] else None, initial={"cross_border": cross_border}),
        "cross_border": cross_border,
        "endorse_form": forms.get("endorse_form") or EndorseForm(organizations=endorse_orgs),
        "deadline_form": forms.get("deadline_form") or DeadlineForm(
            initial={"due_on": rec.response_due_on}),
        "share_form": forms.get("share_form") or ShareForm(
            initial={"shared_with_alliance": rec.shared_with_alliance}),
        "error_form": forms.get("error_form"),
    }
    return context


def _render_detail(request, rec, status=200, **forms):
    return render(request, "recommendations/detail.html",
                  _detail_context(request, rec, **forms), status=status)


@require_GET
def recommendation_detail(request, pk: int):
    rec = sel.recommendation_detail(request.user, pk)
    return _render_detail(request, rec)


# --- drafts -------------------------------------------------------------------------------


def _filing_orgs(user):
    return Organization.objects.filter(pk__in=roles_of(user).verified_org_ids)


@login_required
def recommendation_create(request):
    organizations = _filing_orgs(request.user)
    if not organizations.exists():
        return render(request, "recommendations/cannot_file.html", status=403)
    initial = {}
    orgs = list(organizations)
    if len(orgs) == 1:
        initial["organization"] = orgs[0]
    countries = {o.country_id for o in orgs}
    if len(countries) == 1 and None not in countries:  # the filer's own State
        initial["party"] = countries.pop()
    form = RecommendationForm(request.POST or None, organizations=organizations,
                              initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rec = create_once_from(request, lambda: svc.recommendation_create(
                actor=request.user, organization=form.cleaned_data["organization"],
                **form.service_kwargs()))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _after_save(request, rec)
    return render(request, "recommendations/form.html", {"form": form, "rec": None},
                  status=400 if form.errors else 200)


def _after_save(request, rec):
    if request.POST.get("action") == "preview":
        return redirect("recommendations:preview", pk=rec.pk)
    messages.success(request, _("Your draft was saved."))
    return redirect("recommendations:edit", pk=rec.pk)


@login_required
def recommendation_edit(request, pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    if not policies.can_edit_recommendation(request.user, rec):
        if rec.status != Recommendation.Status.DRAFT and rec.organization_id in roles_of(
                request.user).member_org_ids:
            messages.info(request, _("This recommendation has been submitted: its text is "
                                     "frozen. You can propose a correction."))
            return redirect(_detail_url(rec))
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = RecommendationForm(request.POST)
        if form.is_valid():
            try:
                rec = svc.recommendation_update(
                    actor=request.user, recommendation=rec,
                    expected_version=form.cleaned_data.get("version"),
                    **form.service_kwargs())
            except ConflictError as exc:
                form.add_error(None, exc.message)
                status = 409
                rec.refresh_from_db()
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _after_save(request, rec)
        status = status if status != 200 else 400
    else:
        form = RecommendationForm(initial=RecommendationForm.initial_for(rec))
    return render(request, "recommendations/form.html", {
        "form": form, "rec": rec, "attachment_form": AttachmentForm(),
        "attachments": list(rec.attachments.all()),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_delete(request, pk: int):
    """GET asks on a page of its own; POST deletes."""
    rec = sel.recommendation_for_update(request.user, pk)
    if not policies.can_edit_recommendation(request.user, rec):
        raise PermissionDenied
    if request.method == "GET":
        return confirm_page(
            request, question=_("Are you sure you want to delete the draft “%(title)s”?")
            % {"title": rec.title},
            consequence=_("The draft and its attachments will be deleted. This cannot be "
                          "undone."),
            action_label=_("Yes, delete the draft"),
            cancel_url=reverse("recommendations:edit", args=[rec.pk]))
    svc.recommendation_delete(actor=request.user, recommendation=rec)
    messages.success(request, _("The draft was deleted."))
    return redirect("recommendations:list")


@login_required
def recommendation_preview(request, pk: int):
    rec = sel.recommendation_detail(request.user, pk)
    if rec.status != Recommendation.Status.DRAFT:
        return redirect("recommendations:receipt", pk=rec.pk)
    if not policies.can_edit_recommendation(request.user, rec):
        raise PermissionDenied
    return _render_preview(request, rec)


def _render_preview(request, rec, errors=None, status=200):
    missing = []
    if not rec.text.strip():
        missing.append(_("Write the recommendation text."))
    if not rec.instruments.all():
        missing.append(_("Choose at least one instrument."))
    return render(request, "recommendations/preview.html", {
        "rec": rec, "text_html": render_markdown(rec.text),
        "rationale_html": render_markdown(rec.rationale), "missing": missing,
        "errors": errors or [], "can_submit": policies.can_submit_recommendation(
            request.user, rec),
        "similar": sel.recommendations_similar(request.user, party_id=rec.party_id,
                                               title=rec.title, exclude_pk=rec.pk),
    }, status=status)


@login_required
@require_POST
def recommendation_submit(request, pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    try:
        rec = svc.recommendation_submit(actor=request.user, recommendation=rec)
    except ValidationError as exc:
        rec = sel.recommendation_detail(request.user, pk)
        return _render_preview(request, rec, errors=exc.messages, status=400)
    return redirect("recommendations:receipt", pk=rec.pk)


@login_required
@require_GET
def recommendation_receipt(request, pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    if not rec.reference:
        return redirect("recommendations:preview", pk=rec.pk)
    return render(request, "recommendations/receipt.html", {"rec": rec})


# --- after submission ---------------------------------------------------------------------------


@login_required
def recommendation_correct(request, pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    if not policies.can_correct_recommendation(request.user, rec):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                svc.recommendation_correct(actor=request.user, recommendation=rec,
                                           expected_version=d.get("version"), title=d["title"],
                                           text=d["text"], rationale=d["rationale"],
                                           note=d["note"])
            except ConflictError as exc:
                form.add_error(None, exc.message)
                status = 409
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your correction was saved as a new version."))
                return redirect(_detail_url(rec))
        status = status if status != 200 else 400
    else:
        form = CorrectionForm(initial={"title": rec.title, "text": rec.text,
                                       "rationale": rec.rationale, "version": rec.version})
    return render(request, "recommendations/correct.html", {"form": form, "rec": rec},
                  status=status)


@login_required
def recommendation_withdraw(request, pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    if not policies.can_withdraw_recommendation(request.user, rec):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.recommendation_withdraw(actor=request.user, recommendation=rec,
                                        note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The recommendation was withdrawn."))
            return redirect(_detail_url(rec))
    return render(request, "recommendations/withdraw.html", {"form": form, "rec": rec},
                  status=400 if form.errors else 200)


def _simple_post(request, pk, action, success):
    rec = sel.recommendation_for_update(request.user, pk)
    try:
        action(actor=request.user, recommendation=rec)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _render_detail(request, sel.recommendation_detail(request.user, pk), 400)
    messages.success(request, success)
    return redirect(_detail_url(rec))


@login_required
@require_POST
def recommendation_publish(request, pk: int):
    return _simple_post(request, pk, svc.recommendation_publish,
                        _("The recommendation is now public."))


@login_required
@require_POST
def recommendation_consider(request, pk: int):
    return _simple_post(request, pk, svc.recommendation_consider,
                        _("The recommendation is now under consideration."))


@login_required
@require_POST
def recommendation_deadline(request, pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    form = DeadlineForm(request.POST)
    done, _result = form_service(form, lambda: svc.recommendation_deadline_set(
        actor=request.user, recommendation=rec, due_on=form.cleaned_data["due_on"],
        note=form.cleaned_data["note"]))
    if done:
        messages.success(request, _("The response deadline was changed."))
        return redirect(_detail_url(rec))
    return _render_detail(request, sel.recommendation_detail(request.user, pk), 400,
                          deadline_form=form, error_form=form)


@login_required
@require_POST
def recommendation_share(request, pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    if not policies.can_share_with_alliance(request.user, rec):
        raise PermissionDenied
    form = ShareForm(request.POST)
    done, result = form_service(form, lambda: svc.recommendation_share_with_alliance(
        actor=request.user, recommendation=rec,
        shared=form.cleaned_data["shared_with_alliance"]))
    if done:
        messages.success(request, _("The draft is shared with your alliances' coordinators.")
                         if result.shared_with_alliance
                         else _("The draft is no longer shared with your alliances."))
        return redirect(_detail_url(rec))
    return _render_detail(request, sel.recommendation_detail(request.user, pk), 400,
                          share_form=form, error_form=form)


# --- co-signing and endorsing ---------------------------------------------------------------


@login_required
@require_POST
def cosign_invite(request, pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    # Validated against every organization that may be invited at all (invited ones too:
    # a repeated post finds its invitation); the service says why one of another State
    # needs the explicit cross-border choice, or that one is invited already.
    form = CosignInviteForm(request.POST, organizations=policies.cosign_candidates(
        request.user, rec, cross_border=True, invited_too=True))
    done, cosig = form_service(form, lambda: create_once_from(request, lambda: (
        cosign.cosignature_invite(actor=request.user, recommendation=rec,
                               organization=form.cleaned_data["organization"],
                               cross_border=form.cleaned_data["cross_border"]))))
    if done:
        messages.success(request, _("The invitation to co-sign was sent."))
        if not getattr(cosig, "confirmers", 1):  # 1: a repeated post, told the first time
            messages.warning(request, _(
                "Nobody can confirm for %(org)s yet: it has no members on the portal. The "
                "invitation waits until someone joins it.") % {"org": cosig.organization.name})
        return redirect(_detail_url(rec) + "#cosigners")
    return _render_detail(request, sel.recommendation_detail(request.user, pk), 400,
                          invite_form=form, error_form=form)


@login_required
@require_POST
def cosign_decide(request, pk: int, cosignature_pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    cosig = get_object_or_404(CoSignature, pk=cosignature_pk, recommendation=rec)
    accept = request.POST.get("decision") == "confirm"
    try:
        cosign.cosignature_decide(actor=request.user, cosignature=cosig, accept=accept,
                                  attribution=request.POST.get("attribution", "named"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_detail_url(rec))
    messages.success(request, _("You co-signed the recommendation.") if accept
                     else _("You declined to co-sign."))
    return redirect(_detail_url(rec))


@login_required
@require_POST
def endorse(request, pk: int):
    rec = sel.recommendation_detail(request.user, pk)
    ids = policies.endorsing_org_ids(request.user, rec)
    form = EndorseForm(request.POST, organizations=Organization.objects.filter(
        pk__in=ids | set(roles_of(request.user).verified_org_ids)))
    done, _result = form_service(form, lambda: create_once_from(request, lambda: (
        cosign.endorsement_create(actor=request.user, recommendation=rec,
                               organization=form.cleaned_data["organization"]))))
    if done:
        messages.success(request, _("Endorsed. You will be told when the State "
                                    "responds."))
        return redirect(_detail_url(rec))
    return _render_detail(request, sel.recommendation_detail(request.user, pk), 400,
                          endorse_form=form, error_form=form)
