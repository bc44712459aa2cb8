"""The API of translations of a State's response and of progress reports: list and add
them (POST; adding a language again replaces it), remove one (DELETE). They are reached
through the recommendation or the action the caller may see, so a translation is exactly
as visible as what it translates (a response awaiting approval: the State's officials
and UNODC staff only)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api.content_language import ContentLanguageField
from recommendations import policies
from recommendations.models import ProgressReportTranslation, ResponseTranslation
from recommendations.services import translations as svc

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


def _visible_response(user, rec):
    if not policies.can_view_response(user, rec):
        raise Http404
    return rec.response


class ResponseTranslationsMixin:
    """For the recommendation viewset (its get_object gives the visible recommendation)."""

    @extend_schema(
        summary="The translations of the State's response (GET), or add one (POST: the "
        "State's focal persons or UNODC staff; adding a language again replaces it)",
        request=ResponseTranslationCreateSerializer,
        responses={
            200: ResponseTranslationSerializer(many=True),
            201: ResponseTranslationSerializer,
        },
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="response/translations",
        filter_backends=[],
        pagination_class=None,
        serializer_class=ResponseTranslationSerializer,
    )
    def response_translations(self, request, pk=None):
        rec = self.get_object()
        response = _visible_response(request.user, rec)
        context = {"user": request.user, "party_id": rec.party_id}
        if request.method == "POST":
            if not policies.can_translate_response(request.user, rec):
                raise PermissionDenied
            s = ResponseTranslationCreateSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            translation = svc.response_translation_add(
                actor=request.user, response=response, **s.validated_data
            )
            return Response(
                ResponseTranslationSerializer(translation, context=context).data,
                status=status.HTTP_201_CREATED,
            )
        return Response(
            ResponseTranslationSerializer(
                response.translations.select_related("added_by"), many=True, context=context
            ).data
        )

    @extend_schema(
        summary="Remove a translation of the State's response (the State's "
        "focal persons or UNODC staff)",
        request=None,
        responses={204: None},
    )
    @action(
        detail=True,
        methods=["delete"],
        filter_backends=[],
        pagination_class=None,
        url_path="response/translations/<slug:language>",
        serializer_class=ResponseTranslationSerializer,
    )
    def response_translation_delete(self, request, pk=None, language=None):
        rec = self.get_object()
        response = _visible_response(request.user, rec)
        translation = get_object_or_404(ResponseTranslation, response=response, language=language)
        svc.response_translation_delete(actor=request.user, translation=translation)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _report(action_, report_pk):
    report = next((r for r in action_.progress_reports.all() if r.pk == report_pk), None)
    if report is None:
        raise Http404
    return report


class ProgressReportTranslationsMixin:
    """For the follow-up action viewset (its get_object gives the visible action)."""

    @extend_schema(
        summary="The translations of a progress report (GET), or add one (POST: whoever "
        "reports progress on the action, or UNODC staff; adding a language again replaces it)",
        request=ProgressReportTranslationCreateSerializer,
        responses={
            200: ProgressReportTranslationSerializer(many=True),
            201: ProgressReportTranslationSerializer,
        },
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="progress-reports/<id:report_pk>/translations",
        filter_backends=[],
        pagination_class=None,
        serializer_class=ProgressReportTranslationSerializer,
    )
    def progress_report_translations(self, request, pk=None, report_pk=None):
        action_ = self.get_object()
        report = _report(action_, report_pk)
        context = {"user": request.user, "party_id": action_.party_id}
        if request.method == "POST":
            if not policies.can_translate_progress_report(request.user, action_):
                raise PermissionDenied
            s = ProgressReportTranslationCreateSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            translation = svc.progress_report_translation_add(
                actor=request.user, report=report, **s.validated_data
            )
            return Response(
                ProgressReportTranslationSerializer(translation, context=context).data,
                status=status.HTTP_201_CREATED,
            )
        return Response(
            ProgressReportTranslationSerializer(
                report.translations.all(), many=True, context=context
            ).data
        )

    @extend_schema(
        summary="Remove a translation of a progress report (whoever reports "
        "progress on the action, or UNODC staff)",
        request=None,
        responses={204: None},
    )
    @action(
        detail=True,
        methods=["delete"],
        filter_backends=[],
        pagination_class=None,
        url_path="progress-reports/<id:report_pk>/translations/<slug:language>",
        serializer_class=ProgressReportTranslationSerializer,
    )
    def progress_report_translation_delete(self, request, pk=None, report_pk=None, language=None):
        action_ = self.get_object()
        report = _report(action_, report_pk)
        translation = get_object_or_404(ProgressReportTranslation, report=report, language=language)
        svc.progress_report_translation_delete(actor=request.user, translation=translation)
        return Response(status=status.HTTP_204_NO_CONTENT)
