"""iCalendar (RFC 5545) written by hand: one VEVENT per event, UTC times, escaped text,
lines folded at 75 octets, CRLF line ends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from consultations.models import Event

PRODID = "-//UNODC//UNTOC stakeholder consultation portal//EN"


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        b = char.encode("utf-8")
        if len(current) + len(b) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with one space
        current += b
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def utc_stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _domain() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{_domain()}"


def _vevent(event: Event, now: dt.datetime, *, online_link: bool) -> list[str]:
    url = settings.SITE_URL + reverse("events:detail", args=[event.pk])
    location = event.venue
    if event.online_url and online_link:
        location = f"{location} ({event.online_url})" if location else event.online_url
    status = "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(event)}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"STATUS:{status}",
        f"URL:{url}",
        f"CATEGORIES:{escape_text(event.get_kind_display())}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], *, name: str = "",
             online_link_for: Callable[[Event], bool] | None = None,
             now: dt.datetime | None = None) -> str:
    """The events as one calendar. An event's online link is written only where
    ``online_link_for(event)`` allows it (consultations.policies.can_view_online_link for
    the user downloading); without it (the public feed), never. ``now`` (the stamp of
    the file) is the current time unless given."""
    now = now or timezone.now()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(_vevent(event, now, online_link=bool(online_link_for
                                                           and online_link_for(event))))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
