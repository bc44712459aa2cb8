"""Shapes of the consultations API. Serializers validate the input's shape only; the
services check the business rules and the policies."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.models import (
    Article,
    Cluster,
    Event,
    Instrument,
    Membership,
    Organization,
    Party,
    PilotInitiative,
    Registration,
    Reservation,
    TreatyAction,
    WorkingGroup,
)

# --- reference data -----------------------------------------------------------------


class ArticleSerializer(serializers.ModelSerializer):
    instrument = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Article
        fields = ["id", "instrument", "number", "title"]


class InstrumentSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

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

    class Meta:
        model = Cluster
        fields = ["id", "number", "roman", "title", "articles"]


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
    member_organizations = OrganizationRefSerializer(many=True, read_only=True)
    alliances = OrganizationRefSerializer(many=True, read_only=True)

    class Meta(OrganizationSerializer.Meta):
        fields = [*OrganizationSerializer.Meta.fields, "member_organizations", "alliances"]


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
    member_organizations = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(status=Organization.Status.VERIFIED),
        many=True, required=False)


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
    approve = serializers.BooleanField()


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

    class Meta:
        model = Event
        fields = ["id", "kind", "title", "description", "party", "pilot", "network",
                  "starts_at", "ends_at", "timezone", "mode", "venue", "online_url",
                  "capacity", "registration_deadline", "status", "confirmed_count",
                  "waitlist_count"]


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
