"""Recommendations API, the State's side: responses and their approval, consideration,
deadlines and the focal person's queue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from consultations.roles import roles_of
from recommendations import policies
from recommendations.api import serializers
from recommendations.api.views.base import SubListPagination
from recommendations.selectors import recommendations as rec_selectors
from recommendations.services import recommendations as rec_services
from recommendations.services import responses as response_services


class ResponseActions:
    """Actions of the addressee State and UNODC staff (mixed into RecommendationViewSet,
    whose get_object, _for_update, _detail and _page they use)."""

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
            justification=data.get("justification", ""), commitments=commitments,
            language=data.get("language"))
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

    @extend_schema(summary="Mark a submitted recommendation as under consideration (the "
                           "addressee State's focal person)",
                   request=serializers.NoteSerializer,
                   responses=serializers.RecommendationDetailSerializer)
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def consider(self, request, pk=None):
        rec = self._for_update(pk)
        if not policies.is_focal_person_of(request.user, rec.party_id):
            self.permission_denied(request)
        s = serializers.NoteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        rec = rec_services.recommendation_consider(actor=request.user, recommendation=rec,
                                                   note=s.validated_data.get("note", ""))
        return self._detail(rec)

    @extend_schema(summary="Change the response deadline of an open recommendation (UNODC "
                           "staff)",
                   request=serializers.DeadlineSerializer,
                   responses=serializers.RecommendationDetailSerializer)
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def deadline(self, request, pk=None):
        rec = self._for_update(pk)
        if not policies.can_set_deadline(request.user, rec):
            self.permission_denied(request)
        s = serializers.DeadlineSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        rec = rec_services.recommendation_deadline_set(
            actor=request.user, recommendation=rec, due_on=s.validated_data["due_on"],
            note=s.validated_data.get("note", ""))
        return self._detail(rec)

    def _require_queue(self, request):
        roles = roles_of(request.user)
        if not (roles.focal_party_ids or roles.is_unodc_staff):
            self.permission_denied(request, message=_(
                "The queue is for focal persons and UNODC staff."))

    @extend_schema(summary="The focal person's queue: recommendations addressed to your "
                           "States (UNODC staff: every State), soonest deadline first",
                   parameters=[serializers.QueueFilterSerializer],
                   responses=serializers.QueueItemSerializer(many=True))
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=SubListPagination,
            serializer_class=serializers.QueueItemSerializer)
    def queue(self, request):
        self._require_queue(request)
        s = serializers.QueueFilterSerializer(data=request.query_params)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        qs = rec_selectors.queue_for(request.user, status=data.get("status") or "open",
                                     overdue_only=data.get("overdue", False),
                                     q=data.get("q", ""))
        return self._page(qs, serializers.QueueItemSerializer)

    @extend_schema(summary="Open and overdue totals of your queue",
                   responses=serializers.QueueCountsSerializer)
    @action(detail=False, methods=["get"], url_path="queue/counts", filter_backends=[],
            pagination_class=None, serializer_class=serializers.QueueCountsSerializer)
    def queue_counts(self, request):
        self._require_queue(request)
        return Response(serializers.QueueCountsSerializer(
            rec_selectors.queue_counts(request.user)).data)
