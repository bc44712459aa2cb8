"""Reads of organizations, memberships, invitations and join requests, scoped to what
the user may see. Related rows are fetched up front: no query inside a loop."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from consultations.directory import listed_q
from consultations.events import OrganizationEventKind
from consultations.models import Invitation, JoinRequest, Membership, Organization
from consultations.roles import roles_of
from portal.core.models import DomainEvent

DECISION_KINDS = (OrganizationEventKind.VERIFIED, OrganizationEventKind.REJECTED)


def organizations_public() -> QuerySet[Organization]:
    """Verified organizations: what everybody may see (also the options of forms shown
    to anyone)."""
    return Organization.objects.filter(status=Organization.Status.VERIFIED)


def organizations_visible_to(user) -> QuerySet[Organization]:
    """Verified organizations for everybody (those that chose not to be listed only for
    the readers of ``directory.listed_q``); pending and rejected ones only for their
    members and UNODC staff."""
    roles = roles_of(user)
    qs = Organization.objects.select_related("country", "lead_organization")
    if roles.is_unodc_staff:
        return qs
    verified = Q(status=Organization.Status.VERIFIED) & listed_q(user)
    return qs.filter(verified | Q(pk__in=roles.member_org_ids))


def organizations_managed_by(user) -> QuerySet[Organization]:
    """Organizations whose membership data the user may see: their own (as member or
    coordinator) and, for UNODC staff, all. Anything else is a 404."""
    roles = roles_of(user)
    qs = Organization.objects.select_related("country", "lead_organization")
    if roles.is_unodc_staff:
        return qs
    return qs.filter(pk__in=roles.member_org_ids)


def organization_directory(user, *, q: str = "", country_id: int | None = None,
                           category: str = "") -> QuerySet[Organization]:
    """The public directory: verified organizations only (an unlisted one only for the
    readers of ``directory.listed_q``), with search and filters."""
    qs = (Organization.objects.filter(listed_q(user), status=Organization.Status.VERIFIED)
          .select_related("country")
          .annotate(member_count=Count("memberships", distinct=True)))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(acronym__icontains=q)
                       | Q(description__icontains=q))
    if country_id:
        qs = qs.filter(country_id=country_id)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("name")


def organization_members(organization: Organization) -> list[Membership]:
    return list(organization.memberships.select_related("user")
                .order_by("-role", "user__full_name", "user__email"))


def organization_profile(organization: Organization) -> Organization:
    """The organization with its country and lead organization fetched up front (its
    alliance memberships: consultations.selectors.alliances)."""
    return (Organization.objects.select_related("country", "lead_organization")
            .get(pk=organization.pk))


def memberships_of(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user)
                .select_related("organization", "organization__country")
                .order_by("organization__name"))


def memberships_manageable_by(user) -> QuerySet[Membership]:
    """Memberships the user may see in management views (404 for anything else)."""
    return Membership.objects.filter(
        organization__in=organizations_managed_by(user)
    ).select_related("user", "organization")


def join_requests_manageable_by(user) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(
        organization__in=organizations_managed_by(user)
    ).select_related("user", "organization")


def pending_join_requests(organization: Organization) -> list[JoinRequest]:
    return list(organization.join_requests.filter(status=JoinRequest.Status.PENDING)
                .select_related("user").order_by("created_at"))


def open_invitations(organization: Organization) -> list[Invitation]:
    return list(organization.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now(),
    ).select_related("invited_by").order_by("-created_at"))


def invitations_manageable_by(user) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organization__in=organizations_managed_by(user)).select_related("organization")


def user_join_requests(user) -> list[JoinRequest]:
    if not user.is_authenticated:
        return []
    return list(JoinRequest.objects.filter(user=user).select_related("organization")
                .order_by("-created_at"))


@dataclass
class QueueCounts:
    pending: int = 0
    verified: int = 0
    rejected: int = 0


def verification_queue(*, status: str = Organization.Status.PENDING, category: str = "",
                       country_id: int | None = None,
                       q: str = "") -> QuerySet[Organization]:
    qs = (Organization.objects.select_related("country", "created_by", "decided_by")
          .annotate(member_count=Count("memberships", distinct=True)))
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if country_id:
        qs = qs.filter(country_id=country_id)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(acronym__icontains=q))
    return qs.order_by("created_at", "name")


def verification_counts() -> QueueCounts:
    rows = dict(Organization.objects.values_list("status").annotate(n=Count("id"))
                .order_by())
    return QueueCounts(pending=rows.get("pending", 0), verified=rows.get("verified", 0),
                       rejected=rows.get("rejected", 0))


@dataclass
class Decision:
    event: DomainEvent
    organization: Organization | None


def verification_history(*, limit: int = 50) -> list[Decision]:
    """The latest verify/reject decisions, newest first: two queries."""
    ct = ContentType.objects.get_for_model(Organization)
    events = list(DomainEvent.objects.filter(target_type=ct, kind__in=DECISION_KINDS)
                  .select_related("actor").order_by("-occurred_at", "-id")[:limit])
    orgs = Organization.objects.in_bulk({e.target_id for e in events})
    return [Decision(event=e, organization=orgs.get(e.target_id)) for e in events]


def invitations_coordinated_by(user) -> QuerySet[Invitation]:
    """Invitations the user may list: those of the organizations they coordinate (UNODC
    staff: all), i.e. where ``policies.can_manage_organization`` holds."""
    roles = roles_of(user)
    qs = Invitation.objects.select_related("organization", "invited_by")
    if roles.is_unodc_staff:
        return qs
    return qs.filter(organization_id__in=roles.coordinator_org_ids)
