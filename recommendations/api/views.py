"""Recommendations API: recommendations (drafts, submission, corrections, withdrawal,
publication, consideration, deadlines, co-signatures, endorsements, responses, comments and
their moderation, internal notes, attachments, consolidation, the focal person's queue),
follow-up actions with progress reports and evidence, the dashboards and the exports.
Thin: reads through the user-scoped selectors (not visible: 404), writes through the
services (which check the policies; refused: 403)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from consultations.models import Instrument, Party
from consultations.roles import roles_of
from portal.api.conditional import ConditionalMixin, check_if_match, with_etag
from portal.api.negotiation import AnyAccept
from portal.api.pagination import Cursor, PagePagination
from recommendations import policies
from recommendations.api import filters, serializers
from recommendations.api.translations import TranslationsMixin
from recommendations.exports import DATASETS, FORMATS, country_report_pdf, export_response
from recommendations.models import (
    Comment,
    CoSignature,
    Evidence,
    FollowUpAction,
    InternalNote,
    Recommendation,
    Theme,
)
from recommendations.selectors import dashboard as dashboard_selectors
from recommendations.selectors import followup as followup_selectors
from recommendations.selectors import recommendations as rec_selectors
from recommendations.selectors import safety
from recommendations.selectors.states import state_profile
from recommendations.services import followup as followup_services
from recommendations.services import recommendations as rec_services
from recommendations.services import responses as response_services
from recommendations.services import safety as safety_services


class SubListPagination(PagePagination):
    """Sub-lists of one object (comments, notes, versions, progress reports...): page
    numbers, 25 a page by default, at most 100."""


def file_download(field_file, filename: str) -> FileResponse:
    """A stored file as a download: never shown inline, never sniffed."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=filename,
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response



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
class RecommendationViewSet(TranslationsMixin, ConditionalMixin, mixins.ListModelMixin,
                            mixins.RetrieveModelMixin, viewsets.GenericViewSet):
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
        cosig = rec_services.cosignature_invite(
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

    # --- sub-lists: one page at a time ------------------------------------------------------

    def _page(self, rows, serializer_class, **context):
        page = self.paginate_queryset(rows)
        data = serializer_class(page, many=True,
                                context={**self.get_serializer_context(), **context}).data
        return self.get_paginated_response(data)

    def _for_update(self, pk):
        """The plain row (404 unless visible), as the web's forms use it."""
        return rec_selectors.recommendation_for_update(self.request.user, pk)

    @extend_schema(methods=["GET"], summary="Comments on a recommendation, oldest first "
                                            "(moderators also see hidden ones)",
                   responses=serializers.CommentSerializer(many=True))
    @extend_schema(methods=["POST"], summary="Comment on a published recommendation",
                   request=serializers.CommentCreateSerializer,
                   responses={201: serializers.CommentSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[],
            pagination_class=SubListPagination, serializer_class=serializers.CommentSerializer)
    def comments(self, request, pk=None):
        rec = self.get_object()
        if request.method == "POST":
            s = serializers.CommentCreateSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            comment = rec_services.comment_create(actor=request.user, recommendation=rec,
                                                  text=s.validated_data["text"],
                                                  language=s.validated_data.get("language"))
            comment = (type(comment).objects.select_related("author", "organization")
                       .get(pk=comment.pk))
            return Response(serializers.CommentSerializer(comment).data,
                            status=status.HTTP_201_CREATED)
        return self._page(rec_selectors.comments_for(request.user, rec),
                          serializers.CommentSerializer,
                          moderator=policies.can_moderate_comments(request.user))

    @extend_schema(summary="Hide or restore a comment (UNODC staff, the moderators); hiding "
                           "needs a reason",
                   request=serializers.CommentModerateSerializer,
                   responses=serializers.CommentSerializer)
    @action(detail=True, methods=["post"], url_path="comments/<id:comment_pk>/moderate",
            filter_backends=[], pagination_class=None,
            serializer_class=serializers.CommentSerializer)
    def comment_moderate(self, request, pk=None, comment_pk=None):
        rec = self.get_object()
        wanted = comment_pk
        comment = next((c for c in rec_selectors.comments_for(request.user, rec)
                        if c.pk == wanted), None)
        if comment is None:  # unknown, or hidden from this user
            raise Http404
        if not policies.can_moderate_comments(request.user):
            self.permission_denied(request, message=_("Only moderators can hide or restore "
                                                      "comments."))
        s = serializers.CommentModerateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        comment = rec_services.comment_moderate(
            actor=request.user, comment=comment, hide=s.validated_data["action"] == "hide",
            reason=s.validated_data.get("reason", ""))
        comment = (Comment.objects.select_related("author", "organization", "moderated_by")
                   .get(pk=comment.pk))
        return Response(serializers.CommentSerializer(comment, context={"moderator": True})
                        .data)

    # --- internal notes -----------------------------------------------------------------------

    @extend_schema(methods=["GET"],
                   summary="Internal notes on a recommendation, oldest first (the addressee "
                           "State's officials and UNODC staff only)",
                   responses=serializers.InternalNoteSerializer(many=True))
    @extend_schema(methods=["POST"],
                   summary="Add an internal note (the addressee State's officials and UNODC "
                           "staff); never shown to the filer or the public",
                   request=serializers.InternalNoteCreateSerializer,
                   responses={201: serializers.InternalNoteSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[],
            pagination_class=SubListPagination, serializer_class=serializers.InternalNoteSerializer)
    def notes(self, request, pk=None):
        rec = self._for_update(pk)
        if not policies.can_view_notes(request.user, rec):
            self.permission_denied(request, message=_("Internal notes are for the addressee "
                                                      "State's officials and UNODC staff."))
        if request.method == "POST":
            s = serializers.InternalNoteCreateSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            note = rec_services.note_create(actor=request.user, recommendation=rec,
                                            text=s.validated_data["text"],
                                            language=s.validated_data.get("language"))
            note = InternalNote.objects.select_related("author").get(pk=note.pk)
            return Response(serializers.InternalNoteSerializer(note).data,
                            status=status.HTTP_201_CREATED)
        return self._page(rec_selectors.internal_notes_for(request.user, rec),
                          serializers.InternalNoteSerializer)

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
            attachment = rec_services.attachment_add(actor=request.user, recommendation=rec,
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
            rec_services.attachment_delete(actor=request.user, attachment=attachment)
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
        rec = rec_services.recommendation_consolidate(actor=request.user, alliance=alliance,
                                                      sources=drafts, title=data["title"])
        return self._detail(rec, status.HTTP_201_CREATED)

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
            request.user, party_id=data["party"], title=data["title"],
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
        cosig = rec_services.cosignature_decide(
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
class ActionViewSet(ConditionalMixin, mixins.ListModelMixin,
                    mixins.RetrieveModelMixin, viewsets.GenericViewSet):
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
            return with_etag(self._report_response(report.pk), report, after_write=True)
        return with_etag(Response(serializers.ProgressReportDetailSerializer(
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


# --- the dashboard, the scorecard and the exports ---------------------------------------------


def _ref(model, natural: str, value: str | None, field: str, message, *,
         upper: bool = False):
    """An object given by its id or its natural key (ISO3 code, code, slug); a field
    error when there is no such object."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        number = int(value)
        row = model.objects.filter(pk=number).first() if number < 2**31 else None
    else:
        row = model.objects.filter(**{natural: value.upper() if upper else value}).first()
    if row is None:
        raise ValidationError({field: [message]})
    return row


UNKNOWN_PARTY = _("Unknown State party.")


def _rows(items) -> list[dict]:
    return [{"key": key, "label": str(label), "count": n} for key, label, n in items]


DASHBOARD_NUMBERS = ("public", "recommendations_total", "responded", "awaiting", "answerable",
                     "response_rate", "median_days_to_respond", "overdue_responses",
                     "actions_total", "overdue_actions", "implemented_actions",
                     "implementation_share", "average_percent", "disagreements")
DASHBOARD_ROWS = ("by_status", "by_instrument", "by_cluster", "by_theme", "actions_by_status")


def _dashboard(request, *, public: bool) -> Response:
    """The web dashboard's numbers, from the same selector."""
    params = serializers.DashboardQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    party = _ref(Party, "iso3", params.validated_data.get("party"), "party", UNKNOWN_PARTY,
                 upper=True)
    d = dashboard_selectors.dashboard(public=public, party=party)
    data = {name: getattr(d, name) for name in DASHBOARD_NUMBERS}
    data.update({name: _rows(getattr(d, name)) for name in DASHBOARD_ROWS})
    data["party"] = d.party
    return Response(serializers.DashboardSerializer(data).data)


def _scorecard(view, request, *, public: bool) -> Response:
    params = serializers.ScorecardQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    rows = dashboard_selectors.scorecard(public=public, sort=params.validated_data["sort"],
                                         descending=params.validated_data["dir"] == "desc")
    paginator = view.paginator
    page = paginator.paginate_queryset(rows, request, view=view)
    return paginator.get_paginated_response(
        serializers.ScorecardRowSerializer(page, many=True).data)


class _DashboardView(APIView):
    pagination_class = None

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            self._paginator = self.pagination_class() if self.pagination_class else None
        return self._paginator

    def require_staff(self, request):
        if not policies.can_view_staff_dashboard(request.user):
            self.permission_denied(request, message=_("The UNODC dashboard is for UNODC "
                                                      "staff; see the public dashboard."))


class DashboardView(_DashboardView):
    serializer_class = serializers.DashboardSerializer

    @extend_schema(summary="The UNODC dashboard (UNODC staff): every recommendation and "
                           "action, optionally for one State",
                   parameters=[serializers.DashboardQuerySerializer],
                   responses=serializers.DashboardSerializer, operation_id="dashboard_staff")
    def get(self, request):
        self.require_staff(request)
        return _dashboard(request, public=False)


class PublicDashboardView(_DashboardView):
    serializer_class = serializers.DashboardSerializer

    @extend_schema(summary="The public dashboard: public recommendations and actions only, "
                           "optionally for one State",
                   parameters=[serializers.DashboardQuerySerializer],
                   responses=serializers.DashboardSerializer, operation_id="dashboard_public")
    def get(self, request):
        return _dashboard(request, public=True)


class ScorecardView(_DashboardView):
    serializer_class = serializers.ScorecardRowSerializer
    pagination_class = SubListPagination

    @extend_schema(summary="The cross-country scorecard (UNODC staff), one row per State",
                   parameters=[serializers.ScorecardQuerySerializer],
                   responses=serializers.ScorecardRowSerializer(many=True),
                   operation_id="dashboard_scorecard_staff")
    def get(self, request):
        self.require_staff(request)
        return _scorecard(self, request, public=False)


class PublicScorecardView(_DashboardView):
    serializer_class = serializers.ScorecardRowSerializer
    pagination_class = SubListPagination

    @extend_schema(summary="The public cross-country scorecard (public rows only), one row "
                           "per State",
                   parameters=[serializers.ScorecardQuerySerializer],
                   responses=serializers.ScorecardRowSerializer(many=True),
                   operation_id="dashboard_scorecard_public")
    def get(self, request):
        return _scorecard(self, request, public=True)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportView(APIView):
    """The web's exports: the same datasets, filters and visibility (what you may see)."""

    content_negotiation_class = AnyAccept

    @extend_schema(
        summary="Export a dataset as CSV or XLSX (a file to save), honouring the filters and "
                "what you may see",
        parameters=[
            OpenApiParameter("dataset", str, OpenApiParameter.PATH, enum=list(DATASETS)),
            OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(FORMATS),
                             description="csv or xlsx"),
            serializers.ExportQuerySerializer],
        responses={(200, "text/csv"): OpenApiTypes.STR, (200, XLSX): OpenApiTypes.BINARY},
        operation_id="exports_download")
    def get(self, request, dataset: str, fmt: str):
        if dataset not in DATASETS or fmt not in FORMATS:
            raise Http404
        params = serializers.ExportQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = {
            "party": _ref(Party, "iso3", data.get("party"), "party", UNKNOWN_PARTY,
                          upper=True),
            "instrument": _ref(Instrument, "code", data.get("instrument"), "instrument",
                               _("Unknown instrument.")),
            "theme": _ref(Theme, "slug", data.get("theme"), "theme", _("Unknown theme.")),
            "status": data.get("status", ""),
            "overdue": data.get("overdue", False),
        }
        return export_response(request.user, dataset, fmt, filters)


class CountryReportView(APIView):
    """The web's printable country report, as the same PDF."""

    content_negotiation_class = AnyAccept

    @extend_schema(
        summary="The country report of a State as a PDF (a file to save): treaty status, "
                "the recommendations and follow-up you may see",
        parameters=[OpenApiParameter("iso3", str, OpenApiParameter.PATH, pattern="^[A-Za-z]{3}$",
                                     description="The State party's ISO3 code")],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        operation_id="country_report_download")
    def get(self, request, iso3: str):
        profile = state_profile(request.user, iso3, with_reports=True)
        response = HttpResponse(country_report_pdf(profile, user=request.user),
                                content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="country-report-{profile.party.iso3}.pdf"')
        response["X-Content-Type-Options"] = "nosniff"
        return response
