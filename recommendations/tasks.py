"""Thin Celery tasks of the recommendations app."""

from celery import shared_task
from django.utils import timezone

from portal.notifications.reminders import reminders_dispatch
from recommendations.reminders import reminders_scan_all


@shared_task(name="recommendations.reminders_scan")
def scan_reminders() -> dict:
    """The one beat entry for every reminder scan; sends the due ones straight after."""
    counts = reminders_scan_all(today=timezone.now().date())
    counts["dispatched"] = reminders_dispatch()
    return counts
