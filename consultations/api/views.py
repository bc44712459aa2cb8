"""Consultations API: reference data, organizations, memberships, invitations and join
requests, pilot initiatives and their roadmap, events, registrations and what follows an
event (attendance, minutes, documents, action items). Thin: reads through the
user-scoped selectors (an object the user may not see is a 404), writes through the
services (which check the policies; visible but refused: 403)."""

from __future__ import annotations

import json

from django.db.models import F, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from consultations import policies
from consultations.api import filters, serializers
from consultations.models import (
    ActionItem,
    AllianceMembership,
    Article,
    Attendance,
    Cluster,
    EventDocument,
    Instrument,
    Invitation,
    Membership,
    Milestone,
    Organization,
    Party,
    PilotInitiative,
    Registration,
    Reservation,
    TreatyAction,
)
from consultations.selectors import alliances as alliance_selectors
from consultations.selectors import events as event_selectors
from consultations.selectors import organizations as org_selectors
from consultations.selectors import pilots as pilot_selectors
from consultations.services import alliances as alliance_services
from consultations.services import events as event_services
from consultations.services import organizations as org_services
from consultations.services import pilots as pilot_services
from portal.api.conditional import ConditionalMixin
from portal.api.permissions import SIGNED_IN
from portal.api.throttling import attempt_or_throttled
from portal.core import ratelimit

INVITATION_ACCEPT = "invitation_accept"

# --- reference data (public) ---------------------------------------------------------


@extend_schema_view(list=extend_schema(summary="Instruments (UNTOC and its Protocols)"),
                    retrieve=extend_schema(summary="One instrument with its articles"))
class InstrumentViewSet(viewsets.ReadOnlyModelViewSet):
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
                    "instrument").order_by("instrument__order",
                                           F("date").asc(nulls_last=True), "id")))
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.PartyDetailSerializer
        return serializers.PartySerializer


