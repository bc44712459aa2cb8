"""Recommendations API: recommendations (drafts, submission, withdrawal, publication,
co-signatures, endorsements, responses, comments), follow-up actions and progress
reports. Thin: reads through the user-scoped selectors (not visible: 404), writes
through the services (which check the policies; refused: 403)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from portal.api.pagination import Cursor
from recommendations import policies
from recommendations.api import filters, serializers
from recommendations.models import CoSignature, FollowUpAction, ProgressReport, Recommendation
from recommendations.selectors import followup as followup_selectors
from recommendations.selectors import recommendations as rec_selectors
from recommendations.services import followup as followup_services
from recommendations.services import recommendations as rec_services
from recommendations.services import responses as response_services


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


RELATIONS = ("instruments", "articles", "themes", "sdg_targets")


@extend_schema_view(
    list=extend_schema(summary="Recommendations you may see (public ones, your "
                               "organization's, those addressed to your State)"),
    retrieve=extend_schema(summary="One recommendation with co-signatures, endorsements, "
                                   "versions, the response and what you may do"),
    create=extend_schema(summary="Create a draft for one of your verified organizations",
                         request=serializers.RecommendationWriteSerializer,
                         responses={201: serializers.RecommendationDetailSerializer}),
    partial_update=extend_schema(
        summary="Change a draft (send expected_version to be told of concurrent changes)",
        request=serializers.RecommendationUpdateSerializer,
        responses=serializers.RecommendationDetailSerializer),
    destroy=extend_schema(summary="Delete a draft"),
)
class RecommendationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    filterset_class = filters.RecommendationFilter
    pagination_class = Cursor
    ordering_fields = ["created_at", "updated_at"]
    ordering = ["-created_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Recommendation.objects.none()
        return rec_selectors.recommendations_search(self.request.user,
                                                    rec_selectors.RecommendationFilters())

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.RecommendationSerializer
        return serializers.RecommendationDetailSerializer

    def get_object(self):
        rec = rec_selectors.recommendation_detail(self.request.user,
                                                  _pk(self.kwargs["pk"]))
        self.check_object_permissions(self.request, rec)
        return rec

    def _detail(self, rec, status_code=status.HTTP_200_OK):
        rec = rec_selectors.recommendation_detail(self.request.user, rec.pk)
        data = serializers.RecommendationDetailSerializer(
            rec, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def create(self, request, *args, **kwargs):
        s = serializers.RecommendationWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        rec = rec_services.recommendation_create(actor=request.user, **s.validated_data)
        return self._detail(rec, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        rec = self.get_object()
        s = serializers.RecommendationUpdateSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        current = {"party": rec.party, "title": rec.title, "text": rec.text,
                   "rationale": rec.rationale, "cluster": rec.cluster, "event": rec.event,
                   **{name: list(getattr(rec, name).all()) for name in RELATIONS}}
        rec = rec_services.recommendation_update(
            actor=request.user, recommendation=rec,
            expected_version=data.pop("expected_version", None), **{**current, **data})
        return self._detail(rec)

    def destroy(self, request, *args, **kwargs):
        rec_services.recommendation_delete(actor=request.user,
                                           recommendation=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Submit a draft to the State (gives it its reference)",
                   request=None, responses=serializers.RecommendationDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        rec = rec_services.recommendation_submit(actor=request.user,
                                                 recommendation=self.get_object())
        return self._detail(rec)

    @extend_schema(summary="Withdraw a submitted recommendation",
                   request=serializers.NoteSerializer,
                   responses=serializers.RecommendationDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        rec = self.get_object()
        s = serializers.NoteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        rec = rec_services.recommendation_withdraw(actor=request.user, recommendation=rec,
                                                   note=s.validated_data.get("note", ""))
        return self._detail(rec)

    @extend_schema(summary="Make a submitted recommendation public before the response",
                   request=None, responses=serializers.RecommendationDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        rec = rec_services.recommendation_publish(actor=request.user,
                                                  recommendation=self.get_object())
        return self._detail(rec)

    @extend_schema(summary="Invite another verified organization to co-sign",
                   request=serializers.OrganizationChoiceSerializer,
                   responses={201: serializers.CoSignatureSerializer})
    @action(detail=True, methods=["post"])
    def cosignatures(self, request, pk=None):
        rec = self.get_object()
        s = serializers.OrganizationChoiceSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        cosig = rec_services.cosignature_invite(
            actor=request.user, recommendation=rec,
            organization=s.validated_data["organization"])
        return Response(serializers.CoSignatureSerializer(cosig).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Endorse on behalf of one of your verified organizations",
                   request=serializers.OrganizationChoiceSerializer,
                   responses={201: serializers.EndorsementSerializer})
    @action(detail=True, methods=["post"])
    def endorsements(self, request, pk=None):
        rec = self.get_object()
        s = serializers.OrganizationChoiceSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        endorsement = rec_services.endorsement_create(
            actor=request.user, recommendation=rec,
            organization=s.validated_data["organization"])
        return Response(serializers.EndorsementSerializer(endorsement).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Answer for the State (focal person): supported, supported in "
                           "part or noted, with commitments; 409 if somebody answered "
                           "first or the text changed",
                   request=serializers.ResponseCreateSerializer,
                   responses={201: serializers.RecommendationDetailSerializer})
    @action(detail=True, methods=["post"])
    def response(self, request, pk=None):
        rec = self.get_object()
        s = serializers.ResponseCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        commitments = [response_services.Commitment(
            lead_body=c["lead_body"], action=c["action"], due_on=c.get("due_on"))
            for c in data.get("commitments", [])]
        response_services.response_create(
            actor=request.user, recommendation=rec,
            expected_version=data["expected_version"], position=data["position"],
            justification=data.get("justification", ""), commitments=commitments)
        return self._detail(rec, status.HTTP_201_CREATED)

    @extend_schema(summary="Approve and publish a response awaiting a second official's "
                           "approval (another focal person of the State)",
                   request=serializers.ResponseApproveSerializer,
                   responses=serializers.RecommendationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="response/approve")
    def response_approve(self, request, pk=None):
        rec = self.get_object()
        s = serializers.ResponseApproveSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        response_services.response_approve(
            actor=request.user, recommendation=rec,
            expected_version=s.validated_data["expected_version"])
        return self._detail(rec)

    @extend_schema(summary="Send a proposed response back (another focal person)",
                   request=serializers.ResponseRejectSerializer,
                   responses=serializers.RecommendationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="response/reject")
    def response_reject(self, request, pk=None):
        rec = self.get_object()
        s = serializers.ResponseRejectSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        response_services.response_reject(
            actor=request.user, recommendation=rec,
            expected_version=s.validated_data["expected_version"],
            note=s.validated_data["note"])
        return self._detail(rec)

    @extend_schema(methods=["GET"], summary="Comments on a recommendation",
                   responses=serializers.CommentSerializer(many=True), filters=False)
    @extend_schema(methods=["POST"], summary="Comment on a published recommendation",
                   request=serializers.CommentCreateSerializer,
                   responses={201: serializers.CommentSerializer})
    @action(detail=True, methods=["get", "post"], filterset_class=None,
            pagination_class=None, ordering_fields=[], ordering=None,
            serializer_class=serializers.CommentSerializer)
    def comments(self, request, pk=None):
        rec = self.get_object()
        if request.method == "POST":
            s = serializers.CommentCreateSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            comment = rec_services.comment_create(actor=request.user, recommendation=rec,
                                                  text=s.validated_data["text"])
            comment = (type(comment).objects.select_related("author", "organization")
                       .get(pk=comment.pk))
            return Response(serializers.CommentSerializer(comment).data,
                            status=status.HTTP_201_CREATED)
        rows = rec_selectors.comments_for(request.user, rec)
        return Response(serializers.CommentSerializer(rows, many=True).data)


@extend_schema_view(
    decide=extend_schema(summary="Confirm or decline an invitation to co-sign "
                                 "(coordinators of the invited organization)",
                         request=serializers.CoSignatureDecisionSerializer,
                         responses=serializers.CoSignatureSerializer))
class CoSignatureViewSet(viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = serializers.CoSignatureSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CoSignature.objects.none()
        visible = rec_selectors.recommendations_visible_to(self.request.user)
        return CoSignature.objects.filter(recommendation__in=visible).select_related(
            "organization", "recommendation")

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        cosig = get_object_or_404(self.get_queryset(), pk=_pk(pk))
        s = serializers.CoSignatureDecisionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        cosig = rec_services.cosignature_decide(actor=request.user, cosignature=cosig,
                                                accept=s.validated_data["accept"])
        return Response(serializers.CoSignatureSerializer(cosig).data)


# --- follow-up actions ------------------------------------------------------------------


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
class ActionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    filterset_class = filters.ActionFilter
    pagination_class = Cursor
    ordering_fields = ["created_at", "updated_at"]
    ordering = ["-created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FollowUpAction.objects.none()
        return followup_selectors.action_list(self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.ActionSerializer
        return serializers.ActionDetailSerializer

    def get_object(self):
        action_ = followup_selectors.action_detail(self.request.user, _pk(self.kwargs["pk"]))
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

    @extend_schema(methods=["GET"], summary="Progress reports of an action, newest first",
                   responses=serializers.ProgressReportSerializer(many=True), filters=False)
    @extend_schema(methods=["POST"],
                   summary="Report progress (the responsible agency contact, the focal "
                           "person); evidence as links",
                   request=serializers.ProgressReportCreateSerializer,
                   responses={201: serializers.ProgressReportSerializer})
    @action(detail=True, methods=["get", "post"], url_path="progress-reports",
            filterset_class=None, pagination_class=None, ordering_fields=[],
            ordering=None, serializer_class=serializers.ProgressReportSerializer)
    def progress_reports(self, request, pk=None):
        action_ = self.get_object()
        if request.method == "POST":
            s = serializers.ProgressReportCreateSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            data = dict(s.validated_data)
            evidence = [followup_services.EvidenceInput(
                url=e["url"], title=e.get("title", ""), is_public=e.get("is_public", False))
                for e in data.pop("evidence", [])]
            report = followup_services.progress_report_create(
                actor=request.user, action=action_, evidence=evidence, **data)
            report = ProgressReport.objects.select_related("author").get(pk=report.pk)
            return Response(serializers.ProgressReportSerializer(report).data,
                            status=status.HTTP_201_CREATED)
        return Response(serializers.ProgressReportSerializer(
            action_.progress_reports.all(), many=True).data)

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
