"""Thin Celery tasks: each calls one service."""

from celery import shared_task

from portal.notifications import digest, reminders, services


@shared_task(name="notifications.deliver")
def deliver_notification(notification_id: int) -> str:
    return services.notification_deliver(notification_id=notification_id)


@shared_task(name="notifications.deliver_batch")
def deliver_notifications(notification_ids: list[int]) -> dict:
    return services.notifications_deliver_batch(notification_ids=notification_ids)


@shared_task(name="notifications.sweep")
def sweep_notifications() -> int:
    return services.notifications_sweep()


@shared_task(name="notifications.digest")
def send_digests() -> int:
    return digest.notifications_digest_send()


@shared_task(name="notifications.reminders_dispatch")
def dispatch_reminders() -> int:
    return reminders.reminders_dispatch()
