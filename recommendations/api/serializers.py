"""Shapes of the recommendations API. Serializers validate the input's shape; the
services check business rules and policies."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.api.serializers import OrganizationRefSerializer, PartyRefSerializer
from consultations.models import Article, Cluster, Event, Instrument, Organization, Party
from recommendations import policies
from recommendations.models import (
    ActionStatus,
    Assessment,
    Comment,
    CoSignature,
    Endorsement,
    FollowUpAction,
    Position,
    ProgressReport,
    Recommendation,
    RecommendationVersion,
    SdgTarget,
    Theme,
    Validation,
    Verdict,
)

# --- recommendations ------------------------------------------------------------------


class RecommendationSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    party = PartyRefSerializer(read_only=True)
    instruments = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    cluster = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    endorsement_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Recommendation
        fields = ["id", "reference", "title", "status", "position", "is_public",
                  "organization", "party", "cluster", "instruments", "themes",
                  "submitted_at", "response_due_on", "responded_at", "endorsement_count",
                  "version", "created_at", "updated_at"]


class CoSignatureSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = CoSignature
        fields = ["id", "organization", "status", "invited_at", "decided_at"]


class EndorsementSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = Endorsement
        fields = ["id", "organization", "created_at"]


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecommendationVersion
        fields = ["number", "title", "text", "rationale", "note", "created_at"]


class CommitmentSerializer(serializers.Serializer):
    lead_body = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(category=Organization.Category.GOVERNMENTAL))
    action = serializers.CharField(max_length=300)
    due_on = serializers.DateField(required=False, allow_null=True)


class CommitmentOutSerializer(serializers.Serializer):
    lead_body = serializers.IntegerField()
    lead_body_name = serializers.CharField()
    action = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)


class ResponseSerializer(serializers.Serializer):
    position = serializers.ChoiceField(choices=Position.choices)
    justification = serializers.CharField()
    status = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    commitments = CommitmentOutSerializer(many=True)


class PermissionsSerializer(serializers.Serializer):
    edit = serializers.BooleanField()
    submit = serializers.BooleanField()
    withdraw = serializers.BooleanField()
    publish = serializers.BooleanField()
    invite_cosigner = serializers.BooleanField()
    endorse = serializers.BooleanField()
    respond = serializers.BooleanField()
    comment = serializers.BooleanField()


class RecommendationDetailSerializer(RecommendationSerializer):
    articles = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    sdg_targets = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    event = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    cosignatures = serializers.SerializerMethodField()
    endorsements = EndorsementSerializer(many=True, read_only=True)
    versions = VersionSerializer(many=True, read_only=True)
    response = serializers.SerializerMethodField()
    endorsement_count = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()

    class Meta(RecommendationSerializer.Meta):
        fields = [*RecommendationSerializer.Meta.fields, "text", "rationale", "articles",
                  "sdg_targets", "event", "cosignatures", "endorsements", "versions",
                  "response", "permissions"]

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    @extend_schema_field(CoSignatureSerializer(many=True))
    def get_cosignatures(self, obj):
        rows = [c for c in obj.cosignatures.all() if c.status != CoSignature.Status.DECLINED]
        return CoSignatureSerializer(rows, many=True).data

    @extend_schema_field(serializers.IntegerField())
    def get_endorsement_count(self, obj) -> int:
        return len(obj.endorsements.all())

    @extend_schema_field(ResponseSerializer(allow_null=True))
    def get_response(self, obj):
        if not policies.can_view_response(self._user(), obj):
            return None
        return ResponseSerializer(obj.response).data

    @extend_schema_field(PermissionsSerializer)
    def get_permissions(self, obj):
        user = self._user()
        return {
            "edit": policies.can_edit_recommendation(user, obj),
            "submit": policies.can_submit_recommendation(user, obj),
            "withdraw": policies.can_withdraw_recommendation(user, obj),
            "publish": policies.can_publish_recommendation(user, obj),
            "invite_cosigner": policies.can_invite_cosigner(user, obj),
            "endorse": policies.can_endorse(user, obj),
            "respond": policies.can_respond(user, obj),
            "comment": policies.can_comment(user, obj),
        }


class RecommendationWriteSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        help_text="One of your verified organizations (on creation only).")
    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.all())
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    rationale = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    instruments = serializers.PrimaryKeyRelatedField(queryset=Instrument.objects.all(),
                                                     many=True, required=False)
    articles = serializers.PrimaryKeyRelatedField(queryset=Article.objects.all(), many=True,
                                                  required=False)
    cluster = serializers.PrimaryKeyRelatedField(queryset=Cluster.objects.all(),
                                                 required=False, allow_null=True)
    themes = serializers.PrimaryKeyRelatedField(queryset=Theme.objects.all(), many=True,
                                                required=False)
    sdg_targets = serializers.PrimaryKeyRelatedField(queryset=SdgTarget.objects.all(),
                                                     many=True, required=False)
    event = serializers.PrimaryKeyRelatedField(queryset=Event.objects.all(), required=False,
                                               allow_null=True)


class RecommendationUpdateSerializer(RecommendationWriteSerializer):
    organization = None
    expected_version = serializers.IntegerField(
        required=False, min_value=1,
        help_text="The version you read: if somebody changed the draft since, the answer "
                  "is 409 and nothing is saved.")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class OrganizationChoiceSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())


class CoSignatureDecisionSerializer(serializers.Serializer):
    accept = serializers.BooleanField()


class ResponseCreateSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(
        min_value=1, help_text="The recommendation's version you answered (see `version`).")
    position = serializers.ChoiceField(choices=Position.choices)
    justification = serializers.CharField(max_length=10000, required=False,
                                          allow_blank=True)
    commitments = CommitmentSerializer(many=True, required=False)


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Comment
        fields = ["id", "author", "organization", "text", "status", "created_at"]

    @extend_schema_field(serializers.CharField())
    def get_author(self, obj) -> str:
        return obj.author.get_full_name() if obj.author else ""


class CommentCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=3000)


# --- follow-up actions and progress reports -------------------------------------------------


class ProgressReportSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = ["id", "reported_on", "text", "status", "percent", "evidence_url",
                  "author", "created_at"]

    @extend_schema_field(serializers.CharField())
    def get_author(self, obj) -> str:
        return obj.author.get_full_name() if obj.author else ""


class RecommendationRefSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "reference", "title", "organization"]


class ActionSerializer(serializers.ModelSerializer):
    party = PartyRefSerializer(read_only=True)
    lead_body = OrganizationRefSerializer(read_only=True, allow_null=True)
    responsible = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    recommendations = RecommendationRefSerializer(many=True, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    in_disagreement = serializers.BooleanField(read_only=True)
    last_report_on = serializers.DateField(read_only=True, allow_null=True)
    report_count = serializers.IntegerField(read_only=True)
    validated_status = serializers.SerializerMethodField()

    class Meta:
        model = FollowUpAction
        fields = ["id", "party", "title", "description", "lead_body", "responsible",
                  "recommendations", "start_on", "due_on", "status", "percent",
                  "report_every_months", "is_overdue", "in_disagreement", "last_report_on",
                  "report_count", "validated_status", "created_at", "updated_at"]

    @extend_schema_field(serializers.ChoiceField(choices=ActionStatus.choices,
                                                 allow_null=True))
    def get_validated_status(self, obj):
        validation = getattr(obj, "validation", None)
        return validation.status if validation is not None else None


class ActionDetailSerializer(ActionSerializer):
    progress_reports = ProgressReportSerializer(many=True, read_only=True)

    class Meta(ActionSerializer.Meta):
        fields = [*ActionSerializer.Meta.fields, "progress_reports"]


class ActionWriteSerializer(serializers.Serializer):
    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.all(),
                                               help_text="On creation only.")
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    recommendations = serializers.PrimaryKeyRelatedField(
        queryset=Recommendation.objects.all(), many=True, required=False)
    lead_body = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(category=Organization.Category.GOVERNMENTAL),
        required=False, allow_null=True)
    responsible = serializers.IntegerField(
        required=False, allow_null=True, min_value=1,
        help_text="User id of the State's agency contact responsible for reporting.")
    start_on = serializers.DateField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    percent = serializers.IntegerField(min_value=0, max_value=100, required=False)
    report_every_months = serializers.IntegerField(min_value=1, max_value=24,
                                                   required=False, allow_null=True)
    confirm_implemented = serializers.BooleanField(required=False, default=False)


class ActionUpdateSerializer(ActionWriteSerializer):
    party = None


class EvidenceLinkSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_public = serializers.BooleanField(required=False, default=False)


class ProgressReportCreateSerializer(serializers.Serializer):
    reported_on = serializers.DateField()
    text = serializers.CharField(max_length=10000)
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    confirm_implemented = serializers.BooleanField(required=False, default=False)
    evidence = EvidenceLinkSerializer(many=True, required=False)


class ResponseApproveSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=1)


class ResponseRejectSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=1)
    note = serializers.CharField(max_length=2000)


class AssessmentCreateSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class AssessmentSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "organization", "verdict", "comment", "updated_at"]


class ValidationCreateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    confirm_implemented = serializers.BooleanField(required=False, default=False)


class ValidationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Validation
        fields = ["status", "percent", "comment", "validated_at"]
