"""Reminders: rows with a due time and a unique key, written by the apps' scans and
turned into notifications when due."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from portal.notifications.models import (
    Notification,
    Reminder,
)
from portal.notifications.services import (
    _due_ids,
    _write,
    notifications_deliver_batch,
    notifications_reconcile,
)


def reminders_dispatch(*, now: datetime | None = None, batch_size: int = 500) -> int:
    """Turn due reminders into notifications. Rows are locked (skip locked) so that two
    dispatchers share the work; the notification's dedupe key is derived from the
    reminder's unique key, so a rerun after a crash creates nothing twice."""
    now = now or timezone.now()
    total = 0
    while True:
        with transaction.atomic():
            due = list(
                Reminder.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(notification__isnull=True, due_at__lte=now,
                        recipient__is_active=True)
                .order_by("due_at", "id")[:batch_size]
            )
            if not due:
                break
            rows = [Notification(recipient=r.recipient, category=r.category, kind=r.kind,
                                 url=r.url, payload=r.payload, urgent=r.urgent,
                                 dedupe_key=f"reminder:{r.key}"[:200]) for r in due]
            by_key = {n.dedupe_key: n for n in _write(rows)}
            for reminder, row in zip(due, rows, strict=True):
                reminder.notification = by_key.get(row.dedupe_key)
            Reminder.objects.bulk_update(due, ["notification"])
            total += len(due)
        if len(due) < batch_size or not by_key:
            break
    return total


def notifications_deliver_due(*, limit: int = 500) -> dict[str, int]:
    """Operators' "send now" (``manage.py notifications_deliver``): turn the reminders
    that are due into notifications, give up attempts left open, then deliver every
    pending e-mail that is due, in this process (no broker needed), each exactly as
    ``notification_deliver`` does. Returns counts: reminders, reconciled, and one per
    outcome (sent, retry, failed, skipped, not-yet, deferred, unrecorded)."""
    now = timezone.now()
    counts: dict[str, int] = {"reminders": reminders_dispatch(now=now),
                              "reconciled": notifications_reconcile(now=now, limit=limit)}
    outcomes = notifications_deliver_batch(
        notification_ids=_due_ids(now=timezone.now(), min_age_seconds=0, limit=limit),
        time_budget=float("inf"))
    counts.update(outcomes)
    return counts


def reminder_due_at(day) -> datetime:
    """When a reminder of that day is due: REMINDER_HOUR_UTC of the day, in UTC."""
    return datetime.combine(day, time(settings.REMINDER_HOUR_UTC), tzinfo=UTC)


def reminders_insert_all(rows: Iterable[Reminder | dict], *, chunk: int = 2000) -> int:
    """A scan's whole stream of reminders, inserted chunk by chunk (flat memory, a
    bounded number of queries per chunk). Returns how many were new."""
    batch: list = []
    total = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk:
            total += reminders_insert(batch)
            batch = []
    return total + (reminders_insert(batch) if batch else 0)


def reminders_insert(rows: Sequence[Reminder | dict], *, batch_size: int = 2000) -> int:
    """Insert the reminders whose key does not exist yet (the scans call this per batch
    of at most a few thousand rows). Rows may be dicts of Reminder fields: a rerun of a
    scan then builds no model instance at all, only one ``key IN`` query per batch.
    A concurrent scan that inserts the same key first wins (``ON CONFLICT DO NOTHING``).
    Returns the number of rows that were new when checked."""
    if not rows:
        return 0
    keys = [row["key"] if isinstance(row, dict) else row.key for row in rows]
    existing = set(Reminder.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh = [row for row, key in zip(rows, keys, strict=True) if key not in existing]
    if not fresh:
        return 0
    if connection.vendor == "postgresql" and all(isinstance(row, dict) for row in fresh):
        if connection.in_atomic_block or not _reminders_copy(fresh):
            _reminders_insert_values(fresh, page_size=batch_size)
    else:
        Reminder.objects.bulk_create(
            [row if isinstance(row, Reminder) else Reminder(**row) for row in fresh],
            ignore_conflicts=True, batch_size=batch_size)
    return len(fresh)


def _columns(rows: list[dict]) -> tuple[list, list[list]]:
    """The reminder table's fields (all but the primary key), and each row's values in
    their order: a field a dict leaves out gets what Django would give it (its default,
    ``auto_now_add``)."""
    now = timezone.now()
    fields = [f for f in Reminder._meta.concrete_fields if not f.primary_key]
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            defaults[f.attname] = now
        elif f.has_default() or f.null:
            defaults[f.attname] = f.get_default()
    names = [f.attname for f in fields]
    return fields, [[row[name] if name in row else defaults[name] for name in names]
                    for row in rows]


def _reminders_insert_values(rows: list[dict], *, page_size: int) -> None:
    """PostgreSQL: one multi-row INSERT ... ON CONFLICT (key) DO NOTHING per page, with
    values taken straight from the dicts (no model instance, no SQL compiled per row)."""
    from psycopg2.extras import Json

    fields, values = _columns(rows)
    json_at = [k for k, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
    for row_values in values:
        for k in json_at:
            row_values[k] = Json(row_values[k])
    table = connection.ops.quote_name(Reminder._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(values), page_size):
            page = values[start:start + page_size]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(page))} "
                f"ON CONFLICT ({connection.ops.quote_name('key')}) DO NOTHING",
                [value for row in page for value in row])


# COPY's text format: these characters are written as escapes.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value, json_field: bool) -> str:
    if value is None:
        return "\\N"
    if json_field:
        return json.dumps(value).translate(_COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, date):  # datetimes too: ISO 8601, with the offset when aware
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def _reminders_copy(rows: list[dict]) -> bool:
    """PostgreSQL, outside a transaction: the rows in one ``COPY``, which costs about half
    of the multi-row INSERT (the server parses no statement of a megabyte, the client
    quotes no parameters). COPY cannot skip a key that exists: the keys were checked just
    before, and if a concurrent scan has inserted one since, the COPY fails whole
    (nothing is written) and this returns False for the caller to insert the rows with
    ``ON CONFLICT`` instead. Returns whether the rows were written."""
    fields, values = _columns(rows)
    json_fields = [f.get_internal_type() == "JSONField" for f in fields]
    lines = io.StringIO()
    for row_values in values:
        lines.write("\t".join(_copy_text(value, is_json)
                              for value, is_json in zip(row_values, json_fields, strict=True)))
        lines.write("\n")
    lines.seek(0)
    table = connection.ops.quote_name(Reminder._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    try:
        with connection.cursor() as cursor, connection.wrap_database_errors:
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", lines)
    except IntegrityError:
        return False
    return True


def reminders_table_analyze(*, inserted: int) -> None:
    """After a scan that added many rows, refresh the planner's statistics of the
    reminder table: the next scan's anti-join must know the table is no longer small."""
    if connection.vendor == "postgresql" and inserted >= 10_000:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Reminder._meta.db_table)}")
