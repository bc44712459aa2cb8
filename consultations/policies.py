"""May this user do this to this object? The one place for consultations' permissions,
used by views, the API, templates and the admin. Built on ``roles_of(user)``."""

from __future__ import annotations

from consultations.models import Organization
from consultations.roles import roles_of


def is_unodc_staff(user) -> bool:
    return roles_of(user).is_unodc_staff


def can_view_organization(user, organization: Organization) -> bool:
    if organization.status == Organization.Status.VERIFIED:
        return True
    roles = roles_of(user)
    return roles.is_unodc_staff or organization.pk in roles.member_org_ids
