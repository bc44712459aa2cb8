"""Recommendations API: drafts, submission, corrections, withdrawal, publication,
co-signatures, endorsements, attachments, versions, the timeline, consolidation and
similar recommendations (the discussion and the State's side are mixins: discussion.py,
responses.py). Thin: reads through the user-scoped selectors (not visible: 404), writes
through the services (which check the policies; refused: 403)."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from portal.api.conditional import ConditionalMixin
from portal.api.pagination import Cursor
from portal.api.parsers import MultiPartParser
from recommendations import policies
from recommendations.api import filters, items, serializers
from recommendations.api.translations import ResponseTranslationsMixin, TranslationsMixin
from recommendations.api.views.base import AnyAccept, SubListPagination, file_download
from recommendations.api.views.discussion import DiscussionActions
from recommendations.api.views.responses import ResponseActions
from recommendations.models import (
    CoSignature,
    Recommendation,
)
from recommendations.selectors import recommendations as rec_selectors
from recommendations.selectors import safety
from recommendations.services import attachments as attach
from recommendations.services import consolidation as consol
from recommendations.services import cosignatures as cosign
from recommendations.services import recommendations as rec_services
from recommendations.services import safety as safety_services

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
class RecommendationViewSet(TranslationsMixin, ResponseTranslationsMixin, ConditionalMixin,
                            DiscussionActions, ResponseActions,
                            mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):
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

    def list(self, request, *args, **kwargs):
        # the rows as RecommendationSerializer writes them, without its per-field
        # machinery per row (recommendations.api.items)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(items.recommendation_items(request.user, page))

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.RecommendationSerializer
        return serializers.RecommendationDetailSerializer

    def get_object(self):
        rec = rec_selectors.recommendation_detail(self.request.user,
                                                  self.kwargs["pk"])
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
        shared = data.pop("shared_with_alliance", None)
        expected_version = data.pop("expected_version", None)
        with transaction.atomic():  # the draft and its sharing change together or not
            if data or shared is None:
                current = {"party": rec.party, "title": rec.title, "text": rec.text,
                           "rationale": rec.rationale, "cluster": rec.cluster,
                           "event": rec.event,
                           **{name: list(getattr(rec, name).all()) for name in RELATIONS}}
                rec = rec_services.recommendation_update(
                    actor=request.user, recommendation=rec,
                    expected_version=expected_version, **{**current, **data})
            if shared is not None:
                rec = rec_services.recommendation_share_with_alliance(
                    actor=request.user, recommendation=rec, shared=shared)
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

    @extend_schema(summary="Change who may read the filer's name and the protected fields "
                           "(the filer). Showing more needs confirm_reveal",
                   request=serializers.ProtectionSerializer,
                   responses=serializers.RecommendationDetailSerializer)
    @action(detail=True, methods=["post"])
    def protection(self, request, pk=None):
        s = serializers.ProtectionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        rec = safety_services.recommendation_protection_set(
            actor=request.user, recommendation=self._for_update(pk), **s.validated_data)
        return self._detail(rec)

    @extend_schema(summary="Invite another verified organization to co-sign (of the "
                           "filer's State unless cross_border)",
                   request=serializers.CoSignatureInviteSerializer,
                   responses={201: serializers.CoSignatureInvitedSerializer})
    @action(detail=True, methods=["post"])
    def cosignatures(self, request, pk=None):
        rec = self.get_object()
        s = serializers.CoSignatureInviteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        cosig = cosign.cosignature_invite(
            actor=request.user, recommendation=rec,
            organization=s.validated_data["organization"],
            cross_border=s.validated_data["cross_border"])
        return Response(serializers.CoSignatureInvitedSerializer(
            cosig, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED)

    @extend_schema(summary="Endorse on behalf of one of your verified organizations",
                   request=serializers.OrganizationChoiceSerializer,
                   responses={201: serializers.EndorsementSerializer})
    @action(detail=True, methods=["post"])
    def endorsements(self, request, pk=None):
        rec = self.get_object()
        s = serializers.OrganizationChoiceSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        endorsement = cosign.endorsement_create(
            actor=request.user, recommendation=rec,
            organization=s.validated_data["organization"])
        return Response(serializers.EndorsementSerializer(endorsement).data,
                        status=status.HTTP_201_CREATED)

    # --- sub-lists: one page at a time ------------------------------------------------------

    def _page(self, rows, serializer_class, **context):
        page = self.paginate_queryset(rows)
        data = serializer_class(page, many=True,
                                context={**self.get_serializer_context(), **context}).data
        return self.get_paginated_response(data)

    def _for_update(self, pk):
        """The plain row (404 unless visible), as the web's forms use it."""
        return rec_selectors.recommendation_for_update(self.request.user, pk)

    # --- internal notes -----------------------------------------------------------------------

    # --- attachments --------------------------------------------------------------------------

    @extend_schema(methods=["GET"], summary="Files attached to a recommendation",
                   responses=serializers.AttachmentSerializer(many=True))
    @extend_schema(methods=["POST"],
                   summary="Attach a file to a draft (multipart/form-data; the filer). The "
                           "file's type, content and size are checked",
                   request=serializers.AttachmentUploadSerializer,
                   responses={201: serializers.AttachmentSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[],
            pagination_class=SubListPagination, parser_classes=[MultiPartParser],
            serializer_class=serializers.AttachmentSerializer)
    def attachments(self, request, pk=None):
        if request.method == "POST":
            rec = self._for_update(pk)
            if rec.status == Recommendation.Status.DRAFT and not policies.can_add_attachment(
                    request.user, rec):
                self.permission_denied(request)
            s = serializers.AttachmentUploadSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            attachment = attach.attachment_add(actor=request.user, recommendation=rec,
                                                     file=s.validated_data["file"])
            return Response(serializers.AttachmentSerializer(attachment).data,
                            status=status.HTTP_201_CREATED)
        rec = self.get_object()
        return self._page(safety.attachments_for(request.user, rec),
                          serializers.AttachmentSerializer)

    def _attachment(self, pk, attachment_pk):
        rec = self._for_update(pk)
        return rec, safety.attachment_for(self.request.user, rec, attachment_pk)

    @extend_schema(methods=["GET"], summary="One attachment's details",
                   responses=serializers.AttachmentSerializer)
    @extend_schema(methods=["DELETE"], summary="Remove an attachment from a draft (the filer)",
                   request=None, responses={204: None})
    @action(detail=True, methods=["get", "delete"],
            url_path="attachments/<id:attachment_pk>", filter_backends=[],
            pagination_class=None, serializer_class=serializers.AttachmentSerializer)
    def attachment(self, request, pk=None, attachment_pk=None):
        _rec, attachment = self._attachment(pk, attachment_pk)
        if request.method == "DELETE":
            attach.attachment_delete(actor=request.user, attachment=attachment)
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(serializers.AttachmentSerializer(attachment).data)

    @extend_schema(summary="Download an attachment (always as a file to save, never shown "
                           "inline)",
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"],
            url_path="attachments/<id:attachment_pk>/download", filter_backends=[],
            pagination_class=None, content_negotiation_class=AnyAccept)
    def attachment_download(self, request, pk=None, attachment_pk=None):
        _rec, attachment = self._attachment(pk, attachment_pk)
        return file_download(attachment.file, attachment.name)

    # --- after submission: corrections, consideration, deadline, timeline ------------------------

    @extend_schema(methods=["GET"],
                   summary="Versions of a submitted recommendation: as submitted (1) and "
                           "every correction",
                   responses=serializers.VersionSerializer(many=True))
    @extend_schema(methods=["POST"],
                   summary="File a correction (the filer, until the State answers): a new "
                           "visible version; 409 if the text changed meanwhile",
                   request=serializers.CorrectionSerializer,
                   responses={201: serializers.VersionSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[],
            pagination_class=SubListPagination, serializer_class=serializers.VersionSerializer)
    def versions(self, request, pk=None):
        if request.method == "POST":
            rec = self._for_update(pk)
            if not policies.can_correct_recommendation(request.user, rec):
                closed = rec.status in (Recommendation.Status.RESPONDED,
                                        Recommendation.Status.WITHDRAWN)
                self.permission_denied(request, message=_(
                    "A recommendation that is answered or withdrawn can no longer be "
                    "corrected.") if closed else None)
            s = serializers.CorrectionSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            data = s.validated_data
            version = rec_services.recommendation_correct(
                actor=request.user, recommendation=rec,
                expected_version=data.get("expected_version"), title=data["title"],
                text=data["text"], rationale=data.get("rationale", ""), note=data["note"])
            return Response(serializers.VersionSerializer(version).data,
                            status=status.HTTP_201_CREATED)
        rec = self.get_object()
        return self._page(safety.versions_for(request.user, rec),
                          serializers.VersionSerializer)

    @extend_schema(summary="What happened to a recommendation, oldest first (outsiders do "
                           "not see the drafting history)",
                   responses=serializers.TimelineEntrySerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=SubListPagination,
            serializer_class=serializers.TimelineEntrySerializer)
    def timeline(self, request, pk=None):
        rec = self._for_update(pk)
        return self._page(rec_selectors.timeline_for(request.user, rec),
                          serializers.TimelineEntrySerializer)

    # --- consolidation, the focal person's queue, similar titles ---------------------------------

    def _require_consolidator(self, request):
        if not policies.can_consolidate(request.user):
            self.permission_denied(request, message=_(
                "Only coordinators of an alliance can consolidate their members' drafts."))

    @extend_schema(summary="Drafts of your alliances' member organizations that you may "
                           "consolidate (alliance coordinators)",
                   responses=serializers.ConsolidationCandidateSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="consolidation-candidates",
            filter_backends=[], pagination_class=SubListPagination,
            serializer_class=serializers.ConsolidationCandidateSerializer)
    def consolidation_candidates(self, request):
        self._require_consolidator(request)
        drafts = rec_selectors.consolidatable_drafts(request.user).prefetch_related(
            "instruments", "themes")
        return self._page(drafts, serializers.ConsolidationCandidateSerializer)

    @extend_schema(summary="Consolidate members' drafts into one new draft of the alliance "
                           "(its coordinators); review and submit it afterwards",
                   request=serializers.ConsolidateSerializer,
                   responses={201: serializers.RecommendationDetailSerializer})
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def consolidate(self, request):
        self._require_consolidator(request)
        s = serializers.ConsolidateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        alliance = rec_selectors.coordinated_alliances(request.user).filter(
            pk=data["alliance"]).first()
        if alliance is None:
            raise ValidationError({"alliance": [_("Choose a verified alliance you "
                                                  "coordinate.")]})
        ids = set(data["drafts"])
        drafts = list(rec_selectors.consolidatable_drafts(request.user).filter(pk__in=ids))
        if len(drafts) != len(ids):
            raise ValidationError({"drafts": [_("Choose drafts of your alliances' member "
                                                "organizations.")]})
        rec = consol.recommendation_consolidate(actor=request.user, alliance=alliance,
                                                      sources=drafts, title=data["title"])
        return self._detail(rec, status.HTTP_201_CREATED)

    @extend_schema(summary="Recommendations already filed to the same State with a similar "
                           "title (at most five, among those you may see)",
                   parameters=[serializers.SimilarQuerySerializer],
                   responses=serializers.SimilarSerializer(many=True))
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None,
            serializer_class=serializers.SimilarSerializer)
    def similar(self, request):
        s = serializers.SimilarQuerySerializer(data=request.query_params)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        rows = rec_selectors.recommendations_similar(
            request.user, party_id=data["party"].pk, title=data["title"],
            exclude_pk=data.get("exclude"))
        return Response(serializers.SimilarSerializer(
            rows, many=True, context=self.get_serializer_context()).data)


@extend_schema_view(
    decide=extend_schema(summary="Confirm or decline an invitation to co-sign "
                                 "(coordinators of the invited organization)",
                         request=serializers.CoSignatureDecisionSerializer,
                         responses=serializers.CoSignatureSerializer))
class CoSignatureViewSet(viewsets.GenericViewSet):
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
        cosig = get_object_or_404(self.get_queryset(), pk=pk)
        s = serializers.CoSignatureDecisionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        cosig = cosign.cosignature_decide(
            actor=request.user, cosignature=cosig, accept=s.validated_data["accept"],
            attribution=s.validated_data["attribution"])
        return Response(serializers.CoSignatureSerializer(
            cosig, context=self.get_serializer_context()).data)

    @extend_schema(summary="Change who may read the co-signer's name (the co-signer). "
                           "Showing more needs confirm_reveal",
                   request=serializers.CosignerProtectionSerializer,
                   responses=serializers.CoSignatureSerializer)
    @action(detail=True, methods=["post"])
    def protection(self, request, pk=None):
        cosig = get_object_or_404(self.get_queryset(), pk=pk)
        s = serializers.CosignerProtectionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        cosig = safety_services.cosigner_attribution_set(
            actor=request.user, cosignature=cosig, **s.validated_data)
        return Response(serializers.CoSignatureSerializer(
            cosig, context=self.get_serializer_context()).data)
