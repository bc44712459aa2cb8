"""The API of translations: list and add them on a recommendation, remove one, and the
text in the reader's language (``?lang=`` or Accept-Language) on the detail."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api.content_language import ContentLanguageField
from portal.core import content_language
from recommendations import policies
from recommendations.models import RecommendationTranslation
from recommendations.selectors.translations import shown_text
from recommendations.services import translations as svc


class TranslationSerializer(serializers.ModelSerializer):
    added_by = serializers.SerializerMethodField()

    class Meta:
        model = RecommendationTranslation
        fields = ["language", "title", "text", "added_by", "created_at", "updated_at"]

    def get_added_by(self, obj) -> str:
        return obj.added_by.get_full_name() if obj.added_by else ""


class TranslationCreateSerializer(serializers.Serializer):
    language = ContentLanguageField(
        required=True,
        help_text="The language of the translation: another of ar, zh-hans, en, fr, ru, es "
        "than the recommendation's own.",
    )
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=10000)


class DisplaySerializer(serializers.Serializer):
    language = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField()
    is_original = serializers.BooleanField()
    original_language = serializers.CharField()
    translated_by = serializers.CharField(allow_null=True)


def display_data(rec, request) -> dict:
    """The title and text for the reader: the translation into their language when there
    is one, else the original (``title``/``text`` are always the original)."""
    shown = shown_text(rec, language=content_language.reader_language(request))
    by = shown.translation.added_by if shown.translation else None
    return {
        "language": shown.language,
        "title": shown.title,
        "text": shown.text,
        "is_original": shown.is_original,
        "original_language": shown.original_language,
        "translated_by": (by.get_full_name() if by else "") if shown.translation else None,
    }


LANG = OpenApiParameter(
    "lang",
    str,
    description="The reader's language (ar, zh-hans, en, fr, ru, es); Accept-Language otherwise.",
)


class TranslationsMixin:
    """For the recommendation viewset (its get_object gives the visible recommendation,
    so a translation is exactly as visible as its recommendation)."""

    @extend_schema(
        summary="The translations of a recommendation (GET), or add one (POST: the filer or "
        "UNODC staff; adding a language again replaces it)",
        request=TranslationCreateSerializer,
        responses={200: TranslationSerializer(many=True), 201: TranslationSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[],
        pagination_class=None,
        serializer_class=TranslationSerializer,
    )
    def translations(self, request, pk=None):
        rec = self.get_object()
        if request.method == "POST":
            if not policies.can_translate_recommendation(request.user, rec):
                raise PermissionDenied
            s = TranslationCreateSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            translation = svc.recommendation_translation_add(
                actor=request.user, recommendation=rec, **s.validated_data
            )
            return Response(TranslationSerializer(translation).data, status=status.HTTP_201_CREATED)
        return Response(TranslationSerializer(rec.translations.all(), many=True).data)

    @extend_schema(
        summary="Remove a translation (the filer or UNODC staff)",
        request=None,
        responses={204: None},
    )
    @action(
        detail=True,
        methods=["delete"],
        filter_backends=[],
        pagination_class=None,
        url_path="translations/<slug:language>",
        serializer_class=TranslationSerializer,
    )
    def translation_delete(self, request, pk=None, language=None):
        rec = self.get_object()
        translation = get_object_or_404(
            RecommendationTranslation, recommendation=rec, language=language
        )
        svc.recommendation_translation_delete(actor=request.user, translation=translation)
        return Response(status=status.HTTP_204_NO_CONTENT)
