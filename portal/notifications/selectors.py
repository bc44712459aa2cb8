"""Reads of the notification layer, scoped to the user."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from portal.notifications.models import Notification


def inbox_of(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = (Notification.objects.filter(recipient=user).exclude(kind=Notification.DIGEST_KIND)
          .select_related("recipient"))
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def outbox_for_staff(*, status: str = "", kind: str = "", search: str = "",
                     possibly_sent_twice: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.select_related("recipient").order_by("-created_at", "-id")
    if possibly_sent_twice:
        qs = qs.filter(uncertain_attempts__gt=0)
    if status:
        qs = qs.filter(email_status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(Q(recipient__email__icontains=search) | Q(kind__icontains=search))
    return qs
