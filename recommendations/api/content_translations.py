"""The serializers of the translations of a State's response and of progress reports (their
actions are in translations.py, with the recommendation's). They are reached through the
recommendation or the action the caller may see, so a translation is exactly as visible
as what it translates (a response awaiting approval: the State's officials and UNODC
staff only)."""

from __future__ import annotations

from rest_framework import serializers

from portal.api.content_language import ContentLanguageField
from recommendations import policies
from recommendations.models import ProgressReportTranslation, ResponseTranslation

LANGUAGE_HELP = (
    "The language of the translation: another of ar, zh-hans, en, fr, ru, es "
    "than the original's own."
)


class _AddedBy(serializers.ModelSerializer):
    added_by = serializers.SerializerMethodField()

    def get_added_by(self, obj) -> str:
        """The translator's name as the reader may see it ("" when kept)."""
        return policies.person_name_for(
            self.context.get("user"), obj.added_by, party_id=self.context.get("party_id")
        )


class ResponseTranslationSerializer(_AddedBy):
    class Meta:
        model = ResponseTranslation
        fields = ["language", "justification", "added_by", "created_at", "updated_at"]


class ResponseTranslationCreateSerializer(serializers.Serializer):
    language = ContentLanguageField(required=True, help_text=LANGUAGE_HELP)
    justification = serializers.CharField(max_length=10000)


class ProgressReportTranslationSerializer(_AddedBy):
    class Meta:
        model = ProgressReportTranslation
        fields = ["language", "text", "added_by", "created_at", "updated_at"]


class ProgressReportTranslationCreateSerializer(serializers.Serializer):
    language = ContentLanguageField(required=True, help_text=LANGUAGE_HELP)
    text = serializers.CharField(max_length=10000)
