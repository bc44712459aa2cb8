"""Writing and delivering notifications. Other apps call ``notifications_create``
inside their own transaction; this module never calls them back.

Guarantees:
- a notification row is written in the same transaction as the change it reports;
- its e-mail is enqueued after commit, and ``notifications_sweep`` (beat, every minute)
  enqueues whatever is still pending (the broker was down, a retry is due);
- ``notification_deliver`` records an attempt ("sending", with an attempt id) and commits
  it before the send, and the result after it: a task that runs twice, even at the same
  time, sends one e-mail; a result that cannot be recorded (a lock, a lost connection)
  is retried and never causes a resend; an attempt left open (the worker died between
  send and record) is reconciled by the sweeper, sent again once with the same
  Message-ID and flagged "possibly sent twice";
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
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Case, F, TextField, Value, When
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.notifications.messages import render_message
from portal.notifications.models import (
    Category,
    Channel,
    Mode,
    Notification,
    NotificationPreference,
    Reminder,
)
from portal.notifications.preferences import modes_for

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
    token = _BATCH.set([])
    try:
        yield _BATCH.get()
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


# --- Rendering and delivery ------------------------------------------------------------


def _template_base(kind: str) -> str:
    return f"notifications/email/{kind.replace('.', '_')}"


def _context(notification: Notification) -> dict:
    return {
        "notification": notification,
        "recipient": notification.recipient,
        "payload": notification.payload,
        "url": settings.SITE_URL + notification.url if notification.url else settings.SITE_URL,
        "preferences_url": settings.SITE_URL + "/notifications/preferences/",
        "inbox_url": settings.SITE_URL + "/notifications/",
        "SITE_URL": settings.SITE_URL,
    }


def notification_subject(notification: Notification) -> str:
    """The one-line title in the active language (the inbox renders it per viewer): the
    stored subject is a message (portal/notifications/messages.py) translated now."""
    base = _template_base(notification.kind)
    subject = select_template([f"{base}_subject.txt", "notifications/email/default_subject.txt"]
                              ).render(_context(notification))
    return " ".join(subject.split())


def notification_summary(notification: Notification) -> str:
    """The stored summary in the active language ("" when there is none)."""
    return render_message((notification.payload or {}).get("summary"))


def notification_render(notification: Notification) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the e-mail, in the recipient's language."""
    user = notification.recipient
    base = _template_base(notification.kind)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = _context(notification)
        subject = notification_subject(notification)
        text = select_template([f"{base}.txt", "notifications/email/default.txt"]).render(context)
        html = render_to_string("notifications/email/wrapper.html",
                                {**context, "body": text, "subject": subject})
    return subject, text, html


