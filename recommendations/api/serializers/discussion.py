"""Shapes of the recommendations API's discussion: comments and their moderation, internal
notes and attachments. Serializers validate the input's shape only; the services check
the rules."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.api.serializers import OrganizationRefSerializer
from portal.api.content_language import ContentLanguageField
from recommendations import policies
from recommendations.api.serializers.recommendations import _reader
from recommendations.models import (
    Comment,
    InternalNote,
    RecommendationAttachment,
)


class ModerationSerializer(serializers.Serializer):
    moderated_by = serializers.CharField()
    moderated_at = serializers.DateTimeField()
    reason = serializers.CharField()


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    moderation = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "author", "organization", "text", "language", "status",
                  "created_at", "moderation"]

    @extend_schema_field(serializers.CharField(help_text=_(
        "Empty unless the reader may see the person's name (people choose whether the "
        "public sees their name).")))
    def get_author(self, obj) -> str:
        return policies.person_name_for(_reader(self), obj.author,
                                        recommendation=obj.recommendation)

    @extend_schema_field(ModerationSerializer(allow_null=True, help_text=_(
        "Who hid or restored the comment, when and why: for moderators only.")))
    def get_moderation(self, obj):
        if not self.context.get("moderator") or obj.moderated_at is None:
            return None
        moderator = obj.moderated_by
        return {"moderated_by": moderator.get_full_name() if moderator else "",
                "moderated_at": obj.moderated_at, "reason": obj.moderation_reason}


class CommentCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=3000)
    language = ContentLanguageField()


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = RecommendationAttachment
        fields = ["id", "name", "content_type", "size", "uploaded_at", "download_url"]

    @extend_schema_field(serializers.CharField())
    def get_download_url(self, obj) -> str:
        return reverse("api-recommendation-attachment-download",
                       kwargs={"pk": obj.recommendation_id, "attachment_pk": obj.pk})


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        max_length=300,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, JPEG or PNG; checked for "
                    "its type, content and size."))


class InternalNoteSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = InternalNote
        fields = ["id", "author", "text", "language", "created_at"]

    @extend_schema_field(serializers.CharField())
    def get_author(self, obj) -> str:
        return obj.author.get_full_name() if obj.author else ""


class InternalNoteCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    language = ContentLanguageField()


class CommentModerateSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[("hide", _("Hide")), ("restore", _("Restore"))])
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                   help_text=_("Required to hide a comment."))
