"""Filters of the consultations API lists (applied to the user-scoped selectors)."""

from __future__ import annotations

import django_filters as df
from django.db.models import Q
from django.utils import timezone

from consultations.models import (
    ActionItem,
    Event,
    EventDocument,
    Instrument,
    Invitation,
    Membership,
    Organization,
    Party,
    PilotInitiative,
    RegionalGroup,
    Registration,
    TreatyAction,
)
from portal.api.filters import IdFilter, IdNumberFilter


class InstrumentFilter(df.FilterSet):
    class Meta:
        model = Instrument
        fields = ["code"]


class PartyFilter(df.FilterSet):
    iso3 = df.CharFilter(field_name="iso3", lookup_expr="iexact")
    regional_group = df.ChoiceFilter(choices=RegionalGroup.choices)
    kind = df.ChoiceFilter(choices=Party.Kind.choices)
    q = df.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")
    party_to = IdFilter(
        queryset=Instrument.objects.all(), method="filter_party_to",
        label="Party to this instrument (ratification, accession, …)")

    class Meta:
        model = Party
        fields = ["iso3", "regional_group", "kind", "q", "party_to"]

    def filter_party_to(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=TreatyAction.objects.filter(
            instrument=value, kind__in=TreatyAction.CONSENT_KINDS).values("party_id"))


class OrganizationFilter(df.FilterSet):
    q = df.CharFilter(method="filter_q", label="Name or acronym contains")
    country = IdFilter(queryset=Party.objects.all())
    category = df.ChoiceFilter(choices=Organization.Category.choices)
    status = df.ChoiceFilter(choices=Organization.Status.choices)
    is_alliance = df.BooleanFilter()
    ecosoc_status = df.BooleanFilter()

    class Meta:
        model = Organization
        fields = ["q", "country", "category", "status", "is_alliance", "ecosoc_status"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


class EventFilter(df.FilterSet):
    when = df.ChoiceFilter(choices=[("upcoming", "upcoming"), ("past", "past"),
                                    ("all", "all")], method="filter_when")
    party = IdFilter(queryset=Party.objects.all())
    kind = df.ChoiceFilter(choices=Event.Kind.choices)
    status = df.ChoiceFilter(choices=Event.Status.choices)
    mode = df.ChoiceFilter(choices=Event.Mode.choices)
    pilot = IdNumberFilter(field_name="pilot_id")
    starts_after = df.DateFilter(field_name="ends_at", lookup_expr="date__gte",
                                 label="Ends on or after this date")
    starts_before = df.DateFilter(field_name="starts_at", lookup_expr="date__lte",
                                  label="Starts on or before this date")

    class Meta:
        model = Event
        fields = ["when", "party", "kind", "status", "mode", "pilot", "starts_after",
                  "starts_before"]

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(ends_at__gte=now)
        if value == "past":
            return queryset.filter(ends_at__lt=now)
        return queryset


class RegistrationFilter(df.FilterSet):
    status = df.ChoiceFilter(choices=Registration.Status.choices)

    class Meta:
        model = Registration
        fields = ["status"]


class PilotFilter(df.FilterSet):
    q = df.CharFilter(field_name="title", lookup_expr="icontains", label="Title contains")
    party = IdFilter(queryset=Party.objects.all())
    status = df.ChoiceFilter(choices=PilotInitiative.Status.choices)
    alliance = IdFilter(queryset=Organization.objects.filter(is_alliance=True))
    launched_after = df.DateFilter(field_name="launched_on", lookup_expr="gte",
                                   label="Launched on or after this date")
    launched_before = df.DateFilter(field_name="launched_on", lookup_expr="lte",
                                    label="Launched on or before this date")

    class Meta:
        model = PilotInitiative
        fields = ["q", "party", "status", "alliance", "launched_after", "launched_before"]


INVITATION_STATES = [("open", "open"), ("accepted", "accepted"), ("revoked", "revoked"),
                     ("expired", "expired")]


class InvitationFilter(df.FilterSet):
    organization = IdNumberFilter(field_name="organization_id")
    role = df.ChoiceFilter(choices=Membership.Role.choices)
    state = df.ChoiceFilter(choices=INVITATION_STATES, method="filter_state")
    email = df.CharFilter(field_name="email", lookup_expr="iexact")

    class Meta:
        model = Invitation
        fields = ["organization", "role", "state", "email"]

    def filter_state(self, queryset, name, value):
        now = timezone.now()
        pending = Q(accepted_at__isnull=True, revoked_at__isnull=True)
        if value == "open":
            return queryset.filter(pending, expires_at__gt=now)
        if value == "accepted":
            return queryset.filter(accepted_at__isnull=False)
        if value == "revoked":
            return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=False)
        if value == "expired":
            return queryset.filter(pending, expires_at__lte=now)
        return queryset


class EventDocumentFilter(df.FilterSet):
    kind = df.ChoiceFilter(choices=EventDocument.Kind.choices)

    class Meta:
        model = EventDocument
        fields = ["kind"]


class ActionItemFilter(df.FilterSet):
    status = df.ChoiceFilter(choices=ActionItem.Status.choices)
    owner_organization = IdNumberFilter(field_name="owner_organization_id")
    due_before = df.DateFilter(field_name="due_on", lookup_expr="lte",
                               label="Due on or before this date")

    class Meta:
        model = ActionItem
        fields = ["status", "owner_organization", "due_before"]
