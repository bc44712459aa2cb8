"""Shapes of the consultations API: organizations, memberships, alliance memberships,
join requests and invitations. Serializers validate the input's shape only; the services
check the business rules and the policies."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.api.serializers.reference import PartyRefSerializer
from consultations.models import (
    AllianceMembership,
    Invitation,
    Membership,
    Organization,
    Party,
)
from consultations.policies import person_name_for
from portal.api.fields import CodeOrIdRelatedField, RequiredBooleanField


def reader_of(serializer):
    """The user the serializer writes for (None: anonymous, or no request in the
    context)."""
    request = serializer.context.get("request")
    return getattr(request, "user", None)


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
    country = CodeOrIdRelatedField(
        queryset=Party.objects.all(), required=False, allow_null=True,
        help_text=_("The State party where it is based: its ISO3 code (or its id)."))
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


class OrganizationListingSerializer(serializers.Serializer):
    listed_in_directory = RequiredBooleanField(help_text=_(
        "false: the organization is left out of the public directory and lists, and its "
        "page is not found by the public; UNODC, the officials of its State and its "
        "members still see it. Its recommendations show its name as their attribution "
        "says."))


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

    @extend_schema_field(serializers.CharField(help_text=_(
        "Empty unless you may see the person's name (the organization's members, UNODC "
        "staff, the person)."), allow_blank=True))
    def get_name(self, obj) -> str:
        return person_name_for(reader_of(self), obj.user, organization_id=obj.organization_id)


class MembershipRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


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
