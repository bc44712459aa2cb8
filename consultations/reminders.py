"""Reminder scans of the consultations app: events (the day before, to registered
participants) and registration deadlines (three days before, to the coordinators of
verified organizations of the event's State that have nobody registered yet).

Like every scan, they insert ``Reminder`` rows with unique keys in batches
(``bulk_create(ignore_conflicts=True)``); see recommendations/reminders.py.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from consultations.models import Event
from consultations.selectors.recipients import (
    confirmed_participant_ids,
    coordinators_not_registered,
)
from portal.notifications.models import Category, Reminder
from portal.notifications.reminders import reminder_due_at, reminders_insert_all

CHUNK = 2000
REGISTRATION_NOTICE_DAYS = 3
LIVE = [Event.Status.PUBLISHED, Event.Status.REGISTRATION_OPEN]


class EventReminderKind(models.TextChoices):
    """The notification kinds of these reminders: each names its e-mail's templates
    (templates/notifications/email/reminder_<…>.txt, and its subject)."""

    EVENT_TOMORROW = "reminder.event_tomorrow"
    REGISTRATION_CLOSING = "reminder.registration_closing"


def _event_url() -> str:
    try:
        return reverse("events:detail", args=[987654321]).replace("987654321", "{pk}")
    except NoReverseMatch:
        return "/events/{pk}/"


def _local(moment: dt.datetime, zone: str) -> str:
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = dt.UTC
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M} ({zone})"


def reminders_scan_events(*, today: dt.date) -> int:
    ct_id = ContentType.objects.get_for_model(Event).pk
    url = _event_url()
    now = timezone.now()
    # Starts tomorrow (UTC), or later today when the day-before scan was missed.
    events = {
        pk: (title, starts_at, zone, venue)
        for pk, title, starts_at, zone, venue in Event.objects.filter(
            status__in=LIVE, starts_at__gt=now,
            starts_at__date__lte=today + dt.timedelta(days=1),
        ).values_list("pk", "title", "starts_at", "timezone", "venue")
    }

    def tomorrow() -> Iterator[Reminder]:
        for event_id, user_id in confirmed_participant_ids(list(events)):
            title, starts_at, zone, venue = events[event_id]
            start_day = starts_at.astimezone(dt.UTC).date()
            step = f"{start_day}:day-before"
            yield Reminder(
                target_type_id=ct_id, target_id=event_id, purpose="event", step=step,
                recipient_id=user_id, deadline=start_day,
                due_at=min(reminder_due_at(start_day - dt.timedelta(days=1)), starts_at),
                key=Reminder.make_key(target_type_id=ct_id, target_id=event_id,
                                      purpose="event", step=step, recipient_id=user_id),
                category=Category.REMINDER, kind=EventReminderKind.EVENT_TOMORROW,
                url=url.format(pk=event_id),
                payload={"title": title[:200], "starts_local": _local(starts_at, zone),
                         "venue": venue, "starts_at": starts_at.isoformat()},
            )

    def closing() -> Iterator[Reminder]:
        closing_events = Event.objects.filter(
            status=Event.Status.REGISTRATION_OPEN, party__isnull=False,
            registration_deadline__gt=now,
            registration_deadline__date__lte=today + dt.timedelta(days=REGISTRATION_NOTICE_DAYS),
        ).values_list("pk", "title", "party_id", "registration_deadline", "timezone")
        for pk, title, party_id, deadline, zone in closing_events:
            deadline_day = deadline.astimezone(dt.UTC).date()
            step = f"{deadline_day}:closing"
            for user_id, org_name in coordinators_not_registered(event_id=pk,
                                                                 party_id=party_id):
                yield Reminder(
                    target_type_id=ct_id, target_id=pk, purpose="registration", step=step,
                    recipient_id=user_id, deadline=deadline_day,
                    due_at=reminder_due_at(
                        deadline_day - dt.timedelta(days=REGISTRATION_NOTICE_DAYS)),
                    key=Reminder.make_key(target_type_id=ct_id, target_id=pk,
                                          purpose="registration", step=step,
                                          recipient_id=user_id),
                    category=Category.EVENT, kind=EventReminderKind.REGISTRATION_CLOSING,
                    url=url.format(pk=pk),
                    payload={"title": title[:200], "organization": org_name,
                             "deadline_local": _local(deadline, zone)},
                )

    total = reminders_insert_all(tomorrow(), chunk=CHUNK) if events else 0
    return total + reminders_insert_all(closing(), chunk=CHUNK)
