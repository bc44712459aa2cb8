"""Consultations API: reference data, organizations and memberships, events and
registrations. Thin: reads through the user-scoped selectors (an object the user may
not see is a 404), writes through the services (which check the policies)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from consultations import policies
from consultations.api import filters, serializers
from consultations.models import (
    Article,
    Cluster,
    Instrument,
    Organization,
    Party,
    Registration,
    Reservation,
    TreatyAction,
)
from consultations.selectors import events as event_selectors
from consultations.selectors import organizations as org_selectors
from consultations.services import events as event_services
from consultations.services import organizations as org_services

# --- reference data (public) ---------------------------------------------------------


@extend_schema_view(list=extend_schema(summary="Instruments (UNTOC and its Protocols)"),
                    retrieve=extend_schema(summary="One instrument with its articles"))
class InstrumentViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"
    filterset_class = filters.InstrumentFilter
    ordering_fields = ["order", "code", "adopted_on"]
    ordering = ["order", "code"]

    def get_queryset(self):
        qs = Instrument.objects.select_related("parent")
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch(
                "articles", queryset=Article.objects.select_related("instrument")))
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.InstrumentDetailSerializer
        return serializers.InstrumentSerializer


@extend_schema_view(list=extend_schema(summary="The four review clusters"),
                    retrieve=extend_schema(summary="One review cluster with its articles"))
class ClusterViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = serializers.ClusterSerializer
    ordering_fields = ["number"]
    ordering = ["number"]
    filterset_fields = ["number"]
    queryset = Cluster.objects.prefetch_related(
        Prefetch("articles", queryset=Article.objects.select_related("instrument")))


@extend_schema_view(list=extend_schema(summary="State parties"),
                    retrieve=extend_schema(summary="A State with its treaty actions, "
                                                   "reservations and declarations"))
class PartyViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"
    filterset_class = filters.PartyFilter
    ordering_fields = ["name", "iso3"]
    ordering = ["name"]

    def get_queryset(self):
        qs = Party.objects.all()
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch("treaty_actions", queryset=TreatyAction.objects.select_related(
                    "instrument").order_by("instrument__order", "date")),
                Prefetch("reservations", queryset=Reservation.objects.select_related(
                    "instrument").order_by("instrument__order", "date")))
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.PartyDetailSerializer
        return serializers.PartySerializer


# --- organizations and memberships -------------------------------------------------------


def _visible_verified():
    return Organization.objects.filter(status=Organization.Status.VERIFIED)


@extend_schema_view(
    list=extend_schema(summary="Organizations you may see (verified ones, and your own)"),
    retrieve=extend_schema(summary="One organization"),
    create=extend_schema(summary="Register an organization (pending until verified)",
                         request=serializers.OrganizationWriteSerializer,
                         responses={201: serializers.OrganizationDetailSerializer}),
    partial_update=extend_schema(summary="Change an organization's profile (coordinators)",
                                 request=serializers.OrganizationWriteSerializer,
                                 responses=serializers.OrganizationDetailSerializer),
)
class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    filterset_class = filters.OrganizationFilter
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Organization.objects.none()
        qs = org_selectors.organizations_visible_to(self.request.user)
        if self.action != "list":
            qs = qs.prefetch_related(
                Prefetch("member_organizations", queryset=_visible_verified()),
                Prefetch("alliances", queryset=_visible_verified()))
        return qs

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.OrganizationSerializer
        return serializers.OrganizationDetailSerializer

    def _detail(self, org, status_code=status.HTTP_200_OK):
        org = self.get_queryset().get(pk=org.pk)
        return Response(serializers.OrganizationDetailSerializer(org).data,
                        status=status_code)

    def create(self, request, *args, **kwargs):
        s = serializers.OrganizationWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        members = data.pop("member_organizations", [])
        org = org_services.organization_register(actor=request.user, data=data,
                                                 member_organizations=members)
        return self._detail(org, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        org = self.get_object()
        s = serializers.OrganizationWriteSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        members = data.pop("member_organizations", None)
        org = org_services.organization_update(actor=request.user, organization=org,
                                               data=data, member_organizations=members)
        return self._detail(org)

    @extend_schema(summary="Verify a pending organization (UNODC staff)", request=None,
                   responses=serializers.OrganizationDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        org = org_services.organization_verify(actor=request.user,
                                               organization=self.get_object())
        return self._detail(org)

    @extend_schema(summary="Reject a registration, with the reason (UNODC staff)",
                   request=serializers.OrganizationRejectSerializer,
                   responses=serializers.OrganizationDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        org = self.get_object()
        s = serializers.OrganizationRejectSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        org = org_services.organization_reject(actor=request.user, organization=org,
                                               reason=s.validated_data["reason"])
        return self._detail(org)

    @extend_schema(summary="Ask to join a verified organization",
                   request=serializers.JoinRequestCreateSerializer,
                   responses={201: serializers.JoinRequestSerializer})
    @action(detail=True, methods=["post"], url_path="join-requests")
    def join_requests(self, request, pk=None):
        org = self.get_object()
        s = serializers.JoinRequestCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        jr = org_services.join_request_create(actor=request.user, organization=org,
                                              message=s.validated_data.get("message", ""))
        return Response(serializers.JoinRequestSerializer(jr).data,
                        status=status.HTTP_201_CREATED)



@extend_schema_view(
    list=extend_schema(summary="Members of your organizations (UNODC staff: all)"),
    retrieve=extend_schema(summary="One membership"),
    partial_update=extend_schema(summary="Change a member's role (coordinators)",
                                 request=serializers.MembershipRoleSerializer,
                                 responses=serializers.MembershipSerializer),
    destroy=extend_schema(summary="Remove a member, or leave an organization yourself"),
)
class MembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = serializers.MembershipSerializer
    filterset_fields = ["organization", "role"]
    ordering_fields = ["joined_at", "role"]
    ordering = ["organization_id", "-role", "id"]
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or not self.request.user.is_authenticated:
            from consultations.models import Membership

            return Membership.objects.none()
        return org_selectors.memberships_manageable_by(self.request.user)

    def partial_update(self, request, *args, **kwargs):
        membership = self.get_object()
        s = serializers.MembershipRoleSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        membership = org_services.membership_change_role(
            actor=request.user, membership=membership, role=s.validated_data["role"])
        return Response(serializers.MembershipSerializer(membership).data)

    def destroy(self, request, *args, **kwargs):
        org_services.membership_remove(actor=request.user, membership=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Join requests to the organizations you coordinate "
                               "(UNODC staff: all)"),
    decide=extend_schema(summary="Approve or decline a join request (coordinators)",
                         request=serializers.JoinRequestDecisionSerializer,
                         responses=serializers.JoinRequestSerializer),
)
class JoinRequestViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = serializers.JoinRequestSerializer
    filterset_fields = ["organization", "status"]
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        from consultations.models import JoinRequest

        if getattr(self, "swagger_fake_view", False) or not self.request.user.is_authenticated:
            return JoinRequest.objects.none()
        return org_selectors.join_requests_manageable_by(self.request.user)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        join_request = self.get_object()
        s = serializers.JoinRequestDecisionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        join_request = org_services.join_request_decide(
            actor=request.user, join_request=join_request,
            approve=s.validated_data["approve"])
        return Response(serializers.JoinRequestSerializer(join_request).data)


# --- events and registrations ----------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Events (drafts only for their managers)"),
    retrieve=extend_schema(summary="One event with organizers and attendance"),
    create=extend_schema(summary="Create an event as a draft (UNODC staff, focal persons)",
                         request=serializers.EventWriteSerializer,
                         responses={201: serializers.EventDetailSerializer}),
    partial_update=extend_schema(summary="Change an event (its managers)",
                                 request=serializers.EventWriteSerializer,
                                 responses=serializers.EventDetailSerializer),
)
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    filterset_class = filters.EventFilter
    ordering_fields = ["starts_at", "title"]
    ordering = ["-starts_at", "-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            from consultations.models import Event

            return Event.objects.none()
        return event_selectors.event_list(self.request.user,
                                          event_selectors.EventFilters(when="all"))

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.EventSerializer
        return serializers.EventDetailSerializer

    def get_object(self):
        event = event_selectors.event_get_for(self.request.user, self._pk(), full=True)
        self.check_object_permissions(self.request, event)
        return event

    def _pk(self) -> int:
        try:
            return int(self.kwargs["pk"])
        except (TypeError, ValueError) as exc:
            raise Http404 from exc

    def _detail(self, event, status_code=status.HTTP_200_OK):
        event = event_selectors.event_get_for(self.request.user, event.pk, full=True)
        return Response(serializers.EventDetailSerializer(event).data, status=status_code)

    def create(self, request, *args, **kwargs):
        s = serializers.EventWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        organizers = data.pop("organizers", [])
        event = event_services.event_create(actor=request.user, data=data,
                                            organizers=organizers)
        return self._detail(event, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        event = self.get_object()
        s = serializers.EventWriteSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        organizers = data.pop("organizers", None)
        event = event_services.event_update(actor=request.user, event=event, data=data,
                                            organizers=organizers)
        return self._detail(event)

    @extend_schema(summary="Publish, open registration, mark held or cancel (managers)",
                   request=serializers.EventStatusSerializer,
                   responses=serializers.EventDetailSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        event = self.get_object()
        s = serializers.EventStatusSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        event = event_services.event_status_change(
            actor=request.user, event=event, status=s.validated_data["status"],
            reason=s.validated_data.get("reason", ""))
        return self._detail(event)

    @extend_schema(methods=["GET"], summary="Registrations of an event (its managers)",
                   responses=serializers.RegistrationSerializer(many=True),
                   filters=False)
    @extend_schema(methods=["POST"],
                   summary="Register for the event (yourself, or somebody else by e-mail "
                           "for managers)",
                   request=serializers.RegistrationCreateSerializer,
                   responses={201: serializers.RegistrationSerializer})
    @action(detail=True, methods=["get", "post"], filterset_class=None,
            ordering_fields=["created_at"], ordering=["created_at", "id"],
            serializer_class=serializers.RegistrationSerializer)
    def registrations(self, request, pk=None):
        event = self.get_object()
        if request.method == "POST":
            s = serializers.RegistrationCreateSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            org = s.validated_data.get("organization")
            email = s.validated_data.get("email")
            if email:
                reg = event_services.registration_invite(actor=request.user, event=event,
                                                         email=email, organization=org)
            else:
                reg = event_services.registration_create(actor=request.user, event=event,
                                                         organization=org)
            reg = event_selectors.registrations_for_event(event).get(pk=reg.pk)
            return Response(serializers.RegistrationSerializer(reg).data,
                            status=status.HTTP_201_CREATED)
        if not policies.can_manage_event(request.user, event):
            raise PermissionDenied
        qs = self.filter_queryset(event_selectors.registrations_for_event(event))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(
            serializers.RegistrationSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Your own registrations"),
)
class RegistrationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = serializers.RegistrationSerializer
    filterset_class = filters.RegistrationFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        return event_selectors.registrations_of(self.request.user).select_related("user")

    @extend_schema(summary="Cancel a registration (yours, or as the event's manager)",
                   request=None, responses={200: serializers.RegistrationSerializer,
                                            404: OpenApiResponse(description="Not found")})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        reg = get_object_or_404(
            Registration.objects.select_related("event", "user", "organization"),
            pk=pk)
        if not policies.can_cancel_registration(request.user, reg):
            raise Http404
        reg = event_services.registration_cancel(actor=request.user, registration=reg)
        reg = (Registration.objects.select_related("user", "organization").get(pk=reg.pk))
        return Response(serializers.RegistrationSerializer(reg).data)


