"""Shapes of the recommendations API: recommendations, co-signatures, endorsements,
responses, corrections, consolidation, the queue (comments, notes and attachments are
in discussion). Serializers validate the input's shape only; the services check the rules."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.api.serializers import OrganizationRefSerializer, PartyRefSerializer
from consultations.models import Article, Cluster, Event, Instrument, Organization, Party
from portal.api.content_language import ContentLanguageField
from portal.api.fields import CodeOrIdRelatedField, QuerySerializer, RequiredBooleanField
from recommendations import policies
from recommendations.api.translations import DisplaySerializer, display_data
from recommendations.models import (
    Attribution,
    CoSignature,
    Endorsement,
    FieldVisibility,
    Position,
    Recommendation,
    RecommendationVersion,
    Response,
    SdgTarget,
    Theme,
)
from recommendations.selectors import safety
from recommendations.selectors.recommendations import QUEUE_STATUSES


def _reader(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class FilerFieldsMixin(serializers.Serializer):
    """The filing organization as the reader may see it (policies.filer_display_for):
    ``organization`` is null and ``filer_name`` generic when the name is kept from the
    reader. Context: the request."""

    organization = serializers.SerializerMethodField()
    filer_name = serializers.SerializerMethodField()
    attribution = serializers.ChoiceField(
        choices=Attribution.choices, read_only=True,
        help_text=_("named: everyone sees the filer's name; in_state: the public sees "
                    "\"a civil society organization in <State>\", the government and "
                    "UNODC the name; unodc_only: only UNODC sees the name."))

    @extend_schema_field(OrganizationRefSerializer(allow_null=True))
    def get_organization(self, obj):
        if not policies.filer_name_visible_to(_reader(self), obj):
            return None
        return OrganizationRefSerializer(obj.organization).data

    @extend_schema_field(serializers.CharField())
    def get_filer_name(self, obj) -> str:
        return policies.filer_display_for(_reader(self), obj)


class RecommendationSerializer(FilerFieldsMixin, serializers.ModelSerializer):
    party = PartyRefSerializer(read_only=True)
    instruments = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    cluster = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    endorsement_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Recommendation
        fields = ["id", "reference", "title", "status", "position", "is_public",
                  "organization", "filer_name", "attribution", "party", "cluster",
                  "instruments", "themes",
                  "submitted_at", "response_due_on", "responded_at", "endorsement_count",
                  "version", "created_at", "updated_at", "language"]


class CoSignatureSerializer(serializers.ModelSerializer):
    """A co-signer as the reader may see it (context: the request)."""

    organization = serializers.SerializerMethodField()
    organization_name = serializers.SerializerMethodField()
    attribution = serializers.ChoiceField(
        choices=Attribution.choices, read_only=True,
        help_text=_("Who may read the co-signer's name, as for the filer."))

    class Meta:
        model = CoSignature
        fields = ["id", "organization", "organization_name", "attribution", "status",
                  "invited_at", "decided_at"]

    @extend_schema_field(OrganizationRefSerializer(allow_null=True))
    def get_organization(self, obj):
        if not policies.cosigner_name_visible_to(_reader(self), obj, obj.recommendation):
            return None
        return OrganizationRefSerializer(obj.organization).data

    @extend_schema_field(serializers.CharField())
    def get_organization_name(self, obj) -> str:
        return policies.cosigner_display_for(_reader(self), obj, obj.recommendation)


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
    language = serializers.CharField()
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
    correct = serializers.BooleanField()
    approve_response = serializers.BooleanField()
    consider = serializers.BooleanField()
    set_deadline = serializers.BooleanField()
    notes = serializers.BooleanField(help_text=_("Read and add internal notes."))
    moderate_comments = serializers.BooleanField()
    attach = serializers.BooleanField()
    share = serializers.BooleanField(help_text=_("Share the draft with the organization's "
                                                 "alliances (or take it back)."))
    translate = serializers.BooleanField(help_text=_("Add or remove translations."))
    protect = serializers.BooleanField()


class RecommendationDetailSerializer(RecommendationSerializer):
    articles = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    sdg_targets = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    event = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    cosignatures = serializers.SerializerMethodField()
    endorsements = EndorsementSerializer(many=True, read_only=True)
    versions = serializers.SerializerMethodField()
    rationale = serializers.SerializerMethodField()
    rationale_visibility = serializers.ChoiceField(
        choices=FieldVisibility.choices, read_only=True,
        help_text=_("Who may read the rationale: public (everyone who may read the "
                    "recommendation), government (the government addressed and UNODC) "
                    "or unodc (UNODC only). The filer and co-signers always may."))
    attachments_visibility = serializers.ChoiceField(
        choices=FieldVisibility.choices, read_only=True,
        help_text=_("Who may see the attachments (as rationale_visibility)."))
    response = serializers.SerializerMethodField()
    endorsement_count = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()
    display = serializers.SerializerMethodField()

    class Meta(RecommendationSerializer.Meta):
        fields = [*RecommendationSerializer.Meta.fields, "text", "rationale",
                  "rationale_visibility", "attachments_visibility", "articles",
                  "sdg_targets", "event", "cosignatures", "endorsements", "versions",
                  "response", "shared_with_alliance", "permissions", "display"]

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    @extend_schema_field(CoSignatureSerializer(many=True))
    def get_cosignatures(self, obj):
        rows = [c for c in obj.cosignatures.all() if c.status != CoSignature.Status.DECLINED]
        for c in rows:
            c.recommendation = obj
        return CoSignatureSerializer(rows, many=True, context=self.context).data

    @extend_schema_field(serializers.CharField(help_text=_(
        "Empty when the rationale is kept from the reader (rationale_visibility).")))
    def get_rationale(self, obj) -> str:
        return safety.rationale_for(self._user(), obj)

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, obj):
        return VersionSerializer(safety.versions_for(self._user(), obj), many=True).data

    @extend_schema_field(serializers.IntegerField())
    def get_endorsement_count(self, obj) -> int:
        return len(obj.endorsements.all())

    @extend_schema_field(ResponseSerializer(allow_null=True))
    def get_response(self, obj):
        if not policies.can_view_response(self._user(), obj):
            return None
        return ResponseSerializer(obj.response).data

    @extend_schema_field(DisplaySerializer(help_text=(
        "The title and text in the reader's language (?lang= or Accept-Language) when a "
        "translation exists, else the original; title and text above are the original.")))
    def get_display(self, obj):
        return display_data(obj, self.context.get("request"))

    @extend_schema_field(PermissionsSerializer)
    def get_permissions(self, obj):
        return policies.recommendation_capabilities(self._user(), obj)


class RecommendationWriteSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        help_text="One of your verified organizations (on creation only).")
    party = CodeOrIdRelatedField(
        queryset=Party.objects.all(),
        help_text=_("The State party addressed: its ISO3 code (or its id)."))
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    rationale = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    language = ContentLanguageField()
    instruments = CodeOrIdRelatedField(
        queryset=Instrument.objects.all(), many=True, required=False,
        help_text=_("The instruments it concerns: their codes (or ids), e.g. untoc, tip."))
    articles = serializers.PrimaryKeyRelatedField(queryset=Article.objects.all(), many=True,
                                                  required=False)
    cluster = serializers.PrimaryKeyRelatedField(queryset=Cluster.objects.all(),
                                                 required=False, allow_null=True)
    themes = CodeOrIdRelatedField(
        queryset=Theme.objects.all(), many=True, required=False,
        help_text=_("Its themes: their slugs (or ids)."))
    sdg_targets = CodeOrIdRelatedField(
        queryset=SdgTarget.objects.all(), many=True, required=False,
        help_text=_("The Sustainable Development Goal targets it serves: their numbers "
                    "(or ids), e.g. 16.4."))
    event = serializers.PrimaryKeyRelatedField(queryset=Event.objects.all(), required=False,
                                               allow_null=True)
    attribution = serializers.ChoiceField(
        choices=Attribution.choices, required=False,
        help_text=_("Who may read the filer's name (default on creation: named)."))
    rationale_visibility = serializers.ChoiceField(
        choices=FieldVisibility.choices, required=False,
        help_text=_("Who may read the rationale (default on creation: public)."))
    attachments_visibility = serializers.ChoiceField(
        choices=FieldVisibility.choices, required=False,
        help_text=_("Who may see the attachments (default on creation: public)."))


class ProtectionSerializer(serializers.Serializer):
    """A change of who may read the filer's name and the protected fields."""

    attribution = serializers.ChoiceField(choices=Attribution.choices, required=False)
    rationale_visibility = serializers.ChoiceField(choices=FieldVisibility.choices,
                                                   required=False)
    attachments_visibility = serializers.ChoiceField(choices=FieldVisibility.choices,
                                                     required=False)
    confirm_reveal = serializers.BooleanField(
        required=False, default=False,
        help_text=_("Needed (true) when a change shows something to more readers than "
                    "now: without it such a change is refused with 400."))


