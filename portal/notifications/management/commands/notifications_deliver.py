"""Deliver now what is due: what the worker and beat do over a few minutes, for
operators who cannot wait (or run without a worker).

    python manage.py notifications_deliver            # up to 500 e-mails
    python manage.py notifications_deliver --limit 50
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from portal.notifications.reminders import notifications_deliver_due

OUTCOMES = [
    ("sent", "sent"),
    ("retry", "to retry later (the mail server refused)"),
    ("failed", "failed for good (see the e-mail outbox)"),
    ("not-yet", "waiting for their retry time"),
    ("skipped", "already handled by a worker"),
    ("deferred", "left for the next run"),
    ("unrecorded", "sent but the result could not be recorded"),
]


class Command(BaseCommand):
    help = (
        "Turn due reminders into notifications and send every pending e-mail that is "
        "due now, in this process; prints the counts. Reruns send nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=500,
            help="At most this many e-mails per run (default 500).",
        )

    def handle(self, *args, limit=500, **options):
        if limit < 1:
            raise CommandError("--limit must be 1 or more.")
        counts = notifications_deliver_due(limit=limit)
        self.stdout.write(f"reminders: {counts.get('reminders', 0)} turned into notifications")
        if counts.get("reconciled"):
            self.stdout.write(f"attempts left open and given up: {counts['reconciled']}")
        for key, label in OUTCOMES:
            if key == "sent" or counts.get(key):
                self.stdout.write(f"e-mails {label}: {counts.get(key, 0)}")
        self.stdout.write(self.style.SUCCESS("Delivery done."))