def _permanent(exc: Exception) -> bool:
    """A 5xx answer (or refused recipients) will not get better by retrying."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


class _MailConnection:
    """One open mail connection per worker process, reused from one e-mail to the next
    (opening an SMTP session costs more than sending a message). It is checked with a
    NOOP when it has been idle, and dropped after any error, so the next e-mail opens a
    new one; a message is never resent on a connection that failed while sending it."""

    IDLE_CHECK_SECONDS = 20

    def __init__(self) -> None:
        self.backend = None
        self.signature: tuple = ()
        self.used_at = 0.0

    @staticmethod
    def _signature() -> tuple:
        return (settings.EMAIL_BACKEND, getattr(settings, "EMAIL_HOST", ""),
                getattr(settings, "EMAIL_PORT", 0), getattr(settings, "EMAIL_HOST_USER", ""))

    def get(self):
        from django.core.mail import get_connection

        signature = self._signature()
        if self.backend is not None and (
                signature != self.signature
                or (time.monotonic() - self.used_at > self.IDLE_CHECK_SECONDS
                    and not self._alive())):
            self.drop()
        if self.backend is None:
            backend = get_connection(fail_silently=False)
            backend.open()
            self.backend, self.signature = backend, signature
        self.used_at = time.monotonic()
        return self.backend

    def _alive(self) -> bool:
        smtp = getattr(self.backend, "connection", None)
        if smtp is None or not hasattr(smtp, "noop"):
            return True  # not an SMTP session (console, file, memory): nothing to check
        try:
            return smtp.noop()[0] == 250
        except (smtplib.SMTPException, OSError):
            return False

    def drop(self) -> None:
        backend, self.backend = self.backend, None
        if backend is not None:
            try:
                backend.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close
                logger.debug("closing the mail connection failed", exc_info=True)


_mail = _MailConnection()


def notification_message_id(*, notification_id: int) -> str:
    """The Message-ID of every copy of a notification's e-mail: a resend after an attempt
    whose result is unknown carries the same id, so mail clients show one message."""
    host = urlsplit(settings.SITE_URL).hostname or "untoc-portal"
    return f"<notification-{notification_id}@{host}>"


def _message(notification: Notification) -> EmailMultiAlternatives:
    subject, text, html = notification_render(notification)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=text,
        to=[notification.recipient.email],
        headers={"Message-ID": notification_message_id(notification_id=notification.pk)},
    )
    message.attach_alternative(html, "text/html")
    return message


def _record(*, notification_id: int, attempt: uuid.UUID, **fields) -> str:
    """Write an attempt's result, only while the row is still in that attempt (a sweeper
    that gave the attempt up has changed it). A lock or a lost connection is retried a
    few times: an e-mail must never go out again because its bookkeeping failed.
    Returns "recorded", "superseded" or "unrecorded" (the row stays "sending" and the
    sweeper reconciles it)."""
    delays = list(RECORD_RETRY_DELAYS)
    while True:
        try:
            updated = Notification.objects.filter(
                pk=notification_id, email_status=S.SENDING, attempt_id=attempt,
            ).update(attempt_id=None, **fields)
        except (OperationalError, InterfaceError) as exc:
            if not delays:
                logger.error("notification %s: the result of attempt %s could not be "
                             "recorded (%s); the sweeper will reconcile it",
                             notification_id, attempt, exc)
                return "unrecorded"
            logger.warning("notification %s: recording the result failed (%s); retrying",
                           notification_id, exc)
            if not connection.in_atomic_block:
                connection.close()  # a broken connection is replaced by the next query
            time.sleep(delays.pop(0))
            continue
        if not updated:
            logger.warning("notification %s: attempt %s was given up before its result "
                           "came in", notification_id, attempt)
        return "recorded" if updated else "superseded"


def notification_deliver(*, notification_id: int) -> str:
    """Send one notification's e-mail; call it outside a transaction. Three steps:
    1. the attempt is recorded and committed: pending (and due) -> "sending", with a new
       attempt id (a second delivery, concurrent or later, finds it not pending and
       sends nothing);
    2. the e-mail is sent, with no transaction or lock held;
    3. the result (sent; retry with backoff; failed) is recorded for that attempt id.
    If step 3 cannot be written, the row stays "sending" and is not sent again until
    ``notifications_reconcile`` gives the attempt up: a crash between 2 and 3 costs at
    most one duplicate (same Message-ID, flagged), a lock error none."""
    with transaction.atomic():
        notification = (Notification.objects.select_for_update(skip_locked=True, of=("self",))
                        .select_related("recipient")
                        .filter(pk=notification_id, email_status=S.PENDING).first())
        if notification is None:
            return "skipped"
        if notification.next_attempt_at and notification.next_attempt_at > timezone.now():
            return "not-yet"
        message = _message(notification)
        attempt = uuid.uuid4()
        notification.email_status = S.SENDING
        notification.attempt_id = attempt
        notification.attempt_started_at = timezone.now()
        notification.email_attempts += 1
        notification.save(update_fields=["email_status", "attempt_id", "attempt_started_at",
                                          "email_attempts"])
    try:
        message.connection = _mail.get()
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        _mail.drop()
        error = f"{type(exc).__name__}: {exc}"[:2000]
        attempts = notification.email_attempts
        if attempts >= MAX_EMAIL_ATTEMPTS or _permanent(exc):
            outcome, status, next_at = "failed", S.FAILED, None
        else:
            delay = RETRY_BACKOFF[min(attempts, len(RETRY_BACKOFF)) - 1]
            outcome, status = "retry", S.PENDING
            next_at = timezone.now() + timedelta(seconds=delay)
        logger.warning("notification %s: %s (attempt %s)", notification.pk, error, attempts)
        recorded = _record(notification_id=notification.pk, attempt=attempt,
                           email_status=status, next_attempt_at=next_at, last_error=error)
        return outcome if recorded != "unrecorded" else "unrecorded"
    recorded = _record(
        notification_id=notification.pk, attempt=attempt, email_status=S.SENT,
        email_sent_at=timezone.now(), next_attempt_at=None,
        # The note of an attempt with an unknown result stays: it explains the flag.
        last_error=Case(When(uncertain_attempts=0, then=Value("")), default=F("last_error"),
                        output_field=TextField()),
    )
    return "sent" if recorded != "unrecorded" else "unrecorded"


def notifications_deliver_batch(*, notification_ids: Sequence[int],
                                time_budget: float = 120.0) -> dict[str, int]:
    """Deliver several notifications in turn, each exactly as notification_deliver does
    (its own attempt and result), over the worker's one mail connection. When the mail
    server or the database fails, or the time budget is spent, the rest stay pending for
    the sweeper: a failing server is not hammered once per message, and the task ends
    well inside its time limit."""
    started = time.monotonic()
    outcomes: dict[str, int] = defaultdict(int)
    ids = list(notification_ids)
    for index, pk in enumerate(ids):
        if time.monotonic() - started > time_budget:
            outcomes["deferred"] += len(ids) - index
            break
        result = notification_deliver(notification_id=pk)
        outcomes[result] += 1
        if result in ("retry", "unrecorded"):
            outcomes["deferred"] += len(ids) - index - 1
            break
    return dict(outcomes)


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


def notification_retry(*, notification_id: int, actor=None) -> bool:
    """Staff action: send a failed notification again (from the first attempt)."""
    if actor is not None and not getattr(actor, "is_unodc_staff", False) \
            and not getattr(actor, "is_superuser", False):
        raise PermissionError("Only UNODC staff can retry notifications.")
    with transaction.atomic():
        updated = Notification.objects.filter(pk=notification_id, email_status=S.FAILED).update(
            email_status=S.PENDING, email_attempts=0, next_attempt_at=None)
        if updated:
            transaction.on_commit(lambda: _enqueue([notification_id]), robust=True)
    return bool(updated)


# --- Inbox -------------------------------------------------------------------------------


def notification_mark_read(*, user, notification_id: int) -> bool:
    with transaction.atomic():
        updated = Notification.objects.filter(
            pk=notification_id, recipient=user, read_at__isnull=True
        ).update(read_at=timezone.now())
        transaction.on_commit(lambda: _forget_unread([user.pk]), robust=True)
    return bool(updated)


def notifications_mark_all_read(*, user) -> int:
    with transaction.atomic():
        updated = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
            read_at=timezone.now())
        transaction.on_commit(lambda: _forget_unread([user.pk]), robust=True)
    return updated


# --- Preferences --------------------------------------------------------------------------


def preferences_update(*, user, choices: dict[tuple[str, str], str]) -> None:
    """Store the user's choices, ``{(category, channel): mode}``. The inbox has no digest."""
    errors = {}
    for (category, channel), mode in choices.items():
        if category not in Category.values or channel not in Channel.values \
                or mode not in Mode.values:
            errors[f"{category}__{channel}"] = _("Choose one of the options.")
        elif channel == Channel.IN_APP and mode == Mode.DIGEST:
            errors[f"{category}__{channel}"] = _("The inbox has no daily digest.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        NotificationPreference.objects.bulk_create(
            [NotificationPreference(user=user, category=category, channel=channel, mode=mode)
             for (category, channel), mode in choices.items()],
            update_conflicts=True, unique_fields=["user", "category", "channel"],
            update_fields=["mode", "updated_at"],
        )


