"""The directory opt-out (consultations.directory): an organization's coordinators take it
out of the public directory and lists, or list it again."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from consultations import policies
from consultations.events import organization_listing_changed_event
from consultations.models import Organization


def organization_listing_set(*, actor, organization: Organization, listed: bool) -> Organization:
    """List the organization in the public directory, or not; a domain event records each
    change (none when nothing changes)."""
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        if not policies.can_change_listing(actor, org):
            raise PermissionDenied
        if org.listed_in_directory != listed:
            org.listed_in_directory = listed
            org.save(update_fields=["listed_in_directory"])
            organization_listing_changed_event(organization=org, actor=actor, listed=listed)
        return org
