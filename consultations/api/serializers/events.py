"""Shapes of the consultations API: events, registrations and what follows an event
(attendance, minutes, documents, action items). Serializers validate the input's shape
only; the services check the business rules and the policies."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from consultations import policies
from consultations.api.serializers.organizations import OrganizationRefSerializer, reader_of
from consultations.api.serializers.reference import PartyRefSerializer
from consultations.models import (
    ActionItem,
    Attendance,
    Cluster,
    Event,
    EventDocument,
    Organization,
    Party,
    PilotInitiative,
    Registration,
    WorkingGroup,
)
from portal.api.fields import CodeOrIdRelatedField, TimeZoneField


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
    party = CodeOrIdRelatedField(
        queryset=Party.objects.all(), required=False, allow_null=True,
        help_text=_("The State party where it is held: its ISO3 code (or its id); none for a "
                    "regional or global event."))
    pilot = serializers.PrimaryKeyRelatedField(queryset=PilotInitiative.objects.all(),
                                               required=False, allow_null=True)
    working_group = serializers.PrimaryKeyRelatedField(queryset=WorkingGroup.objects.all(),
                                                       required=False, allow_null=True)
    cluster = serializers.PrimaryKeyRelatedField(queryset=Cluster.objects.all(),
                                                 required=False, allow_null=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    timezone = TimeZoneField(required=False, help_text=_(
        "The IANA time zone it is held in, e.g. Asia/Karachi (times are shown in it)."))
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

    @extend_schema_field(serializers.CharField(help_text=_(
        "Empty unless you may see the person's name (the event's managers, the "
        "organization's members, the person)."), allow_blank=True))
    def get_name(self, obj) -> str:
        event = self.context.get("event") or obj.event
        return policies.person_name_for(reader_of(self), obj.user, party_id=event.party_id,
                               organization_id=obj.organization_id)


class RegistrationCreateSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True,
        help_text="One of your verified organizations (required when you register "
                  "yourself).")
    email = serializers.EmailField(
        required=False, help_text="Event managers: register somebody else by e-mail.")


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
