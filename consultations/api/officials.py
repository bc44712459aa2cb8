"""Government and UNODC roles over the API, as on the roles page: national focal persons
and agency contacts of a State, and UNODC staff. Assigning and revoking them is for
UNODC staff only; the services record the change and notify the person."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from consultations import policies
from consultations.api.serializers import OrganizationRefSerializer, PartyRefSerializer
from consultations.models import OfficialAssignment, Organization, Party
from consultations.selectors import officials as selectors
from consultations.selectors.recipients import active_user_by_email
from consultations.services import organizations as services
from portal.api.fields import CodeOrIdRelatedField
from portal.api.permissions import SIGNED_IN


class CanAssignRoles(BasePermission):
    def has_permission(self, request, view):
        return policies.can_assign_official_roles(request.user)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The user's id."))
    email = serializers.EmailField()
    full_name = serializers.CharField()


class OfficialRoleSerializer(serializers.ModelSerializer):
    user = PersonSerializer(read_only=True)
    party = PartyRefSerializer(read_only=True)
    agency = OrganizationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = OfficialAssignment
        fields = ["id", "user", "role", "party", "agency", "assigned_at"]


class _ByEmail(serializers.Serializer):
    email = serializers.EmailField(
        help_text=gettext_lazy(
            "The e-mail address of the person; they need an active account on the portal."
        )
    )

    def validate_email(self, value: str):
        user = active_user_by_email(value)
        if user is None:
            raise serializers.ValidationError(
                _("No active account uses this address. Ask the person to sign up first.")
            )
        self.user = user
        return value


class OfficialRoleCreateSerializer(_ByEmail):
    role = serializers.ChoiceField(choices=OfficialAssignment.Role.choices)
    party = CodeOrIdRelatedField(
        queryset=Party.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "The State party: its ISO3 code (or its id); an agency contact's defaults to "
            "their government body's State."
        ),
    )
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(category=Organization.Category.GOVERNMENTAL),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The government body, for an agency contact."),
    )


class OfficialRoleListView(GenericAPIView):
    """National focal persons and agency contacts (UNODC staff)."""

    permission_classes = [*SIGNED_IN, CanAssignRoles]
    serializer_class = OfficialRoleSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.official_assignments()

    @extend_schema(
        summary="Focal persons and agency contacts (UNODC staff)",
        operation_id="official_roles_list",
        responses=OfficialRoleSerializer(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(OfficialRoleSerializer(page, many=True).data)

    @extend_schema(
        summary="Make somebody a focal person or agency contact of a State (UNODC staff)",
        request=OfficialRoleCreateSerializer,
        responses={201: OfficialRoleSerializer},
        operation_id="official_roles_create",
    )
    def post(self, request):
        s = OfficialRoleCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        assignment = services.official_role_assign(
            actor=request.user,
            user=s.user,
            role=data["role"],
            party=data.get("party"),
            agency=data.get("agency"),
        )
        return Response(OfficialRoleSerializer(assignment).data, status=status.HTTP_201_CREATED)


class OfficialRoleDetailView(GenericAPIView):
    permission_classes = [*SIGNED_IN, CanAssignRoles]
    serializer_class = OfficialRoleSerializer
    filter_backends: list = []

    @extend_schema(
        summary="One focal person or agency contact role (UNODC staff)",
        operation_id="official_roles_retrieve",
    )
    def get(self, request, pk: int):
        assignment = get_object_or_404(selectors.official_assignments(), pk=pk)
        return Response(OfficialRoleSerializer(assignment).data)


class OfficialRoleRevokeView(GenericAPIView):
    permission_classes = [*SIGNED_IN, CanAssignRoles]
    serializer_class = OfficialRoleSerializer
    filter_backends: list = []

    @extend_schema(
        summary="End a focal person or agency contact role (UNODC staff)",
        request=None,
        responses={204: None},
        operation_id="official_roles_revoke",
    )
    def post(self, request, pk: int):
        assignment = get_object_or_404(selectors.official_assignments(), pk=pk)
        services.official_role_revoke(actor=request.user, assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StaffListView(GenericAPIView):
    """UNODC staff on the portal (UNODC staff)."""

    permission_classes = [*SIGNED_IN, CanAssignRoles]
    serializer_class = PersonSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.unodc_staff()

    @extend_schema(
        summary="UNODC staff on the portal (UNODC staff)", operation_id="unodc_staff_list",
        responses=PersonSerializer(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(PersonSerializer(page, many=True).data)

    @extend_schema(
        summary="Make somebody UNODC staff (UNODC staff)",
        request=_ByEmail,
        responses={201: PersonSerializer},
        operation_id="unodc_staff_create",
    )
    def post(self, request):
        s = _ByEmail(data=request.data)
        s.is_valid(raise_exception=True)
        services.official_role_assign(actor=request.user, user=s.user, role="unodc_staff")
        return Response(PersonSerializer(s.user).data, status=status.HTTP_201_CREATED)


class StaffRevokeView(GenericAPIView):
    permission_classes = [*SIGNED_IN, CanAssignRoles]
    serializer_class = PersonSerializer
    filter_backends: list = []

    @extend_schema(
        summary="End somebody's UNODC staff role (UNODC staff; not your own)",
        request=None,
        responses={204: None},
        operation_id="unodc_staff_revoke",
    )
    def post(self, request, user_id: int):
        user = get_object_or_404(selectors.unodc_staff(), pk=user_id)
        services.official_role_revoke(actor=request.user, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("official-roles/", OfficialRoleListView.as_view(), name="api-official-roles"),
    path(
        "official-roles/<id:pk>/", OfficialRoleDetailView.as_view(), name="api-official-role-detail"
    ),
    path(
        "official-roles/<id:pk>/revoke/",
        OfficialRoleRevokeView.as_view(),
        name="api-official-role-revoke",
    ),
    path("unodc-staff/", StaffListView.as_view(), name="api-unodc-staff"),
    path(
        "unodc-staff/<id:user_id>/revoke/", StaffRevokeView.as_view(), name="api-unodc-staff-revoke"
    ),
]
