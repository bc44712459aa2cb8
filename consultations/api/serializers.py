"""Shapes of the consultations API. Serializers validate the input's shape only; the
services check the business rules and the policies."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from consultations import policies
from consultations.models import (
    ActionItem,
    AllianceMembership,
    Article,
    Attendance,
    Cluster,
    Event,
    EventDocument,
    Instrument,
    Invitation,
    Membership,
    Milestone,
    OfficialAssignment,
    Organization,
    Party,
    PilotInitiative,
    Registration,
    Reservation,
    TreatyAction,
    WorkingGroup,
)
from portal.api.fields import RequiredBooleanField

# --- reference data -----------------------------------------------------------------


class ArticleSerializer(serializers.ModelSerializer):
    instrument = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Article
        fields = ["id", "instrument", "number", "title"]


LOCALIZED = "In the language asked for (Accept-Language or ?lang=), English when it has none."


class InstrumentSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    short_title = serializers.CharField(source="__str__", read_only=True, help_text=LOCALIZED)
    title = serializers.CharField(source="local_title", read_only=True, help_text=LOCALIZED)

    class Meta:
        model = Instrument
        fields = ["id", "code", "short_title", "title", "adopted_on", "adoption_reference",
                  "in_force_on", "article_count", "parent"]


class InstrumentDetailSerializer(InstrumentSerializer):
    articles = ArticleSerializer(many=True, read_only=True)

    class Meta(InstrumentSerializer.Meta):
        fields = [*InstrumentSerializer.Meta.fields, "articles"]


class ClusterSerializer(serializers.ModelSerializer):
    articles = ArticleSerializer(many=True, read_only=True)
    title = serializers.SerializerMethodField(help_text=LOCALIZED)

    class Meta:
        model = Cluster
        fields = ["id", "number", "roman", "title", "articles"]

    def get_title(self, cluster) -> str:
        return cluster.translated("title")


class TreatyActionSerializer(serializers.ModelSerializer):
    instrument = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = TreatyAction
        fields = ["instrument", "kind", "date", "date_confirmed", "note", "is_consent"]


class ReservationSerializer(serializers.ModelSerializer):
    instrument = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Reservation
        fields = ["instrument", "kind", "article_reference", "text", "date"]


class PartySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="local_name", read_only=True, help_text=LOCALIZED)

    class Meta:
        model = Party
        fields = ["id", "name", "iso3", "iso2", "kind", "regional_group", "timezone",
                  "response_days"]


class PartyDetailSerializer(PartySerializer):
    treaty_actions = TreatyActionSerializer(many=True, read_only=True)
    reservations = ReservationSerializer(many=True, read_only=True)

    class Meta(PartySerializer.Meta):
        fields = [*PartySerializer.Meta.fields, "treaty_actions", "reservations"]


class PartyRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="local_name", read_only=True, help_text=LOCALIZED)

    class Meta:
        model = Party
        fields = ["id", "name", "iso3"]


# --- organizations --------------------------------------------------------------------


class OrganizationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "acronym"]


class OrganizationSerializer(serializers.ModelSerializer):
    country = PartyRefSerializer(read_only=True, allow_null=True)
    lead_organization = OrganizationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "acronym", "category", "subtype", "country", "website",
                  "description", "ecosoc_status", "is_alliance", "lead_organization",
                  "status", "created_at"]


class OrganizationDetailSerializer(OrganizationSerializer):
    """``member_organizations`` and ``alliances``: accepted memberships between verified
    organizations only (read from the prefetched lists, see the viewset)."""

    member_organizations = serializers.SerializerMethodField()
    alliances = serializers.SerializerMethodField()

    class Meta(OrganizationSerializer.Meta):
        fields = [*OrganizationSerializer.Meta.fields, "member_organizations", "alliances"]

    @extend_schema_field(OrganizationRefSerializer(many=True))
    def get_member_organizations(self, obj):
        return OrganizationRefSerializer(
            [m.organization for m in getattr(obj, "accepted_members", [])], many=True).data

    @extend_schema_field(OrganizationRefSerializer(many=True))
    def get_alliances(self, obj):
        return OrganizationRefSerializer(
            [m.alliance for m in getattr(obj, "accepted_alliances", [])], many=True).data


class OrganizationWriteSerializer(serializers.Serializer):
    """Registration and profile changes. On a change, only the fields sent are changed."""

    name = serializers.CharField(max_length=200)
    acronym = serializers.CharField(max_length=30, required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=Organization.Category.choices)
    subtype = serializers.ChoiceField(choices=Organization.Subtype.choices, required=False,
                                      allow_blank=True)
    country = serializers.PrimaryKeyRelatedField(queryset=Party.objects.all(),
                                                 required=False, allow_null=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    ecosoc_status = serializers.BooleanField(required=False)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    is_alliance = serializers.BooleanField(required=False)
    lead_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(status=Organization.Status.VERIFIED),
        required=False, allow_null=True)

    def validate(self, attrs):
        if "member_organizations" in getattr(self, "initial_data", {}):
            raise serializers.ValidationError({"member_organizations": [_(
                "Member organizations are not declared: the alliance invites them "
                "(POST /api/v1/organizations/{id}/alliance-members/) and each one's "
                "coordinators accept.")]})
        return attrs


class AllianceMembershipSerializer(serializers.ModelSerializer):
    alliance = OrganizationRefSerializer(read_only=True)
    organization = OrganizationRefSerializer(read_only=True)

    class Meta:
        model = AllianceMembership
        fields = ["id", "alliance", "organization", "status", "created_at", "decided_at",
                  "ended_at"]


class AllianceMembershipCreateSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        help_text=_("To invite: the organization invited. To ask to join: the "
                    "organization you coordinate that asks."))


class OrganizationRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class JoinRequestCreateSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class JoinRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = serializers.IntegerField(source="organization_id")
    user = serializers.IntegerField(source="user_id")
    status = serializers.CharField()
    message = serializers.CharField()
    created_at = serializers.DateTimeField()


class JoinRequestDecisionSerializer(serializers.Serializer):
    approve = RequiredBooleanField()


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.IntegerField(source="user_id", read_only=True)
    name = serializers.SerializerMethodField()
    organization = serializers.IntegerField(source="organization_id", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "name", "organization", "role", "joined_at"]
        read_only_fields = ["joined_at"]

    @extend_schema_field(serializers.CharField())
    def get_name(self, obj) -> str:
        return obj.user.get_full_name()


class MembershipRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


# --- events and registrations -----------------------------------------------------------


class EventSerializer(serializers.ModelSerializer):
    party = PartyRefSerializer(read_only=True, allow_null=True)
    pilot = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    network = serializers.StringRelatedField(read_only=True, allow_null=True)
    confirmed_count = serializers.IntegerField(read_only=True)
    waitlist_count = serializers.IntegerField(read_only=True)
    online_url = serializers.URLField(
        read_only=True, allow_null=True,
        help_text=_("The online meeting link: for participants with a confirmed "
                    "registration, the event's managers and UNODC staff; null for "
                    "everybody else, and when the event has none."))

    class Meta:
        model = Event
        fields = ["id", "kind", "title", "description", "party", "pilot", "network",
                  "starts_at", "ends_at", "timezone", "mode", "venue", "online_url",
                  "capacity", "registration_deadline", "status", "confirmed_count",
                  "waitlist_count"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if not (data.get("online_url") and request is not None
                and policies.can_view_online_link(request.user, instance)):
            data["online_url"] = None
        return data


class AttendanceRowSerializer(serializers.Serializer):
    category = serializers.CharField()
    count = serializers.IntegerField()


class EventDetailSerializer(EventSerializer):
    organizers = OrganizationRefSerializer(many=True, read_only=True)
    attendance = AttendanceRowSerializer(many=True, read_only=True)
    working_group = serializers.StringRelatedField(read_only=True, allow_null=True)
    cluster = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "working_group", "cluster", "minutes",
                  "organizers", "attendance"]


class EventWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Event.Kind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.all(), required=False,
                                               allow_null=True)
    pilot = serializers.PrimaryKeyRelatedField(queryset=PilotInitiative.objects.all(),
                                               required=False, allow_null=True)
    working_group = serializers.PrimaryKeyRelatedField(queryset=WorkingGroup.objects.all(),
                                                       required=False, allow_null=True)
    cluster = serializers.PrimaryKeyRelatedField(queryset=Cluster.objects.all(),
                                                 required=False, allow_null=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    timezone = serializers.CharField(max_length=64, required=False)
    mode = serializers.ChoiceField(choices=Event.Mode.choices, required=False)
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True)
    online_url = serializers.URLField(max_length=200, required=False, allow_blank=True)
    capacity = serializers.IntegerField(min_value=1, max_value=1000000, required=False,
                                        allow_null=True)
    registration_deadline = serializers.DateTimeField(required=False, allow_null=True)
    organizers = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(status=Organization.Status.VERIFIED),
        many=True, required=False)


class EventStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Event.Status.choices)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class RegistrationSerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="event_id", read_only=True)
    user = serializers.IntegerField(source="user_id", read_only=True)
    name = serializers.SerializerMethodField()
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Registration
        fields = ["id", "event", "user", "name", "organization", "status", "created_at",
                  "cancelled_at"]

    @extend_schema_field(serializers.CharField())
    def get_name(self, obj) -> str:
        return obj.user.get_full_name()


class RegistrationCreateSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True,
        help_text="One of your verified organizations (required when you register "
                  "yourself).")
    email = serializers.EmailField(
        required=False, help_text="Event managers: register somebody else by e-mail.")


# --- pilot initiatives and their roadmap -------------------------------------------------


class PersonRefSerializer(serializers.Serializer):
    """A person named on a public page (the web shows their name, never their e-mail)."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_name(self, obj) -> str:
        return obj.get_full_name()


