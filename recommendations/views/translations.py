"""Adding and removing translations of a recommendation (the detail page's form)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core import content_language
from portal.core.forms import form_service
from recommendations import policies
from recommendations.forms.translations import TranslationForm
from recommendations.models import RecommendationTranslation
from recommendations.selectors import recommendations as sel
from recommendations.services import translations as svc
from recommendations.views.recommendations import _detail_url, _render_detail


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
        messages.success(
            request,
            _("The translation into %(language)s was saved.")
            % {"language": content_language.name(translation.language)},
        )
        return redirect(_detail_url(rec) + f"?text={translation.language}#translations")
    return _render_detail(
        request,
        sel.recommendation_detail(request.user, pk),
        400,
        translation_form=form,
        error_form=form,
    )


@login_required
@require_POST
def translation_delete(request, pk: int, language: str):
    rec = sel.recommendation_for_update(request.user, pk)
    translation = get_object_or_404(
        RecommendationTranslation, recommendation=rec, language=language
    )
    svc.recommendation_translation_delete(actor=request.user, translation=translation)
    messages.success(
        request,
        _("The translation into %(language)s was removed.")
        % {"language": content_language.name(language)},
    )
    return redirect(_detail_url(rec) + "#translations")
