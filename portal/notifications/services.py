"""Writing and delivering notifications. Other apps call ``notifications_create``
inside their own transaction; this module never calls them back.

Guarantees:
- a notification row is written in the same transaction as the change it reports;
- its e-mail is enqueued after commit, and ``notifications_sweep`` (beat, every minute)
  enqueues whatever is still pending (the broker was down, a retry is due);
- delivery claims a chunk of rows for an attempt ("sending", with an attempt id) in one
  transaction committed before the sends, and records the results after them: a
  task that runs twice, even at the same time, sends one e-mail; a result that cannot
  be recorded (a lock, a lost connection) is retried and never causes a resend; an
  attempt left open (the worker died between claim and record) is reconciled by the
  sweeper, sent again once with the same Message-ID and flagged "possibly sent twice";
- reminders are rows with a unique key; ``reminders_dispatch`` turns due ones into
  notifications whose dedupe key is derived from that key, so reruns do nothing.
"""

from __future__ import annotations

import contextvars
import logging
import smtplib
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Case, F, TextField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications.claims import claim as _claim
from portal.notifications.claims import release as _release
from portal.notifications.claims import sent_times
from portal.notifications.mailconn import is_permanent, worker_mail
from portal.notifications.models import (
    Mode,
    Notification,
)
from portal.notifications.policies import can_view_outbox
from portal.notifications.preferences import modes_for
from portal.notifications.rendering import (  # noqa: F401 (the module's public names)
    MessageRenderer,
    notification_message,
    notification_message_id,
    notification_render,
    notification_subject,
    notification_summary,
    worker_renderer,
)

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5
RETRY_BACKOFF = [60, 300, 900, 3600]  # seconds after attempts 1..4
RECORD_RETRY_DELAYS = (0.2, 0.5, 1, 2, 4)  # seconds between tries to record a result
S = Notification.EmailStatus


# --- Writing ----------------------------------------------------------------------------


def unread_cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def _forget_unread(user_ids: Iterable[int]) -> None:
    try:
        cache.delete_many([unread_cache_key(uid) for uid in set(user_ids)])
    except Exception:  # the cache is an optimisation; never fail a write for it
        logger.warning("could not clear the unread-count cache", exc_info=True)


def _apply_preferences(rows: list[Notification]) -> None:
    """Set each row's e-mail status (pending / held / skipped) and file it as read when
    the inbox is turned off for its category. Queries per category, not per row."""
    by_category: dict[str, list[Notification]] = defaultdict(list)
    for row in rows:
        by_category[row.category].append(row)
    now = timezone.now()
    for category, group in by_category.items():
        modes = modes_for([r.recipient for r in group], category)
        for row in group:
            in_app, email = modes[row.recipient.pk]
            if in_app == Mode.OFF:
                row.read_at = now
            if not row.recipient.email or email == Mode.OFF:
                row.email_status = S.SKIPPED
            elif email == Mode.DIGEST and not row.urgent:
                row.email_status = S.HELD
            else:
                row.email_status = S.PENDING


def _write(rows: list[Notification]) -> list[Notification]:
    """Insert rows (those with a dedupe key that exists are skipped) and enqueue the
    pending ones after commit. Returns the rows as stored."""
    if not rows:
        return []
    _apply_preferences(rows)
    batch = _BATCH.get()
    if batch is not None:  # gathered into one digest per recipient by the batch's owner
        for row in rows:
            if row.email_status == S.PENDING:
                row.email_status = S.HELD
    keyed = [r for r in rows if r.dedupe_key]
    plain = [r for r in rows if not r.dedupe_key]
    stored: list[Notification] = []
    if plain:
        stored += Notification.objects.bulk_create(plain)
    if keyed:
        keys = [r.dedupe_key for r in keyed]
        existing = set(Notification.objects.filter(dedupe_key__in=keys)
                       .values_list("dedupe_key", flat=True))
        Notification.objects.bulk_create([r for r in keyed if r.dedupe_key not in existing],
                                         ignore_conflicts=True)
        stored += list(Notification.objects.filter(dedupe_key__in=keys))
    ids = [r.pk for r in stored if r.email_status == S.PENDING]
    if batch is not None:
        batch.extend(r.pk for r in stored if r.email_status == S.HELD)
    recipient_ids = [r.recipient_id for r in stored]
    transaction.on_commit(lambda: _forget_unread(recipient_ids), robust=True)
    if ids:
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return stored


_BATCH: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "notifications_batch", default=None)