class MilestoneSerializer(serializers.ModelSerializer):
    pilot = serializers.IntegerField(source="pilot_id", read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "pilot", "title", "due_on", "status"]


@extend_schema_serializer(component_name="Milestone")  # the request side of Milestone
class MilestoneWriteSerializer(serializers.Serializer):
    """A roadmap step. On a change, only the fields sent are changed."""

    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()
    status = serializers.ChoiceField(choices=Milestone.Status.choices, required=False)


class PilotSerializer(serializers.ModelSerializer):
    """A pilot initiative with its roadmap (the same shape in the list and alone)."""

    party = PartyRefSerializer(read_only=True)
    alliance = OrganizationRefSerializer(read_only=True, allow_null=True)
    focal_person = PersonRefSerializer(read_only=True, allow_null=True)
    unodc_contact = PersonRefSerializer(read_only=True, allow_null=True)
    event_count = serializers.IntegerField(read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = PilotInitiative
        fields = ["id", "party", "title", "summary", "launched_on", "status", "alliance",
                  "focal_person", "unodc_contact", "event_count", "milestones"]


def _users():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True)


@extend_schema_serializer(component_name="Pilot")  # the request side of Pilot
class PilotWriteSerializer(serializers.Serializer):
    """The pilot's editable fields, with the choices of the web form: an alliance, a
    focal person of the pilot's State, a UNODC staff member. On a change, only the fields
    sent are changed; the State is given on creation only (and cannot change)."""

    party = serializers.PrimaryKeyRelatedField(
        queryset=Party.objects.all(), help_text="The State (on creation only).")
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    launched_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=PilotInitiative.Status.choices, required=False)
    alliance = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(is_alliance=True), required=False,
        allow_null=True)
    focal_person = serializers.PrimaryKeyRelatedField(
        queryset=_users().filter(
            official_assignments__role=OfficialAssignment.Role.FOCAL_PERSON).distinct(),
        required=False, allow_null=True, help_text="A focal person of the pilot's State.")
    unodc_contact = serializers.PrimaryKeyRelatedField(
        queryset=_users().filter(is_unodc_staff=True), required=False, allow_null=True)

    def validate(self, attrs):
        pilot_party = self.context.get("party")
        if pilot_party is not None and "party" in attrs and attrs["party"] != pilot_party:
            raise serializers.ValidationError(
                {"party": _("The State of a pilot initiative cannot change.")})
        party = attrs.get("party") or pilot_party
        person = attrs.get("focal_person")
        if person is not None and party is not None and not person.official_assignments.filter(
                role=OfficialAssignment.Role.FOCAL_PERSON, party=party).exists():
            raise serializers.ValidationError(
                {"focal_person": _("Choose a focal person of the pilot's State.")})
        return attrs