class CosignerProtectionSerializer(serializers.Serializer):
    attribution = serializers.ChoiceField(choices=Attribution.choices)
    confirm_reveal = serializers.BooleanField(required=False, default=False)


class RecommendationUpdateSerializer(RecommendationWriteSerializer):
    organization = None
    expected_version = serializers.IntegerField(
        required=False, min_value=1,
        help_text="The version you read: if somebody changed the draft since, the answer "
                  "is 409 and nothing is saved.")
    shared_with_alliance = serializers.BooleanField(
        required=False,
        help_text="Share the draft with the coordinators of the verified alliances your "
                  "organization is an accepted member of (read only for them), or take it "
                  "back.")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class OrganizationChoiceSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())


class CoSignatureInviteSerializer(OrganizationChoiceSerializer):
    cross_border = serializers.BooleanField(
        required=False, default=False,
        help_text="Invite an organization of another State than the filer's (an explicit "
                  "choice; otherwise only the filer's State).")


class CoSignatureInvitedSerializer(CoSignatureSerializer):
    confirmers = serializers.IntegerField(
        read_only=True, help_text="How many people were notified and may confirm (0: "
                                  "nobody can confirm yet, the organization has no member).")

    class Meta(CoSignatureSerializer.Meta):
        fields = [*CoSignatureSerializer.Meta.fields, "confirmers"]