@contextmanager
def notifications_batched() -> Iterator[list[int]]:
    """Inside this block, e-mails are held instead of sent (the preferences still
    decide who gets one), and the ids of the held rows are gathered in the list it
    yields: pass them to ``notifications_batch_digest`` afterwards, so that a bulk
    operation (a spreadsheet import) sends one e-mail per recipient, not one per row.
    Rows the caller never digests (it died) go out with the daily digest."""
    batch: list[int] = []
    token = _BATCH.set(batch)
    try:
        yield batch
    finally:
        _BATCH.reset(token)


def notifications_create(
    *,
    recipients: Iterable,
    category: str,
    kind: str,
    url: str = "",
    payload: dict | None = None,
    event=None,
    urgent: bool = False,
    dedupe_key_prefix: str | None = None,
) -> list[Notification]:
    """One outbox row per distinct active recipient, written in the caller's transaction;
    the recipient's preferences decide whether the e-mail goes now, in the daily digest
    or not at all (urgent ones never wait for the digest). Delivery is enqueued on commit.

    With ``dedupe_key_prefix`` the row's unique key is ``<prefix>:<recipient id>``, and a
    row that already exists is skipped: exactly one notification per purpose.

    The payload's ``subject`` and ``summary`` are stored untranslated, built with
    ``portal.notifications.messages.msg`` (translated for each reader when shown), or
    plain text that a user wrote (a comment, a justification), shown as it is.
    """
    seen: set[int] = set()
    rows: list[Notification] = []
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(Notification(
            recipient=user, category=category, kind=kind, url=url, payload=payload or {},
            event=event, urgent=urgent,
            dedupe_key=f"{dedupe_key_prefix}:{user.pk}" if dedupe_key_prefix else None,
        ))
    with transaction.atomic():
        return _write(rows)


def notifications_summary_set(*, events, summary: str) -> int:
    """Change the summary of the notifications that these domain events wrote: text that
    was withdrawn from view (a comment a moderator hid) leaves the inboxes and the
    e-mails not sent yet. Returns how many notifications changed."""
    rows = list(Notification.objects.filter(event__in=events))
    for row in rows:
        row.payload = {**(row.payload or {}), "summary": summary}
    Notification.objects.bulk_update(rows, ["payload"])
    return len(rows)


def _enqueue(ids: list[int]) -> None:
    """One delivery task per batch of notifications (a broker round trip per e-mail
    would cost more than sending it)."""
    from portal.notifications.tasks import deliver_notifications

    size = max(1, getattr(settings, "NOTIFICATION_DELIVERY_BATCH", 50))
    for start in range(0, len(ids), size):
        batch = ids[start:start + size]
        try:
            deliver_notifications.delay(batch)
        except Exception:  # broker down: the sweeper delivers them later
            logger.warning("could not enqueue notifications %s...; the sweeper will",
                           batch[0], exc_info=True)
            return


# --- Delivery -------------------------------------------------------------------------

_mail = worker_mail  # the worker's one mail connection
_permanent = is_permanent


def _record(*, attempt: uuid.UUID, notification_id: int | None = None,
            notification_ids: Sequence[int] = (), **fields) -> str:
    """Write an attempt's result for one row or a group of rows with the same result, in
    one statement, only where the row is still in that attempt (a sweeper that gave the
    attempt up has changed it). A lock or a lost connection is retried a few times: an
    e-mail must never go out again because its bookkeeping failed.
    Returns "recorded", "superseded" (some rows were given up) or "unrecorded" (the rows
    stay "sending" and the sweeper reconciles them)."""
    ids = [notification_id] if notification_id is not None else list(notification_ids)
    delays = list(RECORD_RETRY_DELAYS)
    while True:
        try:
            updated = Notification.objects.filter(
                pk__in=ids, email_status=S.SENDING, attempt_id=attempt,
            ).update(attempt_id=None, **fields)
        except (OperationalError, InterfaceError) as exc:
            if not delays:
                logger.error("notifications %s: the result of attempt %s could not be "
                             "recorded (%s); the sweeper will reconcile it", ids, attempt, exc)
                return "unrecorded"
            logger.warning("notifications %s: recording the result failed (%s); retrying",
                           ids, exc)
            if not connection.in_atomic_block:
                connection.close()  # a broken connection is replaced by the next query
            time.sleep(delays.pop(0))
            continue
        if updated < len(ids):
            logger.warning("notifications %s: attempt %s was given up before its result "
                           "came in", ids, attempt)
        return "recorded" if updated == len(ids) else "superseded"


