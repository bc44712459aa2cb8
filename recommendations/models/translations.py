"""Translations of recommendations, responses and progress reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.content_language import ContentLanguageField
from recommendations.models.followup import ProgressReport
from recommendations.models.recommendations import Recommendation, Response


class ContentTranslation(models.Model):
    """What a user wrote, in another official language than its own: a reader's aid
    (the original stays the reference), one per language, added again to replace it.
    Read through the thing it translates, so exactly as visible
    (recommendations/services/translations.py)."""

    language = ContentLanguageField(default=None, help_text=_("The language of the translation."))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RecommendationTranslation(ContentTranslation):
    """The title and text of a recommendation, by the filer or UNODC staff."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="translations"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("recommendation"), max_length=10000)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "language"], name="recommendation_translation_unique"
            ),
        ]
        verbose_name = _("recommendation translation")
        verbose_name_plural = _("recommendation translations")

    def __str__(self) -> str:
        return f"{self.recommendation_id} ({self.language})"


class ResponseTranslation(ContentTranslation):
    """The justification of a State's response, by its focal persons or UNODC staff."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="translations")
    justification = models.TextField(_("justification"), max_length=10000)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "language"], name="response_translation_unique"
            ),
        ]
        verbose_name = _("response translation")
        verbose_name_plural = _("response translations")

    def __str__(self) -> str:
        return f"{self.response_id} ({self.language})"


class ProgressReportTranslation(ContentTranslation):
    """The text of a progress report, by those who report on the action or UNODC staff."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="translations"
    )
    text = models.TextField(_("progress"), max_length=10000)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "language"], name="progress_report_translation_unique"
            ),
        ]
        verbose_name = _("progress report translation")
        verbose_name_plural = _("progress report translations")

    def __str__(self) -> str:
        return f"{self.report_id} ({self.language})"
