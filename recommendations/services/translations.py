"""Translations of a recommendation's title and text into the other official languages.

The original stays the reference (its language, its versions); a translation is a
reader's aid, added by the filer or UNODC staff, one per language (adding it again
replaces it). It is read through its recommendation, so it is exactly as visible.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.core import content_language
from portal.core.i18n import SELF_NAMES
from recommendations import policies
from recommendations.events import (
    recommendation_translation_added_event,
    recommendation_translation_removed_event,
)
from recommendations.models import Recommendation, RecommendationTranslation
from recommendations.services.recommendations import lock, search_vector_refresh


def _payload(language: str) -> dict:
    # the language's own name: the same in every reader's timeline
    return {"language": language, "language_name": SELF_NAMES.get(language, language)}


def recommendation_translation_add(
    *, actor, recommendation: Recommendation, language: str, title: str, text: str
) -> RecommendationTranslation:
    """Add (or replace) the translation of the title and text into ``language``."""
    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.can_translate_recommendation(actor, rec):
            raise PermissionDenied
        errors: dict[str, list[str]] = {}
        code = content_language.normalize(language) if language else None
        if not language:
            errors["language"] = [_("Choose the language of the translation.")]
        elif code is None:
            errors["language"] = [
                _("“%(code)s” is not one of the portal's languages. Choose one of: %(codes)s.")
                % {"code": language, "codes": ", ".join(content_language.codes())}
            ]
        elif code == rec.language:
            errors["language"] = [
                _(
                    "The recommendation is written in %(language)s: a translation must be "
                    "in another language."
                )
                % {"language": content_language.name(rec.language)}
            ]
        if not (title or "").strip():
            errors["title"] = [_("Enter the translated title.")]
        if not (text or "").strip():
            errors["text"] = [_("Enter the translated text.")]
        if errors:
            raise ValidationError(errors)
        assert code is not None  # an unknown language was refused above
        translation, _created = RecommendationTranslation.objects.update_or_create(
            recommendation=rec,
            language=code,
            defaults={"title": title.strip(), "text": text.strip(), "added_by": actor},
        )
        search_vector_refresh([rec.pk])
        recommendation_translation_added_event(
            recommendation=rec,
            actor=actor,
            **_payload(code),
        )
        return translation


def recommendation_translation_delete(*, actor, translation: RecommendationTranslation) -> None:
    with transaction.atomic():
        rec = lock(translation.recommendation_id)
        if not policies.can_translate_recommendation(actor, rec):
            raise PermissionDenied
        language = translation.language
        translation.delete()
        search_vector_refresh([rec.pk])
        recommendation_translation_removed_event(
            recommendation=rec,
            actor=actor,
            **_payload(language),
        )