def _send(row: Notification, message, attempt: uuid.UUID) -> tuple[str, bool]:
    """Send one claimed row's e-mail. A failure is recorded at once (its own error and
    backoff); returns the outcome and whether the batch can go on."""
    try:
        _mail.send(message)
    except (smtplib.SMTPException, OSError) as exc:
        _mail.drop()
        error = f"{type(exc).__name__}: {exc}"[:2000]
        attempts = row.email_attempts
        if attempts >= MAX_EMAIL_ATTEMPTS or _permanent(exc):
            outcome, status, next_at = "failed", S.FAILED, None
        else:
            delay = RETRY_BACKOFF[min(attempts, len(RETRY_BACKOFF)) - 1]
            outcome, status = "retry", S.PENDING
            next_at = timezone.now() + timedelta(seconds=delay)
        logger.warning("notification %s: %s (attempt %s)", row.pk, error, attempts)
        recorded = _record(notification_id=row.pk, attempt=attempt, email_status=status,
                           next_attempt_at=next_at, last_error=error)
        if recorded == "unrecorded":
            return "unrecorded", False
        return outcome, outcome == "failed"  # a server that fails is not hammered
    return "sent", True


def _deliver_claimed(rows: list[Notification], attempt: uuid.UUID,
                     renderer: MessageRenderer) -> tuple[dict[str, int], bool]:
    """Send the claimed rows in turn, then record the sent ones in one statement (each
    with its own time). When a send fails, the rest are given back to the queue, and
    when the claim has been held for a quarter of the time after which the sweeper gives
    attempts up, too. Returns the outcomes and whether the batch can go on."""
    try:
        messages = [notification_message(row, renderer) for row in rows]
    except Exception:
        _release(rows, attempt)
        raise
    outcomes: dict[str, int] = defaultdict(int)
    sent: dict[int, datetime] = {}
    hold = settings.NOTIFICATION_SENDING_STALE_SECONDS / 4
    claimed_at = time.monotonic()
    go_on, index = True, 0
    for index, (row, message) in enumerate(zip(rows, messages, strict=True)):
        if time.monotonic() - claimed_at > hold:
            index -= 1
            break
        outcome, go_on = _send(row, message, attempt)
        if outcome == "sent":
            sent[row.pk] = timezone.now()
        else:
            outcomes[outcome] += 1
        if not go_on:
            break
    if sent:
        recorded = _record(
            notification_ids=list(sent), attempt=attempt, email_status=S.SENT,
            email_sent_at=sent_times(sent),
            next_attempt_at=None,
            # The note of an attempt with an unknown result stays: it explains the flag.
            last_error=Case(When(uncertain_attempts=0, then=Value("")),
                            default=F("last_error"), output_field=TextField()),
        )
        outcomes["sent" if recorded != "unrecorded" else "unrecorded"] += len(sent)
        go_on = go_on and recorded != "unrecorded"
    rest = rows[index + 1:]
    _release(rest, attempt)
    if rest:
        outcomes["deferred"] += len(rest)
    return outcomes, go_on and not rest


def notifications_deliver_batch(*, notification_ids: Sequence[int],
                                time_budget: float = 120.0,
                                renderer: MessageRenderer | None = None) -> dict[str, int]:
    """Deliver notifications over the worker's one mail connection, a chunk of
    ``NOTIFICATION_CLAIM_CHUNK`` rows at a time; call it outside a transaction. Per chunk:
    1. the pending and due rows are claimed ("sending", with a new attempt id) and the
       claim committed, in one transaction (``claims.claim``): a second delivery,
       concurrent or later, finds them not pending and sends nothing;
    2. their e-mails are sent in turn, with no transaction or lock held;
    3. the results are recorded for that attempt id: the sent ones in one statement, a
       failure (retry with backoff; failed) at once with its own error.
    If step 3 cannot be written, the rows stay "sending" and are not sent again until
    ``notifications_reconcile`` gives the attempt up: a worker that dies between 1 and 3
    costs at most one chunk of duplicates (same Message-ID, flagged "possibly sent
    twice"), a lock error none. When the mail server or the database fails, or the time
    budget is spent, the rest stay pending for the sweeper: a failing server is not
    hammered once per message, and the task ends well inside its time limit."""
    started = time.monotonic()
    outcomes: dict[str, int] = defaultdict(int)
    ids = list(notification_ids)
    renderer = renderer or worker_renderer()  # each kind, language and payload once
    size = max(1, getattr(settings, "NOTIFICATION_CLAIM_CHUNK", 20))
    for start in range(0, len(ids), size):
        if time.monotonic() - started > time_budget:
            outcomes["deferred"] += len(ids) - start
            break
        chunk = ids[start:start + size]
        now = timezone.now()
        attempt, rows, not_claimed = _claim(chunk, now=now)
        for key, n in not_claimed.items():
            outcomes[key] += n
        chunk_outcomes, go_on = _deliver_claimed(rows, attempt, renderer)
        for key, n in chunk_outcomes.items():
            outcomes[key] += n
        if not go_on:
            outcomes["deferred"] += len(ids) - start - len(chunk)
            break
    return dict(outcomes)