# --- Daily digest ---------------------------------------------------------------------


def notifications_digest_send(*, now: datetime | None = None) -> int:
    """Gather each user's held e-mails into one digest notification (delivered like any
    other). At most one digest per user and day (its unique key names both), whoever
    runs it and however often: held rows are locked and marked in the digest's
    transaction, and a second run the same day leaves new ones for the next day."""
    now = now or timezone.now()
    user_ids = list(Notification.objects.filter(email_status=S.HELD)
                    .values_list("recipient_id", flat=True).distinct().order_by())
    sent = 0
    for user_id in user_ids:
        with transaction.atomic():
            held = list(Notification.objects.select_for_update(skip_locked=True, of=("self",))
                        .select_related("recipient")
                        .filter(recipient_id=user_id, email_status=S.HELD)
                        .order_by("created_at", "id")[:200])
            if not held:
                continue
            if not _digest_write(held, dedupe_key=f"digest:{user_id}:{now.date().isoformat()}",
                                 now=now):
                continue  # today's digest exists (a second beat, a rerun): what arrived
                # since waits for tomorrow's
            sent += 1
    return sent


def _digest_write(held: list[Notification], *, dedupe_key: str, now: datetime) -> bool:
    """One digest notification carrying these held rows of one recipient (inside the
    caller's transaction, the rows locked); delivery is enqueued on commit. False, and
    nothing changed, when a digest with this key exists already."""
    recipient = held[0].recipient
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        items = [{"subject": notification_subject(n), "url": n.url,
                  "summary": notification_summary(n)[:500],
                  "at": n.created_at.isoformat()} for n in held]
    digest = Notification(
        recipient=recipient, category=held[0].category, kind=Notification.DIGEST_KIND,
        url="/notifications/", payload={"items": items, "count": len(items)},
        dedupe_key=dedupe_key, read_at=now,
        email_status=S.PENDING if recipient.email and recipient.is_active
        else S.SKIPPED,
    )
    try:
        with transaction.atomic():
            digest.save()
    except IntegrityError:
        return False
    Notification.objects.filter(pk__in=[n.pk for n in held]).update(
        email_status=S.DIGESTED, digest=digest)
    if digest.email_status == S.PENDING:
        transaction.on_commit(lambda pk=digest.pk: _enqueue([pk]), robust=True)
    return True


