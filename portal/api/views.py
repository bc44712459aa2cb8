"""The API's own views: who am I, and the documentation pages (served from the
installed sidecar package, no CDN; the only pages whose CSP allows inline styles)."""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import reverse
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.permissions import SIGNED_IN

DOCS_CSP = {"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"],
            "img-src": ["blob:"]}


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
        from consultations.roles import roles_of

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


@method_decorator(csp_update(DOCS_CSP), name="dispatch")
class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"


@method_decorator(csp_update(DOCS_CSP), name="dispatch")
class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"

    @staticmethod
    def _redoc_standalone():
        return reverse("api_redoc_bundle")  # without its remote logo (portal.api.docs)
