"""Adding and removing translations: of a recommendation and of its response (forms on
the recommendation's page), of a progress report (on the follow-up action's page). A
removal is asked on a page of its own first (GET), which shows the translation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.core import content_language
from portal.core.forms import form_service
from portal.core.views import confirm_page
from recommendations import policies
from recommendations.forms.translations import (
    ProgressReportTranslationForm,
    ResponseTranslationForm,
    TranslationForm,
)
from recommendations.models import (
    ProgressReportTranslation,
    RecommendationTranslation,
    ResponseTranslation,
)
from recommendations.selectors import followup as followup_sel
from recommendations.selectors import recommendations as sel
from recommendations.services import translations as svc
from recommendations.views.followup import render_action
from recommendations.views.recommendations import _detail_url, _render_detail


def _saved(request, language: str) -> None:
    messages.success(request, _("The translation into %(language)s was saved.")
                     % {"language": content_language.name(language)})


def _removed(request, language: str) -> None:
    messages.success(request, _("The translation into %(language)s was removed.")
                     % {"language": content_language.name(language)})


def _confirm_removal(request, translation, *, question: str, quote: str, cancel_url: str):
    """The page that asks before a translation is removed, quoting it (GET); its
    button posts to the same address, which removes it."""
    return confirm_page(
        request,
        question=question,
        consequence=_("Readers of %(language)s will see the original again. The "
                      "translation can be added again later.")
        % {"language": content_language.name(translation.language)},
        action_label=_("Yes, remove the translation"),
        cancel_url=cancel_url,
        quote=quote,
        quote_language=translation.language,
    )


@login_required
@require_POST
def translation_add(request, pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    if not policies.can_translate_recommendation(request.user, rec):
        raise PermissionDenied
    form = TranslationForm(request.POST, prefix="translation")
    done, translation = form_service(
        form,
        lambda: svc.recommendation_translation_add(
            actor=request.user, recommendation=rec, **form.cleaned_data
        ),
    )
    if done:
        _saved(request, translation.language)
        return redirect(_detail_url(rec) + f"?text={translation.language}#translations")
    return _render_detail(
        request,
        sel.recommendation_detail(request.user, pk),
        400,
        translation_form=form,
        error_form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def translation_delete(request, pk: int, language: str):
    """GET asks on a page of its own; POST removes the translation."""
    rec = sel.recommendation_for_update(request.user, pk)
    translation = get_object_or_404(
        RecommendationTranslation, recommendation=rec, language=language
    )
    if request.method == "GET":
        if not policies.can_translate_recommendation(request.user, rec):
            raise PermissionDenied
        return _confirm_removal(
            request, translation,
            question=_("Remove the %(language)s translation of “%(title)s”?")
            % {"language": content_language.name(translation.language), "title": rec.title},
            quote=f"{translation.title}\n\n{translation.text}",
            cancel_url=_detail_url(rec) + "#translations")
    svc.recommendation_translation_delete(actor=request.user, translation=translation)
    _removed(request, language)
    return redirect(_detail_url(rec) + "#translations")


# --- the response -------------------------------------------------------------------------


def _response_of(request, pk: int):
    rec = sel.recommendation_for_update(request.user, pk)
    if not policies.can_translate_response(request.user, rec):
        raise PermissionDenied
    return rec, rec.response


@login_required
@require_POST
def response_translation_add(request, pk: int):
    rec, response = _response_of(request, pk)
    form = ResponseTranslationForm(request.POST, prefix="response-translation")
    done, translation = form_service(
        form,
        lambda: svc.response_translation_add(
            actor=request.user, response=response, **form.cleaned_data
        ),
    )
    if done:
        _saved(request, translation.language)
        return redirect(_detail_url(rec) + f"?text={translation.language}#response")
    return _render_detail(request, sel.recommendation_detail(request.user, pk), 400,
                          response_translation_form=form, error_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def response_translation_delete(request, pk: int, language: str):
    """GET asks on a page of its own; POST removes the translation."""
    rec, response = _response_of(request, pk)
    translation = get_object_or_404(ResponseTranslation, response=response, language=language)
    if request.method == "GET":
        return _confirm_removal(
            request, translation,
            question=_("Remove the %(language)s translation of the response to “%(title)s”?")
            % {"language": content_language.name(translation.language), "title": rec.title},
            quote=translation.justification,
            cancel_url=_detail_url(rec) + "#response")
    svc.response_translation_delete(actor=request.user, translation=translation)
    _removed(request, language)
    return redirect(_detail_url(rec) + "#response")


# --- progress reports ---------------------------------------------------------------------


def _report_of(request, pk: int, report_pk: int):
    action = followup_sel.action_detail(request.user, pk)
    report = get_object_or_404(action.progress_reports.all(), pk=report_pk)
    if not policies.can_translate_progress_report(request.user, action):
        raise PermissionDenied
    return action, report


@login_required
@require_POST
def report_translation_add(request, pk: int, report_pk: int):
    action, report = _report_of(request, pk, report_pk)
    form = ProgressReportTranslationForm(request.POST, prefix=f"report-{report.pk}")
    done, translation = form_service(
        form,
        lambda: svc.progress_report_translation_add(
            actor=request.user, report=report, **form.cleaned_data
        ),
    )
    if done:
        _saved(request, translation.language)
        return redirect(reverse("followup:detail", args=[action.pk])
                        + f"?text={translation.language}#report-{report.pk}")
    return render_action(request, action, status=400, report_forms={report.pk: form})


@login_required
@require_http_methods(["GET", "POST"])
def report_translation_delete(request, pk: int, report_pk: int, language: str):
    """GET asks on a page of its own; POST removes the translation."""
    action, report = _report_of(request, pk, report_pk)
    translation = get_object_or_404(ProgressReportTranslation, report=report, language=language)
    if request.method == "GET":
        return _confirm_removal(
            request, translation,
            question=_("Remove the %(language)s translation of the progress report of "
                       "%(date)s?")
            % {"language": content_language.name(translation.language),
               "date": date_format(report.reported_on, "DATE_FORMAT")},
            quote=translation.text,
            cancel_url=reverse("followup:detail", args=[action.pk]) + f"#report-{report.pk}")
    svc.progress_report_translation_delete(actor=request.user, translation=translation)
    _removed(request, language)
    return redirect(reverse("followup:detail", args=[action.pk]) + f"#report-{report.pk}")