# --- invitations -------------------------------------------------------------------------


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation as its organization's coordinators see it (never its token)."""

    organization = OrganizationRefSerializer(read_only=True)
    invited_by = serializers.IntegerField(source="invited_by_id", read_only=True,
                                          allow_null=True)
    state = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = ["id", "organization", "email", "role", "invited_by", "created_at",
                  "expires_at", "accepted_at", "revoked_at", "state"]

    @extend_schema_field(serializers.ChoiceField(
        choices=["open", "accepted", "revoked", "expired"]))
    def get_state(self, obj) -> str:
        if obj.accepted_at:
            return "accepted"
        if obj.revoked_at:
            return "revoked"
        return "open" if obj.is_open else "expired"


class InvitationCreateSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Membership.Role.choices,
                                   default=Membership.Role.MEMBER)


class InvitationAcceptSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=64, help_text="The token of the invitation "
                                  "link (the last part of the link in the e-mail).")


# --- after the event: attendance, minutes, documents, action items ------------------------


class AttendanceSerializer(serializers.Serializer):
    """Participants by stakeholder category, one field per category (empty or 0: none).
    Writing replaces every figure, as the web's outcomes page does."""

    def get_fields(self):
        fields = super().get_fields()
        for value, label in Attendance.Category.choices:
            fields[value] = serializers.IntegerField(
                min_value=0, max_value=10_000_000, required=False, allow_null=True,
                help_text=str(label))
        return fields