def notifications_batch_digest(*, notification_ids: Sequence[int], key: str) -> int:
    """One digest per recipient for the rows a ``notifications_batched`` block held
    (those still held: a row the daily digest took already is left alone). ``key``
    names the batch, so running this twice sends nothing twice."""
    now = timezone.now()
    sent = 0
    with transaction.atomic():
        held = list(Notification.objects.select_for_update(of=("self",))
                    .select_related("recipient")
                    .filter(pk__in=list(notification_ids), email_status=S.HELD)
                    .order_by("recipient_id", "created_at", "id"))
        by_recipient: dict[int, list[Notification]] = defaultdict(list)
        for row in held:
            by_recipient[row.recipient_id].append(row)
        for user_id, rows in by_recipient.items():
            _digest_write(rows, dedupe_key=f"digest:{key}:{user_id}", now=now)
            sent += 1
    return sent


# --- Reminders ------------------------------------------------------------------------


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


def reminder_due_at(day) -> datetime:
    """When a reminder of that day is due: REMINDER_HOUR_UTC of the day, in UTC."""
    from datetime import UTC, time

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
        _reminders_insert_values(fresh, page_size=batch_size)
    else:
        Reminder.objects.bulk_create(
            [row if isinstance(row, Reminder) else Reminder(**row) for row in fresh],
            ignore_conflicts=True, batch_size=batch_size)
    return len(fresh)


def _reminders_insert_values(rows: list[dict], *, page_size: int) -> None:
    """PostgreSQL: one multi-row INSERT ... ON CONFLICT (key) DO NOTHING per page, with
    values taken straight from the dicts (no model instance, no SQL compiled per row).
    Fields a dict leaves out get what Django would give them (default, auto_now_add)."""
    from psycopg2.extras import Json

    now = timezone.now()
    fields = [f for f in Reminder._meta.concrete_fields if not f.primary_key]
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            defaults[f.attname] = now
        elif f.has_default() or f.null:
            defaults[f.attname] = f.get_default()
    json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    names = [f.attname for f in fields]
    values = []
    for row in rows:
        values.append(tuple(
            Json(row.get(name, defaults.get(name))) if name in json_fields
            else row[name] if name in row else defaults[name] for name in names))
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


def reminders_table_analyze(*, inserted: int) -> None:
    """After a scan that added many rows, refresh the planner's statistics of the
    reminder table: the next scan's anti-join must know the table is no longer small."""
    if connection.vendor == "postgresql" and inserted >= 10_000:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Reminder._meta.db_table)}")
