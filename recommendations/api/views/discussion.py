"""Recommendations API, the discussion: comments, their moderation, internal notes."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from recommendations import policies
from recommendations.api import serializers
from recommendations.api.views.base import SubListPagination
from recommendations.models import (
    Comment,
    InternalNote,
)
from recommendations.selectors import recommendations as rec_selectors
from recommendations.services import discussion as talk


class DiscussionActions:
    """Actions on one recommendation (mixed into RecommendationViewSet, whose get_object
    and _page they use)."""

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
            comment = talk.comment_create(actor=request.user, recommendation=rec,
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
        comment = talk.comment_moderate(
            actor=request.user, comment=comment, hide=s.validated_data["action"] == "hide",
            reason=s.validated_data.get("reason", ""))
        comment = (Comment.objects.select_related("author", "organization", "moderated_by")
                   .get(pk=comment.pk))
        return Response(serializers.CommentSerializer(comment, context={"moderator": True})
                        .data)

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
            note = talk.note_create(actor=request.user, recommendation=rec,
                                    text=s.validated_data["text"],
                                    language=s.validated_data.get("language"))
            note = InternalNote.objects.select_related("author").get(pk=note.pk)
            return Response(serializers.InternalNoteSerializer(note).data,
                            status=status.HTTP_201_CREATED)
        return self._page(rec_selectors.internal_notes_for(request.user, rec),
                          serializers.InternalNoteSerializer)
