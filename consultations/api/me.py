"""/api/v1/me/: the signed-in user and their roles."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from consultations.roles import roles_of
from portal.api.permissions import SIGNED_IN


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    language = serializers.CharField()
    timezone = serializers.CharField()
    is_unodc_staff = serializers.BooleanField()
    member_organizations = serializers.ListField(child=serializers.IntegerField())
    coordinator_organizations = serializers.ListField(child=serializers.IntegerField())
    focal_person_of = serializers.ListField(child=serializers.IntegerField())
    agency_contact_of = serializers.ListField(child=serializers.IntegerField())
    requires_mfa = serializers.BooleanField()


class MeView(APIView):
    """The signed-in user and their roles (organization and State party ids)."""

    permission_classes = SIGNED_IN
    serializer_class = MeSerializer

    @extend_schema(responses=MeSerializer, operation_id="me_retrieve")
    def get(self, request):
        user, roles = request.user, roles_of(request.user)
        data = {
            "id": user.pk, "email": user.email, "full_name": user.full_name,
            "language": user.language, "timezone": user.timezone,
            "is_unodc_staff": roles.is_unodc_staff,
            "member_organizations": sorted(roles.member_org_ids),
            "coordinator_organizations": sorted(roles.coordinator_org_ids),
            "focal_person_of": sorted(roles.focal_party_ids),
            "agency_contact_of": sorted(roles.agency_party_ids),
            "requires_mfa": roles.requires_mfa,
        }
        return Response(MeSerializer(data).data)