class CoSignatureDecisionSerializer(serializers.Serializer):
    accept = RequiredBooleanField()
    attribution = serializers.ChoiceField(
        choices=Attribution.choices, required=False, default=Attribution.NAMED,
        help_text=_("On confirming: who may read the co-signer's name (named; in_state: "
                    "the public sees \"a civil society organization in <State>\"; "
                    "unodc_only: only UNODC)."))


class ResponseCreateSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(
        min_value=1, help_text="The recommendation's version you answered (see `version`).")
    position = serializers.ChoiceField(choices=Position.choices)
    justification = serializers.CharField(max_length=10000, required=False,
                                          allow_blank=True)
    language = ContentLanguageField()
    commitments = CommitmentSerializer(many=True, required=False)


class ResponseApproveSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=1)


class ResponseRejectSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=1)
    note = serializers.CharField(max_length=2000)


class CorrectionSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(
        required=False, min_value=1,
        help_text=_("The version you read: if somebody changed the recommendation since, "
                    "the answer is 409 and nothing is saved."))
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=10000)
    rationale = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    note = serializers.CharField(max_length=500, help_text=_("What you corrected."))


class ConsolidateSerializer(serializers.Serializer):
    alliance = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1,
        help_text=_("A verified alliance you coordinate."))
    drafts = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), min_length=2,
        max_length=100,
        help_text=_("Drafts of the alliance's member organizations, addressed to one State "
                    "(see consolidation-candidates)."))
    title = serializers.CharField(max_length=200)


class ConsolidationCandidateSerializer(RecommendationSerializer):
    """A member organization's draft that an alliance coordinator may consolidate."""


class DeadlineSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class TimelineEntrySerializer(serializers.Serializer):
    kind = serializers.CharField(source="event.kind")
    label = serializers.CharField()
    occurred_at = serializers.DateTimeField(source="event.occurred_at")
    actor = serializers.SerializerMethodField()
    note = serializers.CharField(source="event.note")

    @extend_schema_field(serializers.CharField())
    def get_actor(self, obj) -> str:
        return obj.actor_name


class QueueFilterSerializer(QuerySerializer):
    status = serializers.ChoiceField(choices=list(QUEUE_STATUSES), required=False,
                                     default="open")
    overdue = serializers.BooleanField(required=False, default=False,
                                       help_text=_("Only overdue recommendations."))
    q = serializers.CharField(required=False, allow_blank=True, max_length=200,
                              help_text=_("Full-text search."))


class QueueItemSerializer(FilerFieldsMixin, serializers.ModelSerializer):
    party = PartyRefSerializer(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    response_status = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = ["id", "reference", "title", "status", "organization", "filer_name",
                  "attribution", "party", "submitted_at", "response_due_on", "is_overdue",
                  "response_status"]

    @extend_schema_field(serializers.ChoiceField(choices=Response.Status.choices,
                                                 allow_null=True))
    def get_response_status(self, obj):
        try:
            response = obj.response
        except Recommendation.response.RelatedObjectDoesNotExist:
            return None
        return response.status if response is not None else None


class QueueCountsSerializer(serializers.Serializer):
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()


class SimilarQuerySerializer(QuerySerializer):
    party = CodeOrIdRelatedField(
        query=True, queryset=Party.objects.all(),
        help_text=_("The State party of the draft: its ISO3 code (or its id)."))
    title = serializers.CharField(max_length=200)
    exclude = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False,
                                       help_text=_("A recommendation to leave out (the "
                                                   "draft being written)."))


class SimilarSerializer(FilerFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["id", "reference", "title", "status", "organization", "filer_name",
                  "attribution"]
