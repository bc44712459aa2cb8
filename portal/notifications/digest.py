"""The daily digest: one e-mail with everything held for a user since the last one."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from portal.notifications.models import (
    Notification,
)
from portal.notifications.services import S, _enqueue, notification_subject, notification_summary


def notifications_digest_send(*, now: datetime | None = None) -> int:
    """Gather each user's held e-mails into one digest notification (delivered like any
    other). Idempotent: held rows are locked and marked in the digest's transaction, and
    the digest's key names the newest row it carries."""
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
            recipient = held[0].recipient
            with translation.override(recipient.language or settings.LANGUAGE_CODE):
                items = [{"subject": notification_subject(n), "url": n.url,
                          "summary": notification_summary(n)[:500],
                          "at": n.created_at.isoformat()} for n in held]
            digest = Notification(
                recipient=recipient, category=held[0].category, kind=Notification.DIGEST_KIND,
                url="/notifications/", payload={"items": items, "count": len(items)},
                dedupe_key=f"digest:{user_id}:{held[-1].pk}", read_at=now,
                email_status=S.PENDING if recipient.email and recipient.is_active
                else S.SKIPPED,
            )
            Notification.objects.bulk_create([digest], ignore_conflicts=True)
            digest = Notification.objects.get(dedupe_key=digest.dedupe_key)
            Notification.objects.filter(pk__in=[n.pk for n in held]).update(
                email_status=S.DIGESTED, digest=digest)
            if digest.email_status == S.PENDING:
                transaction.on_commit(lambda pk=digest.pk: _enqueue([pk]), robust=True)
            sent += 1
    return sent
