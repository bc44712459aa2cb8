"""Reads of events and registrations, always scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from consultations.models import (
    ActionItem,
    Attendance,
    Event,
    EventDocument,
    Organization,
    Registration,
)
from consultations.roles import roles_of

CONFIRMED = Q(registrations__status=Registration.Status.CONFIRMED)
WAITLISTED = Q(registrations__status=Registration.Status.WAITLISTED)


def events_visible_to(user) -> QuerySet[Event]:
    """Everything but drafts; drafts only to UNODC staff and the State's focal person."""
    roles = roles_of(user)
    qs = Event.objects.all()
    if roles.is_unodc_staff:
        return qs
    visible = ~Q(status=Event.Status.DRAFT)
    if roles.focal_party_ids:
        visible |= Q(party_id__in=roles.focal_party_ids)
    return qs.filter(visible)


def _with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(confirmed_count=Count("registrations", filter=CONFIRMED, distinct=True),
                       waitlist_count=Count("registrations", filter=WAITLISTED, distinct=True))


@dataclass
class EventFilters:
    when: str = "upcoming"  # upcoming | past | all
    party: int | None = None
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    pilot: int | None = None


def event_list(user, filters: EventFilters | None = None) -> QuerySet[Event]:
    """The public list: State, pilot and counts fetched up front (one query)."""
    filters = filters or EventFilters()
    now = timezone.now()
    qs = events_visible_to(user).select_related("party", "pilot", "network")
    if filters.when == "upcoming":
        qs = qs.filter(ends_at__gte=now).order_by("starts_at", "pk")
    elif filters.when == "past":
        qs = qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        qs = qs.order_by("-starts_at", "-pk")
    if filters.party:
        qs = qs.filter(party_id=filters.party)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.pilot:
        qs = qs.filter(pilot_id=filters.pilot)
    if filters.date_from:
        qs = qs.filter(ends_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(starts_at__date__lte=filters.date_to)
    return _with_counts(qs)


def events_upcoming_public() -> QuerySet[Event]:
    """The calendar feed: published, upcoming, not cancelled."""
    return (Event.objects.filter(ends_at__gte=timezone.now())
            .exclude(status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])
            .order_by("starts_at", "pk"))


def event_get_for(user, pk: int, *, full: bool = False) -> Event:
    """One event the user may see (else 404), with what its page shows fetched up front."""
    qs = events_visible_to(user).select_related(
        "party", "pilot", "working_group", "cluster", "network", "created_by")
    if full:
        qs = _with_counts(qs).prefetch_related(
            Prefetch("organizers", queryset=Organization.objects.order_by("name")),
            Prefetch("attendance", queryset=Attendance.objects.order_by("category")),
            Prefetch("documents", queryset=EventDocument.objects.order_by("kind", "title")),
            Prefetch("action_items",
                     queryset=ActionItem.objects.select_related("owner_organization",
                                                                "follow_up_action")),
        )
    try:
        return qs.get(pk=pk)
    except Event.DoesNotExist as exc:
        raise Http404 from exc


def registrations_confirmed_for(event: Event) -> QuerySet[Registration]:
    """Confirmed participants (for the day-before reminder and the manager's list)."""
    return (Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
            .select_related("user", "organization").order_by("created_at", "pk"))


def registrations_for_event(event: Event) -> QuerySet[Registration]:
    """Every registration of one event (manager's view), waiting list in order."""
    return (Registration.objects.filter(event=event)
            .select_related("user", "organization", "registered_by")
            .order_by("status", "created_at", "pk"))


def registrations_of(user) -> QuerySet[Registration]:
    """The user's own registrations, soonest first."""
    if not user or not user.is_authenticated:
        return Registration.objects.none()
    return (Registration.objects.filter(user=user)
            .select_related("event", "event__party", "organization")
            .order_by("-event__starts_at", "pk"))


def registration_of(user, event: Event) -> Registration | None:
    if not user or not user.is_authenticated:
        return None
    return Registration.objects.filter(user=user, event=event).first()


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return Registration.objects.filter(
        event_id=registration.event_id, status=Registration.Status.WAITLISTED,
    ).filter(Q(created_at__lt=registration.created_at)
             | Q(created_at=registration.created_at, pk__lt=registration.pk)).count() + 1


def organizations_for_registration(user) -> QuerySet[Organization]:
    """The verified organizations a user may register on behalf of."""
    return Organization.objects.filter(pk__in=roles_of(user).verified_org_ids).order_by("name")


