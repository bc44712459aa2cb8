"""Shapes of the recommendations API: follow-up actions, progress reports with evidence,
assessments and validations."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.api.serializers import (
    OrganizationRefSerializer,
    PartyRefSerializer,
    PersonRefSerializer,
)
from consultations.models import Organization, Party
from consultations.policies import person_ref_for
from portal.api.content_language import ContentLanguageField
from portal.api.fields import CodeOrIdRelatedField
from portal.core.ids import MAX_ID
from recommendations import policies
from recommendations.api.serializers.recommendations import FilerFieldsMixin, _reader
from recommendations.models import (
    ActionStatus,
    Assessment,
    Evidence,
    FieldVisibility,
    FollowUpAction,
    ProgressReport,
    ProgressReportRevision,
    Recommendation,
    Validation,
    Verdict,
)


class ProgressReportSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = ["id", "reported_on", "text", "language", "status", "percent",
                  "evidence_url", "author", "created_at"]

    @extend_schema_field(serializers.CharField(help_text=_(
        "Empty unless the reader may see the person's name.")))
    def get_author(self, obj) -> str:
        action = self.context.get("action") or obj.action
        return policies.person_name_for(_reader(self), obj.author, party_id=action.party_id)


class RecommendationRefSerializer(FilerFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["id", "reference", "title", "organization", "filer_name", "attribution"]


class ActionSerializer(serializers.ModelSerializer):
    party = PartyRefSerializer(read_only=True)
    lead_body = OrganizationRefSerializer(read_only=True, allow_null=True)
    responsible = serializers.SerializerMethodField(help_text=_(
        "The person responsible for reporting, when you may see their name: UNODC staff "
        "and the State's officials see it, others only if the person chose to show it "
        "publicly. Null otherwise (and when nobody is named). Written as a user id."))
    recommendations = RecommendationRefSerializer(many=True, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    in_disagreement = serializers.BooleanField(read_only=True)
    last_report_on = serializers.DateField(read_only=True, allow_null=True)
    report_count = serializers.IntegerField(read_only=True)
    validated_status = serializers.SerializerMethodField()

    class Meta:
        model = FollowUpAction
        fields = ["id", "party", "title", "description", "language", "lead_body",
                  "responsible", "recommendations", "start_on", "due_on", "status", "percent",
                  "report_every_months", "is_overdue", "in_disagreement", "last_report_on",
                  "report_count", "validated_status", "created_at", "updated_at"]

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_responsible(self, obj) -> dict | None:
        return person_ref_for(_reader(self), obj.responsible, party_id=obj.party_id)

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
    party = CodeOrIdRelatedField(
        queryset=Party.objects.all(),
        help_text=_("The State party: its ISO3 code (or its id); on creation only."))
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    language = ContentLanguageField()
    recommendations = serializers.PrimaryKeyRelatedField(
        queryset=Recommendation.objects.all(), many=True, required=False)
    lead_body = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(category=Organization.Category.GOVERNMENTAL),
        required=False, allow_null=True)
    responsible = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID,
        help_text=_("User id of the person responsible for reporting: an agency contact "
                    "of the action's State (another user is refused on this field)."))
    start_on = serializers.DateField(required=False, allow_null=True,
                                     help_text=_("When the work starts."))
    due_on = serializers.DateField(
        required=False, allow_null=True,
        help_text=_("When the action is due: on or after start_on (as the action has it "
                    "after this change)."))
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
    is_public = serializers.BooleanField(
        required=False, default=False,
        help_text=_("Shorthand for visibility \"public\" (when visibility is not given)."))
    visibility = serializers.ChoiceField(
        choices=FieldVisibility.choices, required=False,
        help_text=_("public: everyone who may see the action; government: also the "
                    "government, UNODC and the filing organizations only; unodc: the "
                    "government that reported it and UNODC only. Default: government."))

    def validate(self, attrs):
        # A PATCH of the report is partial, and DRF makes the nested items partial too:
        # a new evidence link still needs its address.
        if "url" not in attrs:
            raise serializers.ValidationError({"url": [self.fields["url"].error_messages[
                "required"]]})
        return attrs


class ProgressReportCreateSerializer(serializers.Serializer):
    reported_on = serializers.DateField()
    text = serializers.CharField(max_length=10000)
    language = ContentLanguageField()
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    confirm_implemented = serializers.BooleanField(required=False, default=False)
    evidence = EvidenceLinkSerializer(many=True, required=False)


class AssessmentCreateSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    comment = serializers.CharField(
        max_length=5000, required=False, allow_blank=True,
        help_text=_("Where the alliance does not agree: required (not blank) when the "
                    "verdict is partly or disagree."))
    language = ContentLanguageField()


class AssessmentSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "organization", "verdict", "comment", "language", "updated_at"]


class ValidationCreateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    confirm_implemented = serializers.BooleanField(required=False, default=False)


class ValidationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Validation
        fields = ["status", "percent", "comment", "validated_at"]


class EvidenceSerializer(serializers.ModelSerializer):
    is_file = serializers.BooleanField(read_only=True)
    is_public = serializers.BooleanField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "title", "is_file", "url", "content_type", "is_public",
                  "visibility", "download_url", "created_at"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, obj):
        if not obj.is_file:
            return None
        return reverse("api-evidence-download", kwargs={"pk": obj.pk})


class ProgressReportRevisionSerializer(serializers.ModelSerializer):
    edited_by = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReportRevision
        fields = ["reported_on", "text", "status", "percent", "edited_by", "edited_at"]

    @extend_schema_field(serializers.CharField())
    def get_edited_by(self, obj) -> str:
        action = self.context.get("action") or obj.report.action
        return policies.person_name_for(_reader(self), obj.edited_by,
                                        party_id=action.party_id)


class ProgressReportDetailSerializer(ProgressReportSerializer):
    """A progress report with the evidence the user may see, its earlier versions and
    whether the user may edit it (context: request and action)."""

    evidence = serializers.SerializerMethodField()
    revisions = ProgressReportRevisionSerializer(many=True, read_only=True)
    can_edit = serializers.SerializerMethodField()

    class Meta(ProgressReportSerializer.Meta):
        fields = [*ProgressReportSerializer.Meta.fields, "evidence", "revisions", "can_edit"]

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, obj):
        action = self.context["action"]
        user = self._user()
        rows = [e for e in obj.evidence.all() if policies.can_view_evidence(user, e, action)]
        return EvidenceSerializer(rows, many=True).data

    @extend_schema_field(serializers.BooleanField())
    def get_can_edit(self, obj) -> bool:
        action = self.context["action"]
        return (not self.context.get("closed", False)
                and policies.can_edit_progress_report(self._user(), obj, action))


class ProgressReportMultipartSerializer(serializers.Serializer):
    """A progress report as the web form sends it: one evidence file and/or one link."""

    reported_on = serializers.DateField()
    text = serializers.CharField(max_length=10000)
    language = ContentLanguageField()
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    confirm_implemented = serializers.BooleanField(required=False, default=False)
    evidence_file = serializers.FileField(
        required=False, max_length=300,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, JPEG or PNG."))
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    evidence_title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    evidence_public = serializers.BooleanField(
        required=False, default=False,
        help_text=_("Shorthand for evidence_visibility \"public\"."))
    evidence_visibility = serializers.ChoiceField(
        choices=FieldVisibility.choices, required=False,
        help_text=_("Who may see the evidence (default: government, UNODC and the filing "
                    "organizations)."))
