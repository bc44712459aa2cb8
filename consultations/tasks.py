"""Thin Celery tasks of the consultations app."""

from celery import shared_task
from django.utils import timezone

from consultations.reminders import reminders_scan_events


@shared_task(name="consultations.reminders_scan_events")
def scan_event_reminders() -> int:
    return reminders_scan_events(today=timezone.now().date())
