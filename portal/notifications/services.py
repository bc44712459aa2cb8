"""Writing and delivering notifications. Other apps call ``notifications_create``
inside their own transaction; this module never calls them back."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation

from portal.notifications.models import Notification

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5
RETRY_BACKOFF = [60, 300, 900, 3600]  # seconds after attempts 1..4


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
    """One outbox row per distinct active recipient; delivery is enqueued on commit.

    With ``dedupe_key_prefix`` the row's unique key is ``<prefix>:<recipient id>``, and a
    row that already exists is skipped: exactly one notification per purpose.
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
    if not rows:
        return []
    if dedupe_key_prefix:
        keys = [r.dedupe_key for r in rows]
        existing = set(Notification.objects.filter(dedupe_key__in=keys)
                       .values_list("dedupe_key", flat=True))
        rows = [r for r in rows if r.dedupe_key not in existing]
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        rows = list(Notification.objects.filter(dedupe_key__in=[r.dedupe_key for r in rows]))
    else:
        rows = Notification.objects.bulk_create(rows)
    ids = [r.pk for r in rows if r.email_status == Notification.EmailStatus.PENDING]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return rows


def _enqueue(ids: list[int]) -> None:
    from portal.notifications.tasks import deliver_notification

    for pk in ids:
        try:
            deliver_notification.delay(pk)
        except Exception:  # broker down: the sweeper delivers it later
            logger.warning("could not enqueue notification %s; the sweeper will", pk,
                           exc_info=True)
            return


def notification_render(notification: Notification) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the e-mail, in the recipient's language."""
    user = notification.recipient
    context = {
        "notification": notification,
        "recipient": user,
        "payload": notification.payload,
        "url": settings.SITE_URL + notification.url if notification.url else settings.SITE_URL,
        "preferences_url": settings.SITE_URL + "/notifications/preferences/",
        "SITE_URL": settings.SITE_URL,
    }
    base = f"notifications/email/{notification.kind.replace('.', '_')}"
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = select_template([f"{base}_subject.txt", "notifications/email/default_subject.txt"]
                                  ).render(context)
        text = select_template([f"{base}.txt", "notifications/email/default.txt"]).render(context)
        html = render_to_string("notifications/email/wrapper.html",
                                {**context, "body": text})
    return " ".join(subject.split()), text, html


def notification_deliver(*, notification_id: int) -> str:
    """Send one notification's e-mail at most once. Safe to call twice or concurrently:
    the row is locked while sending and skipped once it is no longer pending."""
    with transaction.atomic():
        notification = (Notification.objects.select_for_update(skip_locked=True)
                        .select_related("recipient")
                        .filter(pk=notification_id,
                                email_status=Notification.EmailStatus.PENDING).first())
        if notification is None:
            return "skipped"
        if notification.next_attempt_at and notification.next_attempt_at > timezone.now():
            return "not-yet"
        subject, text, html = notification_render(notification)
        message = EmailMultiAlternatives(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=text,
            to=[notification.recipient.email],
            headers={"Message-ID": f"<notification-{notification.pk}@untoc-portal>"},
        )
        message.attach_alternative(html, "text/html")
        notification.email_attempts += 1
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as exc:
            notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if notification.email_attempts >= MAX_EMAIL_ATTEMPTS:
                notification.email_status = Notification.EmailStatus.FAILED
            else:
                delay = RETRY_BACKOFF[min(notification.email_attempts, len(RETRY_BACKOFF)) - 1]
                notification.next_attempt_at = timezone.now() + timedelta(seconds=delay)
            notification.save(update_fields=["email_attempts", "last_error", "email_status",
                                             "next_attempt_at"])
            return "retry" if notification.email_status == "pending" else "failed"
        notification.email_status = Notification.EmailStatus.SENT
        notification.email_sent_at = timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["email_attempts", "email_status", "email_sent_at",
                                         "last_error"])
        return "sent"


def notifications_sweep(*, limit: int = 500) -> int:
    """Enqueue what is still pending and due (the broker was down, a retry is due)."""
    now = timezone.now()
    ids = list(
        Notification.objects.filter(email_status=Notification.EmailStatus.PENDING,
                                    created_at__lte=now - timedelta(seconds=30))
        .exclude(next_attempt_at__gt=now)
        .order_by("created_at").values_list("pk", flat=True)[:limit]
    )
    _enqueue(ids)
    return len(ids)


def notification_retry(*, notification_id: int) -> None:
    """Staff action: send a failed notification again."""
    with transaction.atomic():
        updated = Notification.objects.filter(
            pk=notification_id, email_status=Notification.EmailStatus.FAILED
        ).update(email_status=Notification.EmailStatus.PENDING, email_attempts=0,
                 next_attempt_at=None)
        if updated:
            transaction.on_commit(lambda: _enqueue([notification_id]), robust=True)
