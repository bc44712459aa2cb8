"""A delivery attempt's rows: claiming a chunk of pending rows for it, the statement
part that gives each sent row its own time, and giving back rows it did not send
(``services.notifications_deliver_batch`` runs them; the module's docstring there has
the guarantees)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import datetime

from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import DateTimeField, F
from django.db.models.expressions import RawSQL

from portal.notifications.models import Notification

logger = logging.getLogger(__name__)
S = Notification.EmailStatus


def claim(
    ids: Sequence[int], *, now: datetime
) -> tuple[uuid.UUID, list[Notification], dict[str, int]]:
    """Claim the rows among ``ids`` that are pending and due for one new attempt, and
    commit. The rows are read with their recipients and locked (on PostgreSQL, rows that
    another worker holds at that moment are skipped, not waited for); the due ones are
    marked in one UPDATE while the lock holds, so a row is claimed by one attempt only
    (SQLite runs the two statements as one serialized transaction). Both statements find
    the rows by primary key alone: with a backlog of pending rows, a condition on the
    status led the planner to walk every pending row for each chunk.
    Returns the attempt, the claimed rows in the order of ``ids``, and why the others were
    not claimed: a retry not due yet, or nothing to send (sent, being sent by another
    attempt, failed, not an e-mail)."""
    attempt = uuid.uuid4()
    with transaction.atomic():
        found = list(
            Notification.objects.select_related("recipient")
            .select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=ids)
            .order_by("pk")
        )
        rows = [
            row
            for row in found
            if row.email_status == S.PENDING
            and (row.next_attempt_at is None or row.next_attempt_at <= now)
        ]
        if rows:
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
                email_status=S.SENDING,
                attempt_id=attempt,
                attempt_started_at=now,
                email_attempts=F("email_attempts") + 1,
            )
    not_yet = sum(
        1
        for row in found
        if row.email_status == S.PENDING
        and row.next_attempt_at is not None
        and row.next_attempt_at > now
    )
    skipped = len(set(ids)) - len(rows) - not_yet
    for row in rows:  # as the UPDATE left them
        row.email_status, row.attempt_id, row.attempt_started_at = S.SENDING, attempt, now
        row.email_attempts += 1
    order = {pk: n for n, pk in enumerate(ids)}
    rows.sort(key=lambda row: order[row.pk])
    return attempt, rows, {key: n for key, n in (("not-yet", not_yet), ("skipped", skipped)) if n}


def release(rows: Sequence[Notification], attempt: uuid.UUID) -> None:
    """Give claimed rows that were not sent back to the queue: pending, the attempt not
    counted (the time it started stays the claim's)."""
    if not rows:
        return
    try:
        Notification.objects.filter(
            pk__in=[row.pk for row in rows],
            email_status=S.SENDING,
            attempt_id=attempt,
        ).update(email_status=S.PENDING, attempt_id=None, email_attempts=F("email_attempts") - 1)
    except (OperationalError, InterfaceError):
        logger.exception(
            "notifications %s: claimed but not sent, and could not be given "
            "back; the sweeper will reconcile them",
            [row.pk for row in rows],
        )


def sent_times(values: dict[int, datetime]) -> RawSQL:
    """Each row's own time, as one CASE on the primary key. Written as SQL: the ORM's
    ``Case`` with a ``When`` per row took longer to compile than the statement took to
    run (milliseconds per chunk)."""
    ops = connection.ops
    sql = "CASE {} {} END".format(
        ops.quote_name(Notification._meta.pk.column), " ".join(["WHEN %s THEN %s"] * len(values))
    )
    params = [p for pk, at in values.items() for p in (pk, ops.adapt_datetimefield_value(at))]
    return RawSQL(sql, params, output_field=DateTimeField())
