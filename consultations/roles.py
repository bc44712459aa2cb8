"""What a user is, in one place: memberships and official roles, fetched once per
request (cached on the user object) and read by every app's policy module."""

from __future__ import annotations

from dataclasses import dataclass, field

from consultations.models import Membership, OfficialAssignment, Organization


@dataclass(frozen=True)
class Roles:
    is_authenticated: bool = False
    is_unodc_staff: bool = False
    member_org_ids: frozenset[int] = field(default_factory=frozenset)
    verified_org_ids: frozenset[int] = field(default_factory=frozenset)
    coordinator_org_ids: frozenset[int] = field(default_factory=frozenset)
    focal_party_ids: frozenset[int] = field(default_factory=frozenset)
    agency_party_ids: frozenset[int] = field(default_factory=frozenset)
    agency_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def official_party_ids(self) -> frozenset[int]:
        return self.focal_party_ids | self.agency_party_ids

    @property
    def is_official(self) -> bool:
        return bool(self.official_party_ids)

    @property
    def requires_mfa(self) -> bool:
        """Focal persons, agency contacts and UNODC staff must use two-factor login."""
        return self.is_unodc_staff or self.is_official


ANONYMOUS = Roles()


def roles_of(user) -> Roles:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_portal_roles", None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.filter(user=user).values_list("organization_id", "role",
                                                         "organization__status")
    )
    assignments = list(
        OfficialAssignment.objects.filter(user=user).values_list("role", "party_id", "agency_id")
    )
    roles = Roles(
        is_authenticated=True,
        is_unodc_staff=bool(user.is_unodc_staff),
        member_org_ids=frozenset(org for org, _, _ in memberships),
        verified_org_ids=frozenset(
            org for org, _, status in memberships if status == Organization.Status.VERIFIED),
        coordinator_org_ids=frozenset(
            org for org, role, _ in memberships if role == Membership.Role.COORDINATOR),
        focal_party_ids=frozenset(
            party for role, party, _ in assignments
            if role == OfficialAssignment.Role.FOCAL_PERSON),
        agency_party_ids=frozenset(
            party for role, party, _ in assignments
            if role == OfficialAssignment.Role.AGENCY_CONTACT),
        agency_ids=frozenset(agency for _, _, agency in assignments if agency),
    )
    user._portal_roles = roles
    return roles


def roles_forget(user) -> None:
    """Call after changing a user's memberships or roles within the same request."""
    if hasattr(user, "_portal_roles"):
        del user._portal_roles
