"""Which text of a recommendation, a response or a progress report a reader gets: the
translation into their language when there is one, otherwise (or on request) the
original, always marked as which."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import get_language

from portal.core import content_language
from recommendations.models import (
    ProgressReportTranslation,
    Recommendation,
    RecommendationTranslation,
    ResponseTranslation,
)


def translations_prefetch() -> Prefetch:
    """One query for every translation of the recommendations fetched, with their
    authors: whatever the number of translations, the pages' query counts stay fixed."""
    return Prefetch(
        "translations", queryset=RecommendationTranslation.objects.select_related("added_by")
    )


def reader_language() -> str:
    """The content language of the current interface language: the language in which
    a list's rows are shown."""
    return content_language.normalize(get_language()) or "en"


def translated_title(language: str) -> Subquery:
    """Each recommendation's title in its translation into ``language`` (None without
    one): a correlated subquery on the unique (recommendation, language), for the rows
    of a list, which show nothing else of a translation (``shown_row_title``)."""
    return Subquery(RecommendationTranslation.objects.filter(
        recommendation=OuterRef("pk"), language=language).values("title")[:1])


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


def response_translations_prefetch(prefix: str = "") -> Prefetch:
    """The translations of responses (``prefix``: the path to the response)."""
    return Prefetch(f"{prefix}translations",
                    queryset=ResponseTranslation.objects.select_related("added_by"))


def report_translations_prefetch() -> Prefetch:
    """The translations of progress reports, with their authors, in one query."""
    return Prefetch("translations",
                    queryset=ProgressReportTranslation.objects.select_related("added_by"))


@dataclass(frozen=True)
class Shown:
    """The fields of a text as the reader gets them (``values``), in ``language``."""

    values: dict
    language: str
    original_language: str
    translation: object | None = None
    translations: list = field(default_factory=list)

    @property
    def is_original(self) -> bool:
        return self.translation is None


def shown_fields(original, fields: tuple[str, ...], *, language: str,
                 original_text: bool = False) -> Shown:
    """``fields`` of ``original`` (a response, a progress report: anything with a
    ``language`` and prefetched ``translations``) for a reader of ``language``."""
    translations = list(original.translations.all())
    chosen = None
    if not original_text and language != original.language:
        chosen = next((t for t in translations if t.language == language), None)
    source = chosen or original
    return Shown({name: getattr(source, name) for name in fields},
                 chosen.language if chosen else original.language, original.language,
                 chosen, translations)


def shown_text(rec: Recommendation, *, language: str, original: bool = False) -> ShownText:
    """The recommendation's title and text for a reader of ``language`` (from the
    prefetched translations)."""
    shown = shown_fields(rec, ("title", "text"), language=language, original_text=original)
    return ShownText(shown.values["title"], shown.values["text"], shown.language,
                     shown.original_language,
                     cast("RecommendationTranslation | None", shown.translation),
                     shown.translations)


def shown_row_title(rec: Recommendation, *, language: str,
                    translated: str | None) -> tuple[str, str, bool]:
    """``shown_text``'s title, language and whether it is a translation, from
    ``translated`` (the ``translated_title`` of ``language``) instead of the prefetched
    translations: the same choice (a translation only into another language than the
    original's)."""
    if translated is not None and language != rec.language:
        return translated, language, True
    return rec.title, rec.language, False
