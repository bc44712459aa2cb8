"""Shapes of the consultations API: pilot initiatives and their roadmap."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from consultations.api.serializers.organizations import OrganizationRefSerializer, reader_of
from consultations.api.serializers.reference import PartyRefSerializer
from consultations.models import (
    Milestone,
    OfficialAssignment,
    Organization,
    Party,
    PilotInitiative,
)
from consultations.policies import person_ref_for
from portal.api.fields import CodeOrIdRelatedField


class PersonRefSerializer(serializers.Serializer):
    """A person whose name the reader may see (``consultations.policies.person_ref_for``:
    null otherwise). Never an e-mail address."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


PERSON_REF_HELP = _("The person, when you may see their name: UNODC staff and the State's "
                    "officials see it, others only if the person chose to show it publicly. "
                    "Null otherwise (and when there is none).")


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
    focal_person = serializers.SerializerMethodField(help_text=PERSON_REF_HELP)
    unodc_contact = serializers.SerializerMethodField(help_text=PERSON_REF_HELP)
    event_count = serializers.IntegerField(read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = PilotInitiative
        fields = ["id", "party", "title", "summary", "launched_on", "status", "alliance",
                  "focal_person", "unodc_contact", "event_count", "milestones"]

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_focal_person(self, obj) -> dict | None:
        return person_ref_for(reader_of(self), obj.focal_person, party_id=obj.party_id)

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_unodc_contact(self, obj) -> dict | None:
        return person_ref_for(reader_of(self), obj.unodc_contact, party_id=obj.party_id)


def _users():
    return get_user_model().objects.filter(is_active=True)


@extend_schema_serializer(component_name="Pilot")  # the request side of Pilot
class PilotWriteSerializer(serializers.Serializer):
    """The pilot's editable fields, with the choices of the web form: an alliance, a
    focal person of the pilot's State, a UNODC staff member. On a change, only the fields
    sent are changed; the State is given on creation only (and cannot change)."""

    party = CodeOrIdRelatedField(
        queryset=Party.objects.all(),
        help_text=_("The State: its ISO3 code (or its id); on creation only."))
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
