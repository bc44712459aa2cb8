"""The API of translations: of a recommendation (its title and text), of the State's
response and of a progress report. Each lists and adds them (GET, POST: adding a language
again replaces it) and removes one (DELETE), through the recommendation or the action the
caller may see, so a translation is exactly as visible as what it translates. One
implementation serves the three (``TranslationsApi``, ``translations_mixin``); the
detail of a recommendation shows the text in the reader's language (``display_data``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api.content_language import ContentLanguageField
from portal.core import content_language
from recommendations import policies
from recommendations.api.content_translations import (
    ProgressReportTranslationCreateSerializer,
    ProgressReportTranslationSerializer,
    ResponseTranslationCreateSerializer,
    ResponseTranslationSerializer,
)
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


# --- One implementation for the three ----------------------------------------------------


@dataclass(frozen=True)
class TranslationsApi:
    """What differs between the translations of a recommendation, a response and a
    progress report, as the API serves them; ``obj`` is the viewset's object (the
    recommendation or the action the caller may see)."""

    kind: svc.Translatable
    serializer: type[serializers.ModelSerializer]
    create_serializer: type[serializers.Serializer]
    #: who may add or remove one (the service asks again)
    may_add: Callable[[Any, Any], bool]
    #: (user, obj, the URL's other parameters) -> what is translated; Http404 if hidden
    original: Callable[[Any, Any, dict], Any] = lambda user, obj, params: obj
    #: the translations listed (prefetched ones are read from the prefetch)
    rows: Callable[[Any], Any] = lambda original: original.translations.all()


def translations_mixin(
    api: TranslationsApi,
    *,
    name: str,
    delete_name: str,
    url_path: str,
    summary: str,
    delete_summary: str,
    doc: str,
) -> type:
    """A viewset mixin with two actions: ``name`` (GET lists, POST adds) at ``url_path``
    and ``delete_name`` (DELETE) at ``url_path/<language>``. ``doc`` is the mixin's
    docstring, which the schema shows as the description of the viewset's operations
    when the mixin comes first."""

    def translations(self, request, pk=None, **params):
        obj = self.get_object()
        original = api.original(request.user, obj, params)
        context = {"user": request.user, "party_id": obj.party_id}
        if request.method == "POST":
            if not api.may_add(request.user, obj):
                raise PermissionDenied
            s = api.create_serializer(data=request.data)
            s.is_valid(raise_exception=True)
            values = dict(s.validated_data)
            translation = svc.translation_add(
                actor=request.user,
                kind=api.kind,
                original=original,
                language=values.pop("language"),
                values=values,
            )
            return Response(
                api.serializer(translation, context=context).data, status=status.HTTP_201_CREATED
            )
        return Response(api.serializer(api.rows(original), many=True, context=context).data)

    def translation_delete(self, request, pk=None, language=None, **params):
        original = api.original(request.user, self.get_object(), params)
        translation = get_object_or_404(
            api.kind.model, **{api.kind.parent: original, "language": language}
        )
        svc.translation_delete(actor=request.user, kind=api.kind, translation=translation)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # the router and the schema know an action by its function's name
    translations.__name__ = translations.__qualname__ = name
    translation_delete.__name__ = translation_delete.__qualname__ = delete_name
    listed = extend_schema(
        summary=summary,
        request=api.create_serializer,
        responses={200: api.serializer(many=True), 201: api.serializer},
    )(
        action(
            detail=True,
            methods=["get", "post"],
            url_path=url_path,
            filter_backends=[],
            pagination_class=None,
            serializer_class=api.serializer,
        )(translations)
    )
    removed = extend_schema(summary=delete_summary, request=None, responses={204: None})(
        action(
            detail=True,
            methods=["delete"],
            filter_backends=[],
            pagination_class=None,
            url_path=f"{url_path}/<slug:language>",
            serializer_class=api.serializer,
        )(translation_delete)
    )
    return type(
        f"{name.title().replace('_', '')}Mixin",
        (),
        {name: listed, delete_name: removed, "__doc__": doc},
    )


def _visible_response(user, rec, params):
    if not policies.can_view_response(user, rec):
        raise Http404
    return rec.response


def _report(user, action_, params):
    report = next((r for r in action_.progress_reports.all() if r.pk == params["report_pk"]), None)
    if report is None:
        raise Http404
    return report


TranslationsMixin = translations_mixin(
    TranslationsApi(
        kind=svc.RECOMMENDATION,
        serializer=TranslationSerializer,
        create_serializer=TranslationCreateSerializer,
        may_add=policies.can_translate_recommendation,
    ),
    name="translations",
    delete_name="translation_delete",
    url_path="translations",
    summary="The translations of a recommendation (GET), or add one (POST: the filer or "
    "UNODC staff; adding a language again replaces it)",
    delete_summary="Remove a translation (the filer or UNODC staff)",
    doc="For the recommendation viewset (its get_object gives the visible recommendation,\n"
    "so a translation is exactly as visible as its recommendation).",
)
ResponseTranslationsMixin = translations_mixin(
    TranslationsApi(
        kind=svc.RESPONSE,
        serializer=ResponseTranslationSerializer,
        create_serializer=ResponseTranslationCreateSerializer,
        may_add=policies.can_translate_response,
        original=_visible_response,
        rows=lambda response: response.translations.select_related("added_by"),
    ),
    name="response_translations",
    delete_name="response_translation_delete",
    url_path="response/translations",
    summary="The translations of the State's response (GET), or add one (POST: the "
    "State's focal persons or UNODC staff; adding a language again replaces it)",
    delete_summary="Remove a translation of the State's response (the State's "
    "focal persons or UNODC staff)",
    doc="For the recommendation viewset (its get_object gives the visible recommendation).",
)
ProgressReportTranslationsMixin = translations_mixin(
    TranslationsApi(
        kind=svc.PROGRESS_REPORT,
        serializer=ProgressReportTranslationSerializer,
        create_serializer=ProgressReportTranslationCreateSerializer,
        may_add=policies.can_translate_progress_report,
        original=_report,
    ),
    name="progress_report_translations",
    delete_name="progress_report_translation_delete",
    url_path="progress-reports/<id:report_pk>/translations",
    summary="The translations of a progress report (GET), or add one (POST: whoever "
    "reports progress on the action, or UNODC staff; adding a language again replaces it)",
    delete_summary="Remove a translation of a progress report (whoever reports "
    "progress on the action, or UNODC staff)",
    doc="For the follow-up action viewset (its get_object gives the visible action).",
)
