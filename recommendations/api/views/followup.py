"""Recommendations API, follow-up: actions with progress reports and evidence.
Thin: reads through the user-scoped selectors (not visible: 404), writes through the
services (which check the policies; refused: 403)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from portal.api.conditional import (
    ConditionalMixin,
    answers_with_etag,
    check_if_match,
    with_etag,
)
from portal.api.pagination import Cursor
from portal.api.parsers import MultiPartParser
from recommendations import policies
from recommendations.api import filters, serializers
from recommendations.api.translations import ProgressReportTranslationsMixin
from recommendations.api.views.base import AnyAccept, SubListPagination, file_download
from recommendations.models import (
    Evidence,
    FollowUpAction,
)
from recommendations.selectors import followup as followup_selectors
from recommendations.selectors import recommendations as rec_selectors
from recommendations.services import followup as followup_services


def _responsible(user_id):
    if user_id is None:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationError({"responsible": ["No such user."]})
    return user


@extend_schema_view(
    list=extend_schema(summary="Follow-up actions you may see"),
    retrieve=extend_schema(summary="One follow-up action with its progress reports"),
    create=extend_schema(summary="Create a follow-up action (focal person, UNODC staff)",
                         request=serializers.ActionWriteSerializer,
                         responses={201: serializers.ActionDetailSerializer}),
    partial_update=extend_schema(summary="Change a follow-up action",
                                 request=serializers.ActionUpdateSerializer,
                                 responses=serializers.ActionDetailSerializer),
)
class ActionViewSet(ProgressReportTranslationsMixin, ConditionalMixin, mixins.ListModelMixin,
                    mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filterset_class = filters.ActionFilter
    pagination_class = Cursor
    ordering_fields = ["created_at", "updated_at"]
    ordering = ["-created_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FollowUpAction.objects.none()
        return followup_selectors.action_list(self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.ActionSerializer
        return serializers.ActionDetailSerializer

    def get_object(self):
        action_ = followup_selectors.action_detail(self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, action_)
        return action_

    def _detail(self, action_, status_code=status.HTTP_200_OK):
        action_ = followup_selectors.action_detail(self.request.user, action_.pk)
        return Response(serializers.ActionDetailSerializer(action_).data, status=status_code)

    def _recommendations(self, recs):
        """Only recommendations the user may see can be linked (others: a field error)."""
        ids = [r.pk for r in recs]
        visible = list(rec_selectors.recommendations_visible_to(self.request.user)
                       .filter(pk__in=ids))
        if len(visible) != len(set(ids)):
            raise ValidationError({"recommendations": ["Unknown recommendation."]})
        return visible

    def create(self, request, *args, **kwargs):
        s = serializers.ActionWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        if not policies.can_create_action(request.user, data["party"].pk):
            raise PermissionDenied
        data["responsible"] = _responsible(data.get("responsible"))
        data["recommendations"] = self._recommendations(data.get("recommendations", []))
        action_ = followup_services.action_create(actor=request.user, **data)
        return self._detail(action_, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        action_ = self.get_object()
        s = serializers.ActionUpdateSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        if not policies.can_edit_action(request.user, action_):
            raise PermissionDenied
        if "responsible" in data:
            data["responsible"] = _responsible(data["responsible"])
        if "recommendations" in data:
            data["recommendations"] = self._recommendations(data["recommendations"])
        current = {
            "title": action_.title, "description": action_.description,
            "recommendations": list(action_.recommendations.all()),
            "lead_body": action_.lead_body, "responsible": action_.responsible,
            "start_on": action_.start_on, "due_on": action_.due_on,
            "status": action_.status, "percent": action_.percent,
            "report_every_months": action_.report_every_months,
        }
        action_ = followup_services.action_update(actor=request.user, action=action_,
                                                  **{**current, **data})
        return self._detail(action_)

    def _report_input(self, request, *, partial: bool = False):
        """The report's fields and its evidence: JSON with evidence links, or multipart as
        the web form sends it (one file and/or one link)."""
        multipart = request.content_type.split(";")[0].strip() == "multipart/form-data"
        cls = (serializers.ProgressReportMultipartSerializer if multipart
               else serializers.ProgressReportCreateSerializer)
        s = cls(data=request.data, partial=partial)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        if not multipart:
            evidence = [followup_services.EvidenceInput(
                url=e["url"], title=e.get("title", ""), is_public=e.get("is_public", False),
                visibility=e.get("visibility", ""))
                for e in data.pop("evidence", [])]
            return data, evidence
        title = data.pop("evidence_title", "")
        seen_by = {"is_public": data.pop("evidence_public", False),
                   "visibility": data.pop("evidence_visibility", "")}
        file, url = data.pop("evidence_file", None), data.pop("evidence_url", "")
        evidence = []
        if file:
            evidence.append(followup_services.EvidenceInput(file=file, title=title, **seen_by))
        if url:
            evidence.append(followup_services.EvidenceInput(url=url, title=title, **seen_by))
        return data, evidence

    def _report_context(self, action_) -> dict:
        return {**self.get_serializer_context(), "action": action_,
                "closed": followup_selectors.is_closed(action_)}

    def _report_response(self, report_pk: int, status_code=status.HTTP_200_OK):
        action_ = self.get_object()  # fetched again: the report with its evidence
        report = next(r for r in action_.progress_reports.all() if r.pk == report_pk)
        return Response(serializers.ProgressReportDetailSerializer(
            report, context=self._report_context(action_)).data, status=status_code)

    @extend_schema(methods=["GET"],
                   summary="Progress reports of an action, newest first, with the evidence "
                           "you may see and their earlier versions",
                   responses=serializers.ProgressReportDetailSerializer(many=True))
    @extend_schema(methods=["POST"],
                   summary="Report progress (the responsible agency contact, the focal "
                           "person): JSON with evidence links, or multipart/form-data with "
                           "an evidence file and/or link as on the web",
                   request={"application/json": serializers.ProgressReportCreateSerializer,
                            "multipart/form-data":
                                serializers.ProgressReportMultipartSerializer},
                   responses={201: serializers.ProgressReportDetailSerializer})
    @action(detail=True, methods=["get", "post"], url_path="progress-reports",
            filter_backends=[], pagination_class=SubListPagination,
            parser_classes=[JSONParser, MultiPartParser],
            serializer_class=serializers.ProgressReportDetailSerializer)
    def progress_reports(self, request, pk=None):
        action_ = self.get_object()
        if request.method == "POST":
            if not policies.can_report_progress(request.user, action_):
                self.permission_denied(request)
            data, evidence = self._report_input(request)
            report = followup_services.progress_report_create(
                actor=request.user, action=action_, evidence=evidence, **data)
            return self._report_response(report.pk, status.HTTP_201_CREATED)
        page = self.paginate_queryset(action_.progress_reports.all())
        data = serializers.ProgressReportDetailSerializer(
            page, many=True, context=self._report_context(action_)).data
        return self.get_paginated_response(data)

    @extend_schema(methods=["GET"], summary="One progress report",
                   responses=serializers.ProgressReportDetailSerializer)
    @extend_schema(methods=["PATCH"],
                   summary="Edit a progress report (its author, the focal person); the "
                           "earlier version is kept in its revisions; evidence is added",
                   request={"application/json": serializers.ProgressReportCreateSerializer,
                            "multipart/form-data":
                                serializers.ProgressReportMultipartSerializer},
                   responses=serializers.ProgressReportDetailSerializer)
    @action(detail=True, methods=["get", "patch"],
            url_path="progress-reports/<id:report_pk>", filter_backends=[],
            pagination_class=None, parser_classes=[JSONParser, MultiPartParser],
            serializer_class=serializers.ProgressReportDetailSerializer)
    @answers_with_etag
    def progress_report(self, request, pk=None, report_pk=None):
        action_ = self.get_object()
        wanted = report_pk
        report = next((r for r in action_.progress_reports.all() if r.pk == wanted), None)
        if report is None:
            raise Http404
        if request.method == "PATCH":
            if not policies.can_edit_progress_report(request.user, report, action_):
                self.permission_denied(request)
            check_if_match(request, report)
            data, evidence = self._report_input(request, partial=True)
            current = {"reported_on": report.reported_on, "text": report.text,
                       "status": report.status, "percent": report.percent}
            followup_services.progress_report_update(
                actor=request.user, report=report, evidence=evidence, **{**current, **data})
            return with_etag(request, self._report_response(report.pk), report,
                             after_write=True)
        return with_etag(request, Response(serializers.ProgressReportDetailSerializer(
            report, context=self._report_context(action_)).data), report)

    @extend_schema(summary="The filing alliance's assessment of the reported progress "
                           "(its coordinators)",
                   request=serializers.AssessmentCreateSerializer,
                   responses={201: serializers.AssessmentSerializer})
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None,
            ordering_fields=[], ordering=None, serializer_class=serializers.AssessmentSerializer)
    def assessment(self, request, pk=None):
        action_ = self.get_object()
        s = serializers.AssessmentCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        assessment = followup_services.assessment_record(actor=request.user, action=action_,
                                                         **s.validated_data)
        return Response(serializers.AssessmentSerializer(assessment).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="UNODC's validated status and progress (UNODC staff)",
                   request=serializers.ValidationCreateSerializer,
                   responses={201: serializers.ValidationSerializer})
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None,
            ordering_fields=[], ordering=None, serializer_class=serializers.ValidationSerializer)
    def validation(self, request, pk=None):
        action_ = self.get_object()
        s = serializers.ValidationCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        validation = followup_services.validation_record(actor=request.user, action=action_,
                                                         **s.validated_data)
        return Response(serializers.ValidationSerializer(validation).data,
                        status=status.HTTP_201_CREATED)


@extend_schema_view(
    download=extend_schema(
        summary="Download an evidence file of a progress report (always as a file to save; "
                "restricted evidence only for officials, UNODC and the filing organization)",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}))
class EvidenceViewSet(viewsets.GenericViewSet):
    queryset = Evidence.objects.none()  # rows are read through the follow-up selectors
    serializer_class = serializers.EvidenceSerializer
    pagination_class = None
    filter_backends = []

    @action(detail=True, methods=["get"], content_negotiation_class=AnyAccept)
    def download(self, request, pk=None):
        evidence, _action = followup_selectors.evidence_for_download(request.user, pk)
        return file_download(evidence.file, evidence.file.name.rsplit("/", 1)[-1])
