"""Reads of alliance memberships, scoped to what the user may see: accepted memberships
between verified organizations are public; invitations, requests and ended ones are for
the members of either side and UNODC staff."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from consultations.directory import listed_q
from consultations.models import AllianceMembership, Membership, Organization
from consultations.roles import roles_of

VERIFIED = Organization.Status.VERIFIED


def alliance_memberships_visible_to(user) -> QuerySet[AllianceMembership]:
    roles = roles_of(user)
    qs = AllianceMembership.objects.select_related("alliance", "organization",
                                                   "organization__country")
    if roles.is_unodc_staff:
        return qs
    public = Q(status=AllianceMembership.Status.ACCEPTED, alliance__status=VERIFIED,
               organization__status=VERIFIED) & listed_q(user, "organization__") & listed_q(
        user, "alliance__")
    return qs.filter(public | Q(alliance_id__in=roles.member_org_ids)
                     | Q(organization_id__in=roles.member_org_ids))


def alliance_members(user, alliance: Organization) -> list[AllianceMembership]:
    """The alliance page's list: its members and, for the insiders, open invitations and
    requests (one query)."""
    return list(alliance_memberships_visible_to(user)
                .filter(alliance=alliance, status__in=AllianceMembership.OPEN)
                .order_by("status", "organization__name"))


def alliances_of(user, organization: Organization) -> list[AllianceMembership]:
    """The alliances an organization belongs to (and, for insiders, is invited to or has
    asked to join): one query."""
    return list(alliance_memberships_visible_to(user)
                .filter(organization=organization, status__in=AllianceMembership.OPEN)
                .order_by("alliance__name"))


def accepted_member_ids(alliance: Organization) -> set[int]:
    """The organizations whose membership of the alliance is accepted (one query)."""
    return set(alliance.alliance_members.filter(status=AllianceMembership.Status.ACCEPTED)
               .values_list("organization_id", flat=True))


def invitable_organizations(alliance: Organization) -> QuerySet[Organization]:
    """Verified, non-governmental organizations listed in the directory, not yet a
    member nor invited (an unlisted one asks to join instead)."""
    taken = alliance.alliance_members.filter(status__in=AllianceMembership.OPEN).values(
        "organization_id")
    return (Organization.objects.filter(status=VERIFIED, listed_in_directory=True)
            .exclude(category=Organization.Category.GOVERNMENTAL)
            .exclude(pk=alliance.pk).exclude(pk__in=taken).order_by("name"))


def alliances_coordinators(organization_id: int) -> list | None:
    """The coordinators of the verified alliances the organization is an accepted member
    of (None when it belongs to none): one query for the alliances, one for the
    people."""
    alliance_ids = list(AllianceMembership.objects.filter(
        organization_id=organization_id, status=AllianceMembership.Status.ACCEPTED,
        alliance__status=VERIFIED, alliance__is_alliance=True,
    ).values_list("alliance_id", flat=True))
    if not alliance_ids:
        return None
    return [m.user for m in Membership.objects.filter(
        organization_id__in=alliance_ids, role=Membership.Role.COORDINATOR,
    ).select_related("user")]
