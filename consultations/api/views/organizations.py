"""Organizations, memberships, alliance memberships, join requests and invitations.
Thin: reads through the user-scoped selectors (an object the user may not see is a 404),
writes through the services (which check the policies; visible but refused: 403)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from consultations import policies
from consultations.api import filters, serializers
from consultations.directory import listed_q
from consultations.models import (
    AllianceMembership,
    Invitation,
    JoinRequest,
    Membership,
    Organization,
)
from consultations.selectors import alliances as alliance_selectors
from consultations.selectors import organizations as org_selectors
from consultations.services import alliances as alliance_services
from consultations.services import organizations as org_services
from consultations.services.directory import organization_listing_set
from portal.api.conditional import ConditionalMixin
from portal.api.permissions import SIGNED_IN
from portal.api.throttling import attempt_or_throttled
from portal.core import ratelimit

INVITATION_ACCEPT = "invitation_accept"


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
            user = self.request.user  # an unlisted organization: as in the directory
            qs = qs.prefetch_related(
                Prefetch("alliance_members", to_attr="accepted_members",
                         queryset=accepted.filter(listed_q(user, "organization__"))
                         .select_related("organization").order_by("organization__name")),
                Prefetch("alliance_memberships", to_attr="accepted_alliances",
                         queryset=accepted.filter(listed_q(user, "alliance__"))
                         .select_related("alliance").order_by("alliance__name")))
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
        org = org_services.organization_register(actor=request.user, **s.validated_data)
        return self._detail(org, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        org = self.get_object()
        s = serializers.OrganizationWriteSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        org = org_services.organization_update(actor=request.user, organization=org,
                                               **s.validated_data)
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

    @extend_schema(summary="List the organization in the public directory, or not (its "
                           "coordinators)",
                   request=serializers.OrganizationListingSerializer,
                   responses=serializers.OrganizationListingSerializer)
    @action(detail=True, methods=["post"])
    def listing(self, request, pk=None):
        org = self.get_object()
        s = serializers.OrganizationListingSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        org = organization_listing_set(actor=request.user, organization=org,
                                       listed=s.validated_data["listed_in_directory"])
        return Response(serializers.OrganizationListingSerializer(org).data)

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

            return Membership.objects.none()
        return org_selectors.memberships_manageable_by(self.request.user)

    def partial_update(self, request, *args, **kwargs):
        membership = self.get_object()
        # a PATCH: the role is optional, as the contract says; without it nothing changes
        s = serializers.MembershipRoleSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        if "role" in s.validated_data:
            membership = org_services.membership_change_role(
                actor=request.user, membership=membership, role=s.validated_data["role"])
        return Response(serializers.MembershipSerializer(
            membership, context=self.get_serializer_context()).data)

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
        return Response(serializers.MembershipSerializer(
            membership, context=self.get_serializer_context()).data)
