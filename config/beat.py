"""Celery beat's periodic tasks: what runs how often (settings.CELERY_BEAT_SCHEDULE).
Every interval can be set from the environment."""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab

from config.env import env_int


def beat_schedule(*, heartbeat_seconds: int) -> dict[str, dict[str, Any]]:
    return {
        "heartbeat": {
            "task": "portal.core.tasks.heartbeat",
            "schedule": heartbeat_seconds,
        },
        "sweep-notifications": {
            "task": "notifications.sweep",
            "schedule": env_int("NOTIFICATION_SWEEP_SECONDS", 60),
        },
        # Reminders: the scans insert reminder rows (unique keys), the dispatcher sends the due
        # ones. Deadlines are dates on rows, never countdowns in the broker.
        "scan-reminders": {
            "task": "recommendations.reminders_scan",
            "schedule": env_int("REMINDER_SCAN_SECONDS", 15 * 60),
        },
        "dispatch-reminders": {
            "task": "notifications.reminders_dispatch",
            "schedule": env_int("REMINDER_DISPATCH_SECONDS", 60),
        },
        "daily-digest": {
            "task": "notifications.digest",
            "schedule": crontab(hour=env_int("DIGEST_HOUR_UTC", 6), minute=0),
        },
        # spreadsheet imports confirmed (or checks asked for) while the broker was down
        "sweep-imports": {"task": "imports.sweep", "schedule": 60},
        # uploaded spreadsheets: abandoned ones, and any left by an import that ended
        "sweep-import-uploads": {"task": "imports.uploads_sweep", "schedule": crontab(minute=17)},
        # read models (dashboards, scorecard) left stale while the broker or cache was down
        "refresh-read-models": {
            "task": "portal.core.tasks.refresh_read_models",
            "schedule": env_int("READ_MODEL_SWEEP_SECONDS", 300),
        },
    }