class AttendanceReadSerializer(AttendanceSerializer):
    total = serializers.IntegerField(read_only=True)


class MinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField(max_length=50000, allow_blank=True, trim_whitespace=False,
                                    help_text="Minutes or chair's summary (plain text).")


class EventDocumentSerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="event_id", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = EventDocument
        fields = ["id", "event", "kind", "title", "filename", "size", "uploaded_at",
                  "download_url"]

    @extend_schema_field(serializers.CharField())
    def get_download_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("api-event-document-download", args=[obj.event_id, obj.pk])


@extend_schema_serializer(component_name="EventDocument")  # the request side
class EventDocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True, use_url=False,
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, JPEG or PNG.")
    kind = serializers.ChoiceField(choices=EventDocument.Kind.choices)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                  help_text="Leave empty to use the file name.")


class ActionItemSerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="event_id", read_only=True)
    owner_organization = OrganizationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ActionItem
        fields = ["id", "event", "title", "owner_organization", "owner_name", "owner_label",
                  "due_on", "status", "created_at"]


class ActionItemCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    owner_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True)
    owner_name = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                       help_text="A person or body (when no organization "
                                                 "owns the action).")
    due_on = serializers.DateField()


@extend_schema_serializer(component_name="ActionItem")  # the request side (PATCH)
class ActionItemStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionItem.Status.choices)
