"""The daily digest: one e-mail with everything held for a user since the last one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from portal.notifications.models import (
    Notification,
)
from portal.notifications.services import S, _enqueue, notification_subject, notification_summary


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
