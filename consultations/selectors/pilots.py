"""Reads of pilot initiatives: the pilot page gathers events, recommendations and
follow-up at a glance, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, QuerySet

from consultations.models import Organization, PilotInitiative, RegionalNetwork

RECENT = 10


def pilots_visible_to(user) -> QuerySet[PilotInitiative]:
    """Pilot initiatives are public."""
    return (PilotInitiative.objects.select_related("party", "alliance")
            .annotate(event_count=Count("events", distinct=True))
            .order_by(F("launched_on").asc(nulls_last=True), "party__name", "pk"))


def regional_networks() -> QuerySet[RegionalNetwork]:
    """Regional networks with their (verified) member organizations and their States."""
    members = (Organization.objects.filter(status=Organization.Status.VERIFIED)
               .select_related("country").order_by("name"))
    return (RegionalNetwork.objects.prefetch_related(Prefetch("organizations", queryset=members))
            .order_by("region", "name"))


