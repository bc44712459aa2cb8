"""Translations of what users wrote into the other official languages: a recommendation's
title and text, a State's response (its justification), a progress report's text.

The original stays the reference (its language, its versions); a translation is a
reader's aid, one per language (adding it again replaces it). It is read through the
thing it translates, so it is exactly as visible. One implementation serves the three:
each kind states its fields, who may translate, how its row is locked and which
timeline records the change (``Translatable``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core import content_language
from portal.core.i18n import SELF_NAMES
from recommendations import policies
from recommendations.events import (
    ProgressReportEventKind,
    RecommendationEventKind,
    ResponseEventKind,
    content_translation_event,
)
from recommendations.models import (
    ContentTranslation,
    ProgressReport,
    ProgressReportTranslation,
    Recommendation,
    RecommendationTranslation,
    Response,
    ResponseTranslation,
)
from recommendations.services.recommendations import lock, search_vector_refresh


@dataclass(frozen=True)
class Translatable:
    model: Any  # a ContentTranslation model
    parent: str  # the translation's foreign key to the original
    #: the translated fields, each with the message when it is left empty
    fields: dict[str, Any]
    #: "%(language)s" is the original's language
    same_language: Any
    lock: Callable[[Any], Any]
    may_translate: Callable[[Any, Any], bool]
    #: the kinds of event recorded when a translation is added or removed
    added: Any
    removed: Any
    event_target: Callable[[Any], Any]
    changed: Callable[[Any], None] = lambda original: None


def _lock_response(response: Response) -> Response:
    return (
        Response.objects.select_for_update(of=("self",))
        .select_related("recommendation__party")
        .get(pk=response.pk)
    )


def _lock_report(report: ProgressReport) -> ProgressReport:
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("action")
        .get(pk=report.pk)
    )


RECOMMENDATION = Translatable(
    model=RecommendationTranslation,
    parent="recommendation",
    fields={
        "title": gettext_lazy("Enter the translated title."),
        "text": gettext_lazy("Enter the translated text."),
    },
    same_language=gettext_lazy(
        "The recommendation is written in %(language)s: a translation must be in another language."
    ),
    lock=lock,
    may_translate=policies.can_translate_recommendation,
    added=RecommendationEventKind.TRANSLATION_ADDED,
    removed=RecommendationEventKind.TRANSLATION_REMOVED,
    event_target=lambda rec: rec,
    changed=lambda rec: search_vector_refresh([rec.pk]),
)
RESPONSE = Translatable(
    model=ResponseTranslation,
    parent="response",
    fields={"justification": gettext_lazy("Enter the translated justification.")},
    same_language=gettext_lazy(
        "The response is written in %(language)s: a translation must be in another language."
    ),
    lock=_lock_response,
    may_translate=lambda user, response: policies.can_translate_response(
        user, response.recommendation
    ),
    added=ResponseEventKind.TRANSLATION_ADDED,
    removed=ResponseEventKind.TRANSLATION_REMOVED,
    event_target=lambda response: response.recommendation,
)
PROGRESS_REPORT = Translatable(
    model=ProgressReportTranslation,
    parent="report",
    fields={"text": gettext_lazy("Enter the translated progress report.")},
    same_language=gettext_lazy(
        "The progress report is written in %(language)s: a translation must be in another language."
    ),
    lock=_lock_report,
    may_translate=lambda user, report: policies.can_translate_progress_report(user, report.action),
    added=ProgressReportEventKind.TRANSLATION_ADDED,
    removed=ProgressReportEventKind.TRANSLATION_REMOVED,
    event_target=lambda report: report.action,
)


def _payload(language: str) -> dict:
    # the language's own name: the same in every reader's timeline
    return {"language": language, "language_name": SELF_NAMES.get(language, language)}


def _check(kind: Translatable, original, language: str, values: dict) -> str:
    errors: dict[str, list[str]] = {}
    code = content_language.normalize(language) if language else None
    if not language:
        errors["language"] = [_("Choose the language of the translation.")]
    elif code is None:
        errors["language"] = [
            _("“%(code)s” is not one of the portal's languages. Choose one of: %(codes)s.")
            % {"code": language, "codes": ", ".join(content_language.codes())}
        ]
    elif code == original.language:
        errors["language"] = [
            str(kind.same_language) % {"language": content_language.name(original.language)}
        ]
    for name, message in kind.fields.items():
        if not (values.get(name) or "").strip():
            errors[name] = [str(message)]
    if errors:
        raise ValidationError(errors)
    assert code is not None
    return code


def translation_add(
    *, actor, kind: Translatable, original, language: str, values: dict[str, str]
) -> ContentTranslation:
    """Add (or replace) the translation of ``original`` into ``language``."""
    with transaction.atomic():
        original = kind.lock(original)
        if not kind.may_translate(actor, original):
            raise PermissionDenied
        code = _check(kind, original, language, values)
        translation, _created = kind.model.objects.update_or_create(
            **{kind.parent: original, "language": code},
            defaults={**{name: values[name].strip() for name in kind.fields}, "added_by": actor},
        )
        kind.changed(original)
        content_translation_event(
            kind=kind.added,
            target=kind.event_target(original),
            actor=actor,
            **_payload(code),
        )
        return translation


def translation_delete(*, actor, kind: Translatable, translation: ContentTranslation) -> None:
    with transaction.atomic():
        original = kind.lock(getattr(translation, kind.parent))
        if not kind.may_translate(actor, original):
            raise PermissionDenied
        language = translation.language
        translation.delete()
        kind.changed(original)
        content_translation_event(
            kind=kind.removed,
            target=kind.event_target(original),
            actor=actor,
            **_payload(language),
        )


# --- Each kind ------------------------------------------------------------------------------


def recommendation_translation_add(
    *, actor, recommendation: Recommendation, language: str, title: str, text: str
) -> RecommendationTranslation:
    """Add (or replace) the translation of the title and text into ``language``."""
    return cast(
        RecommendationTranslation,
        translation_add(
            actor=actor,
            kind=RECOMMENDATION,
            original=recommendation,
            language=language,
            values={"title": title, "text": text},
        ),
    )


def recommendation_translation_delete(*, actor, translation: RecommendationTranslation) -> None:
    translation_delete(actor=actor, kind=RECOMMENDATION, translation=translation)


def response_translation_add(
    *, actor, response: Response, language: str, justification: str
) -> ResponseTranslation:
    """Add (or replace) the translation of the response's justification."""
    return cast(
        ResponseTranslation,
        translation_add(
            actor=actor,
            kind=RESPONSE,
            original=response,
            language=language,
            values={"justification": justification},
        ),
    )


def response_translation_delete(*, actor, translation: ResponseTranslation) -> None:
    translation_delete(actor=actor, kind=RESPONSE, translation=translation)


def progress_report_translation_add(
    *, actor, report: ProgressReport, language: str, text: str
) -> ProgressReportTranslation:
    """Add (or replace) the translation of a progress report's text."""
    return cast(
        ProgressReportTranslation,
        translation_add(
            actor=actor,
            kind=PROGRESS_REPORT,
            original=report,
            language=language,
            values={"text": text},
        ),
    )


def progress_report_translation_delete(*, actor, translation: ProgressReportTranslation) -> None:
    translation_delete(actor=actor, kind=PROGRESS_REPORT, translation=translation)
