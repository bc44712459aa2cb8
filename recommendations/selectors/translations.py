"""Which text of a recommendation a reader gets: the translation into their language
when there is one, otherwise (or on request) the original, always marked as which."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from recommendations.models import Recommendation, RecommendationTranslation


def translations_prefetch() -> Prefetch:
    """One query for every translation of the recommendations fetched, with their
    authors: whatever the number of translations, the pages' query counts stay fixed."""
    return Prefetch(
        "translations", queryset=RecommendationTranslation.objects.select_related("added_by")
    )


@dataclass(frozen=True)
class ShownText:
    title: str
    text: str
    language: str
    original_language: str
    translation: RecommendationTranslation | None = None
    translations: list[RecommendationTranslation] = field(default_factory=list)

    @property
    def is_original(self) -> bool:
        return self.translation is None


def shown_text(rec: Recommendation, *, language: str, original: bool = False) -> ShownText:
    """The recommendation's title and text for a reader of ``language`` (from the
    prefetched translations)."""
    translations = list(rec.translations.all())
    chosen = None
    if not original and language != rec.language:
        chosen = next((t for t in translations if t.language == language), None)
    if chosen is None:
        return ShownText(rec.title, rec.text, rec.language, rec.language, None, translations)
    return ShownText(chosen.title, chosen.text, chosen.language, rec.language, chosen, translations)