# --- organizations and memberships -------------------------------------------------------


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
class OrganizationViewSet(ConditionalMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    filterset_class = filters.OrganizationFilter
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Organization.objects.none()
        qs = org_selectors.organizations_visible_to(self.request.user)
        if self.action != "list":
            accepted = AllianceMembership.objects.filter(
                status=AllianceMembership.Status.ACCEPTED,
                alliance__status=Organization.Status.VERIFIED,
                organization__status=Organization.Status.VERIFIED)
            qs = qs.prefetch_related(
                Prefetch("alliance_members", to_attr="accepted_members",
                         queryset=accepted.select_related("organization")
                         .order_by("organization__name")),
                Prefetch("alliance_memberships", to_attr="accepted_alliances",
                         queryset=accepted.select_related("alliance")
                         .order_by("alliance__name")))
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
        org = org_services.organization_register(actor=request.user,
                                                 data=dict(s.validated_data))
        return self._detail(org, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        org = self.get_object()
        s = serializers.OrganizationWriteSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        org = org_services.organization_update(actor=request.user, organization=org,
                                               data=dict(s.validated_data))
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

    @extend_schema(methods=["GET"],
                   summary="Member organizations of an alliance (accepted ones; for the two "
                           "sides' members also open invitations and requests)",
                   responses=serializers.AllianceMembershipSerializer(many=True))
    @extend_schema(methods=["POST"],
                   summary="Invite a verified organization to the alliance (its "
                           "coordinators); it becomes a member when its own coordinators "
                           "accept",
                   request=serializers.AllianceMembershipCreateSerializer,
                   responses={201: serializers.AllianceMembershipSerializer})
    @action(detail=True, methods=["get", "post"], url_path="alliance-members",
            filter_backends=[], pagination_class=None)
    def alliance_members(self, request, pk=None):
        if request.method == "POST":
            return self._alliance_open(request, alliance_services.alliance_membership_invite)
        rows = alliance_selectors.alliance_members(request.user, self.get_object())
        return Response(serializers.AllianceMembershipSerializer(rows, many=True).data)

    def _alliance_open(self, request, service):
        """An invitation or a request to join: the alliance, the organization, the
        service (which checks the policy)."""
        alliance = self.get_object()
        s = serializers.AllianceMembershipCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        membership = service(actor=request.user, alliance=alliance,
                             organization=s.validated_data["organization"])
        return _alliance_membership_response(request, membership, status.HTTP_201_CREATED)

    @extend_schema(summary="Ask to join an alliance for an organization you coordinate; it "
                           "becomes a member when the alliance's coordinators accept",
                   request=serializers.AllianceMembershipCreateSerializer,
                   responses={201: serializers.AllianceMembershipSerializer})
    @action(detail=True, methods=["post"], url_path="alliance-requests",
            filter_backends=[], pagination_class=None)
    def alliance_requests(self, request, pk=None):
        return self._alliance_open(request, alliance_services.alliance_membership_request)

    @extend_schema(summary="Invite somebody by e-mail to join (coordinators, UNODC staff)",
                   request=serializers.InvitationCreateSerializer,
                   responses={201: serializers.InvitationSerializer})
    @action(detail=True, methods=["post"])
    def invitations(self, request, pk=None):
        # As the web: only the organization's members (and staff) find it here (404),
        # only its coordinators may invite (403).
        org = get_object_or_404(org_selectors.organizations_managed_by(request.user),
                                pk=pk)
        if not policies.can_invite_member(request.user, org):
            raise PermissionDenied
        s = serializers.InvitationCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        invitation = org_services.invitation_create(actor=request.user, organization=org,
                                                    **s.validated_data)
        invitation = org_selectors.invitations_coordinated_by(request.user).get(
            pk=invitation.pk)
        return Response(serializers.InvitationSerializer(invitation).data,
                        status=status.HTTP_201_CREATED)


def _alliance_membership_response(request, membership, status_code=status.HTTP_200_OK):
    membership = alliance_selectors.alliance_memberships_visible_to(request.user).get(
        pk=membership.pk)
    return Response(serializers.AllianceMembershipSerializer(membership).data,
                    status=status_code)


@extend_schema_view(
    list=extend_schema(summary="Alliance memberships you may see: accepted ones between "
                               "verified organizations, and the open or ended ones of "
                               "your organizations"),
    retrieve=extend_schema(summary="One alliance membership"),
)
class AllianceMembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                                viewsets.GenericViewSet):
    serializer_class = serializers.AllianceMembershipSerializer
    filterset_fields = ["alliance", "organization", "status"]
    ordering_fields = ["created_at"]
    ordering = ["alliance_id", "organization_id", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AllianceMembership.objects.none()
        return alliance_selectors.alliance_memberships_visible_to(self.request.user)

    def _decide(self, request, service):
        membership = service(actor=request.user, membership=self.get_object())
        return _alliance_membership_response(request, membership)

    @extend_schema(summary="Accept an invitation (the invited organization's coordinators) "
                           "or a request to join (the alliance's coordinators)",
                   request=None, responses=serializers.AllianceMembershipSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._decide(request, alliance_services.alliance_membership_accept)

    @extend_schema(summary="Decline an invitation or a request to join (the side asked)",
                   request=None, responses=serializers.AllianceMembershipSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._decide(request, alliance_services.alliance_membership_decline)

    @extend_schema(summary="End a membership, or withdraw an invitation or request "
                           "(either side's coordinators)",
                   request=None, responses=serializers.AllianceMembershipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        return self._decide(request, alliance_services.alliance_membership_end)


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
class EventViewSet(ConditionalMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   viewsets.GenericViewSet):
    filterset_class = filters.EventFilter
    ordering_fields = ["starts_at", "title"]
    ordering = ["-starts_at", "-id"]
    # PUT only for the attendance and minutes (no update of the event itself: PATCH)
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

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
        event = event_selectors.event_get_for(self.request.user, self.kwargs["pk"], full=True)
        self.check_object_permissions(self.request, event)
        return event

    def _detail(self, event, status_code=status.HTTP_200_OK):
        event = event_selectors.event_get_for(self.request.user, event.pk, full=True)
        return Response(serializers.EventDetailSerializer(
            event, context=self.get_serializer_context()).data, status=status_code)

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

    # After the event, as on the web's outcomes page: everybody who sees the event reads
    # the attendance and the minutes; its managers record them.

    def _managed(self, event):
        if not policies.can_manage_event(self.request.user, event):
            raise PermissionDenied
        return event

    @staticmethod
    def _attendance(event) -> dict:
        counts = dict(Attendance.objects.filter(event=event).values_list("category", "count"))
        data = {category: counts.get(category) for category in Attendance.Category.values}
        data["total"] = sum(counts.values())
        return serializers.AttendanceReadSerializer(data).data

    @extend_schema(methods=["GET"], summary="Attendance of an event by stakeholder category",
                   responses=serializers.AttendanceReadSerializer)
    @extend_schema(methods=["PUT"],
                   summary="Record the attendance (managers; replaces every figure)",
                   request=serializers.AttendanceSerializer,
                   responses=serializers.AttendanceReadSerializer)
    @action(detail=True, methods=["get", "put"], filter_backends=[])
    def attendance(self, request, pk=None):
        event = event_selectors.event_get_for(request.user, self.kwargs["pk"])
        if request.method == "PUT":
            self._managed(event)
            s = serializers.AttendanceSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            counts = {category: s.validated_data.get(category)
                      for category in Attendance.Category.values}
            event = event_services.attendance_record(actor=request.user, event=event,
                                                     counts=counts)
        return Response(self._attendance(event))

    @extend_schema(methods=["GET"], summary="Minutes or chair's summary of an event",
                   responses=serializers.MinutesSerializer)
    @extend_schema(methods=["PUT"], summary="Write the minutes (managers)",
                   request=serializers.MinutesSerializer,
                   responses=serializers.MinutesSerializer)
    @action(detail=True, methods=["get", "put"], filter_backends=[])
    def minutes(self, request, pk=None):
        event = event_selectors.event_get_for(request.user, self.kwargs["pk"])
        if request.method == "PUT":
            self._managed(event)
            s = serializers.MinutesSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            event = event_services.minutes_record(actor=request.user, event=event,
                                                  minutes=s.validated_data["minutes"])
        return Response(serializers.MinutesSerializer({"minutes": event.minutes}).data)


@extend_schema_view(
    list=extend_schema(summary="Your own registrations"),
)
class RegistrationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
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




# --- pilot initiatives and their roadmap ------------------------------------------------------


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
        return Response(serializers.PilotSerializer(pilot).data, status=status_code)

    def create(self, request, *args, **kwargs):
        if not policies.is_unodc_staff(request.user):
            raise PermissionDenied
        s = serializers.PilotWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        party = data.pop("party")
        pilot = pilot_services.pilot_create(actor=request.user, party=party, data=data)
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
        pilot = pilot_services.pilot_update(actor=request.user, pilot=pilot, data=data)
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
                                                    data=dict(s.validated_data))
        return Response(serializers.MilestoneSerializer(milestone).data)


# --- invitations ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Invitations of the organizations you coordinate (UNODC "
                               "staff: all)"),
)
class InvitationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = SIGNED_IN
    serializer_class = serializers.InvitationSerializer
    filterset_class = filters.InvitationFilter
    ordering_fields = ["created_at", "expires_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Invitation.objects.none()
        return org_selectors.invitations_coordinated_by(self.request.user)

    @extend_schema(summary="Withdraw an open invitation (coordinators)", request=None,
                   responses=serializers.InvitationSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        # As the web: the organization's members find it (else 404), its coordinators
        # may withdraw it (else 403).
        invitation = get_object_or_404(org_selectors.invitations_manageable_by(request.user),
                                       pk=pk)
        if not policies.can_invite_member(request.user, invitation.organization):
            raise PermissionDenied
        invitation = org_services.invitation_revoke(actor=request.user,
                                                    invitation=invitation)
        invitation = org_selectors.invitations_coordinated_by(request.user).get(
            pk=invitation.pk)
        return Response(serializers.InvitationSerializer(invitation).data)

    @extend_schema(summary="Accept an invitation sent to your e-mail address (the token "
                           "of the link in the e-mail)",
                   request=serializers.InvitationAcceptSerializer,
                   responses=serializers.MembershipSerializer)
    @action(detail=False, methods=["post"])
    def accept(self, request):
        s = serializers.InvitationAcceptSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        token = s.validated_data["token"]
        # a code: tried as often as a password (429 after that), found or not
        attempt_or_throttled(request, action=INVITATION_ACCEPT)
        if not Invitation.objects.filter(token=token).exists():
            raise Http404  # as the web: an unknown link is not found
        membership = org_services.invitation_accept(actor=request.user, token=token)
        ratelimit.attempts_clear(request, action=INVITATION_ACCEPT)
        membership = Membership.objects.select_related("user").get(pk=membership.pk)
        return Response(serializers.MembershipSerializer(membership).data)


# --- after the event: documents and action items ---------------------------------------------


EVENT_PK = OpenApiParameter("event_pk", OpenApiTypes.INT, OpenApiParameter.PATH,
                            description="The event's id.")


class _EventChildMixin:
    """Rows of one event: the event must be visible to the user (else 404, as the web);
    writes need its managers (else 403)."""

    def _event(self):
        if not hasattr(self, "_event_obj"):
            self._event_obj = event_selectors.event_get_for(
                self.request.user, self.kwargs.get("event_pk"))
        return self._event_obj

    def _managed_event(self):
        event = self._event()
        if not policies.can_manage_event(self.request.user, event):
            raise PermissionDenied
        return event


class DownloadRenderer(renderers.BaseRenderer):
    """Lets a download answer whatever the client accepts (the file is returned as is);
    errors are JSON."""

    media_type = "*/*"
    format = "download"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode("utf-8")


@extend_schema(parameters=[EVENT_PK])
@extend_schema_view(
    list=extend_schema(summary="Documents of an event (whoever sees the event)"),
    retrieve=extend_schema(summary="One document's details"),
    create=extend_schema(summary="Upload a document (the event's managers; PDF, Office, "
                                 "OpenDocument, JPEG or PNG)",
                         request={"multipart/form-data":
                                  serializers.EventDocumentUploadSerializer},
                         responses={201: serializers.EventDocumentSerializer}),
    destroy=extend_schema(summary="Remove a document (the event's managers)"),
)
class EventDocumentViewSet(_EventChildMixin, mixins.ListModelMixin,
                           mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.EventDocumentSerializer
    filterset_class = filters.EventDocumentFilter
    ordering_fields = ["kind", "title", "uploaded_at"]
    ordering = ["kind", "title", "id"]
    parser_classes = [MultiPartParser]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EventDocument.objects.none()
        return EventDocument.objects.filter(event=self._event())

    def get_object(self):
        document = get_object_or_404(self.get_queryset(), pk=self.kwargs.get("pk"))
        document.event = self._event()
        if not policies.can_download_event_document(self.request.user, document):
            raise Http404
        return document

    def create(self, request, *args, **kwargs):
        event = self._managed_event()
        s = serializers.EventDocumentUploadSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        document = event_services.event_document_add(
            actor=request.user, event=event, file=data["file"], title=data.get("title", ""),
            kind=data["kind"])
        return Response(serializers.EventDocumentSerializer(document).data,
                        status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        event = self._managed_event()
        document = get_object_or_404(EventDocument, pk=kwargs.get("pk"), event=event)
        document.event = event
        event_services.event_document_delete(actor=request.user, document=document)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Download a document (always as an attachment, never inline)",
                   parameters=[OpenApiParameter("format", exclude=True)],
                   responses={(200, "*/*"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], filter_backends=[],
            renderer_classes=[renderers.JSONRenderer, DownloadRenderer])
    def download(self, request, event_pk=None, pk=None):
        document = self.get_object()
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(handle, as_attachment=True, filename=document.filename)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and isinstance(
                getattr(response, "accepted_renderer", None), DownloadRenderer):
            response.accepted_renderer = renderers.JSONRenderer()  # errors are JSON
            response.accepted_media_type = "application/json"
        return response


@extend_schema(parameters=[EVENT_PK])
@extend_schema_view(
    list=extend_schema(summary="Action items agreed at an event (whoever sees the event)"),
    retrieve=extend_schema(summary="One action item"),
    create=extend_schema(summary="Add an action item (the event's managers)",
                         request=serializers.ActionItemCreateSerializer,
                         responses={201: serializers.ActionItemSerializer}),
    partial_update=extend_schema(summary="Mark an action item open, done or dropped (the "
                                         "event's managers)",
                                 request=serializers.ActionItemStatusSerializer,
                                 responses=serializers.ActionItemSerializer),
)
class ActionItemViewSet(_EventChildMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    serializer_class = serializers.ActionItemSerializer
    filterset_class = filters.ActionItemFilter
    ordering_fields = ["due_on", "created_at"]
    ordering = ["due_on", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ActionItem.objects.none()
        return (ActionItem.objects.filter(event=self._event())
                .select_related("owner_organization"))

    def create(self, request, *args, **kwargs):
        event = self._managed_event()
        s = serializers.ActionItemCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        item = event_services.action_item_create(
            actor=request.user, event=event, title=data["title"], due_on=data["due_on"],
            owner_organization=data.get("owner_organization"),
            owner_name=data.get("owner_name", ""))
        item = self.get_queryset().get(pk=item.pk)
        return Response(serializers.ActionItemSerializer(item).data,
                        status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        event = self._managed_event()
        item = get_object_or_404(ActionItem, pk=kwargs.get("pk"), event=event)
        item.event = event
        s = serializers.ActionItemStatusSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        event_services.action_item_status_set(actor=request.user, item=item,
                                              status=s.validated_data["status"])
        item = self.get_queryset().get(pk=item.pk)
        return Response(serializers.ActionItemSerializer(item).data)
