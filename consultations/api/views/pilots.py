"""Pilot initiatives and their roadmap (milestones)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from consultations import policies
from consultations.api import filters, serializers
from consultations.models import (
    Milestone,
    PilotInitiative,
)
from consultations.selectors import pilots as pilot_selectors
from consultations.services import pilots as pilot_services
from portal.api.conditional import ConditionalMixin


@extend_schema_view(
    list=extend_schema(summary="Pilot initiatives (public)"),
    retrieve=extend_schema(summary="One pilot initiative with its roadmap"),
    create=extend_schema(summary="Start a pilot initiative for a State (UNODC staff)",
                         request=serializers.PilotWriteSerializer,
                         responses={201: serializers.PilotSerializer}),
    partial_update=extend_schema(summary="Change a pilot initiative (UNODC staff, the "
                                         "State's focal persons)",
                                 request=serializers.PilotWriteSerializer,
                                 responses=serializers.PilotSerializer),
)
class PilotViewSet(ConditionalMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   viewsets.GenericViewSet):
    filterset_class = filters.PilotFilter
    ordering_fields = ["launched_on", "title", "id"]
    ordering = ["launched_on", "party__name", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    serializer_class = serializers.PilotSerializer

    def get_queryset(self):
        return (pilot_selectors.pilots_visible_to(self.request.user)
                .select_related("focal_person", "unodc_contact")
                .prefetch_related(Prefetch("milestones",
                                           queryset=Milestone.objects.order_by("due_on", "pk"))))

    def _detail(self, pilot, status_code=status.HTTP_200_OK):
        pilot = self.get_queryset().get(pk=pilot.pk)
        return Response(serializers.PilotSerializer(
            pilot, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        if not policies.is_unodc_staff(request.user):
            raise PermissionDenied
        s = serializers.PilotWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        party = data.pop("party")
        pilot = pilot_services.pilot_create(actor=request.user, party=party, **data)
        return self._detail(pilot, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        pilot = self.get_object()
        if not policies.can_manage_pilot(request.user, pilot):
            raise PermissionDenied
        s = serializers.PilotWriteSerializer(data=request.data, partial=True,
                                             context={"party": pilot.party})
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        data.pop("party", None)  # the same State (checked above)
        pilot = pilot_services.pilot_update(actor=request.user, pilot=pilot, **data)
        return self._detail(pilot)


PILOT_PK = OpenApiParameter("pilot_pk", OpenApiTypes.INT, OpenApiParameter.PATH,
                            description="The pilot initiative's id.")


@extend_schema(parameters=[PILOT_PK])
@extend_schema_view(
    list=extend_schema(summary="The roadmap of a pilot initiative (public)"),
    retrieve=extend_schema(summary="One milestone"),
    create=extend_schema(summary="Add a milestone (UNODC staff, the State's focal persons)",
                         request=serializers.MilestoneWriteSerializer,
                         responses={201: serializers.MilestoneSerializer}),
    partial_update=extend_schema(summary="Change a milestone (UNODC staff, the State's "
                                         "focal persons)",
                                 request=serializers.MilestoneWriteSerializer,
                                 responses=serializers.MilestoneSerializer),
)
class MilestoneViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    serializer_class = serializers.MilestoneSerializer
    filterset_fields = ["status"]
    ordering_fields = ["due_on"]
    ordering = ["due_on", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _pilot(self) -> PilotInitiative:
        if not hasattr(self, "_pilot_obj"):
            self._pilot_obj = get_object_or_404(
                PilotInitiative.objects.select_related("party"),
                pk=self.kwargs.get("pilot_pk"))
        return self._pilot_obj

    def _managed_pilot(self) -> PilotInitiative:
        pilot = self._pilot()
        if not policies.can_manage_pilot(self.request.user, pilot):
            raise PermissionDenied
        return pilot

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Milestone.objects.none()
        return Milestone.objects.filter(pilot=self._pilot())

    def create(self, request, *args, **kwargs):
        pilot = self._managed_pilot()
        s = serializers.MilestoneWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        milestone = pilot_services.milestone_create(actor=request.user, pilot=pilot,
                                                    **s.validated_data)
        return Response(serializers.MilestoneSerializer(milestone).data,
                        status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        pilot = self._managed_pilot()
        milestone = get_object_or_404(Milestone, pk=kwargs.get("pk"), pilot=pilot)
        s = serializers.MilestoneWriteSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        milestone = pilot_services.milestone_update(actor=request.user, milestone=milestone,
                                                    **s.validated_data)
        return Response(serializers.MilestoneSerializer(milestone).data)
