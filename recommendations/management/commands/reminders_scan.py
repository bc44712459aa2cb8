"""Run every reminder scan now, then send the reminders that are due: what beat does
every 15 minutes, for operators and staff who cannot wait.

    python manage.py reminders_scan                    # as of today
    python manage.py reminders_scan --today 2023-11-20 # as if it were that day
    python manage.py reminders_scan --no-dispatch      # insert reminder rows only
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.notifications.reminders import reminder_due_at, reminders_dispatch
from recommendations.reminders import reminders_scan_all


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today {value!r} is not a date: use YYYY-MM-DD, "
                           "e.g. --today 2023-11-20.") from exc


class Command(BaseCommand):
    help = "Insert the reminders that are due by today (unique keys: reruns add nothing) " \
           "and send the due ones."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=str, default=None,
                            help="Scan as of this day (YYYY-MM-DD); default: today (UTC).")
        parser.add_argument("--no-dispatch", action="store_true",
                            help="Only insert reminder rows; beat's dispatcher sends them.")

    def handle(self, *args, today=None, no_dispatch=False, **options):
        day = _day(today) if today else timezone.now().date()
        counts = reminders_scan_all(today=day)
        for name, count in sorted(counts.items()):
            self.stdout.write(f"{name}: {count} new reminder(s)")
        if not no_dispatch:
            # As if it were that day: what is due by its reminder hour goes out now.
            now = max(timezone.now(), reminder_due_at(day))
            sent = reminders_dispatch(now=now)
            self.stdout.write(f"dispatched: {sent} reminder(s) turned into notifications")
        self.stdout.write(self.style.SUCCESS(f"Reminder scan as of {day.isoformat()} done."))
