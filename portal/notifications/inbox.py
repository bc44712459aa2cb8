"""The user's own notifications: marking them read, choosing how each category reaches
them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications.models import (
    Category,
    Channel,
    Mode,
    Notification,
    NotificationPreference,
)
from portal.notifications.services import _forget_unread


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