def notification_deliver(*, notification_id: int,
                         renderer: MessageRenderer | None = None) -> str:
    """Send one notification's e-mail, as ``notifications_deliver_batch`` does; returns
    the outcome: sent, retry, failed, skipped, not-yet or unrecorded."""
    outcomes = notifications_deliver_batch(notification_ids=[notification_id],
                                           time_budget=float("inf"), renderer=renderer)
    return next(iter(outcomes))


def notifications_reconcile(*, now: datetime | None = None,
                            stale_after_seconds: int | None = None, limit: int = 500) -> int:
    """Give up attempts left "sending" for longer than any delivery can take (the worker
    died, or could not record the result): the e-mail may or may not have gone out. Each
    such row is sent again once (same Message-ID) and counted as an attempt with an
    unknown result, which staff see as "possibly sent twice"; a row whose resend is
    left open too is failed for staff to look at, never resent in a loop."""
    now = now or timezone.now()
    if stale_after_seconds is None:
        stale_after_seconds = settings.NOTIFICATION_SENDING_STALE_SECONDS
    stale = list(Notification.objects.filter(
        email_status=S.SENDING,
        attempt_started_at__lte=now - timedelta(seconds=stale_after_seconds),
    ).order_by("attempt_started_at").values_list("pk", "attempt_id", "email_attempts",
                                                 "uncertain_attempts")[:limit])
    given_up = 0
    for pk, attempt, attempts, uncertain in stale:
        note = _("The result of attempt %(n)s is unknown (the worker stopped or could not "
                 "record it): the e-mail may have been sent.") % {"n": attempts}
        if uncertain == 0:
            status = S.PENDING
        else:
            status = S.FAILED
            note += " " + _("Not sent again automatically: retry it if it did not arrive.")
        given_up += Notification.objects.filter(
            pk=pk, email_status=S.SENDING, attempt_id=attempt,
        ).update(email_status=status, attempt_id=None, next_attempt_at=None,
                 uncertain_attempts=F("uncertain_attempts") + 1, last_error=note)
        logger.warning("notification %s: %s", pk, note)
    return given_up


def notifications_sweep(*, limit: int = 500, min_age_seconds: int = 30,
                        stale_after_seconds: int | None = None) -> int:
    """Reconcile attempts left open, then enqueue what is pending and due (the broker was
    down, a retry is due, an attempt was given up). Returns how many were enqueued."""
    now = timezone.now()
    notifications_reconcile(now=now, stale_after_seconds=stale_after_seconds, limit=limit)
    ids = _due_ids(now=now, min_age_seconds=min_age_seconds, limit=limit)
    _enqueue(ids)
    return len(ids)


def _due_ids(*, now: datetime, min_age_seconds: int, limit: int) -> list[int]:
    """Pending notifications whose e-mail may go out now, oldest first."""
    return list(
        Notification.objects.filter(email_status=S.PENDING,
                                    created_at__lte=now - timedelta(seconds=min_age_seconds))
        .exclude(next_attempt_at__gt=now)
        .order_by("created_at").values_list("pk", flat=True)[:limit]
    )


def notification_retry(*, notification_id: int, actor=None) -> bool:
    """Staff action: send a failed notification again (from the first attempt)."""
    if actor is not None and not can_view_outbox(actor):
        raise PermissionDenied(_("Only UNODC staff can retry notifications."))
    with transaction.atomic():
        updated = Notification.objects.filter(pk=notification_id, email_status=S.FAILED).update(
            email_status=S.PENDING, email_attempts=0, next_attempt_at=None)
        if updated:
            transaction.on_commit(lambda: _enqueue([notification_id]), robust=True)
    return bool(updated)
