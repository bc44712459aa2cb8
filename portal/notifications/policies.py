"""Who may do what with notifications (the inbox is always the user's own)."""

from __future__ import annotations


def can_view_outbox(user) -> bool:
    """The staff page of pending, sent and failed e-mails: UNODC staff only."""
    return bool(user.is_authenticated and (user.is_unodc_staff or user.is_superuser))


def can_retry_notification(user, notification) -> bool:
    return can_view_outbox(user) and notification.email_status == "failed"
