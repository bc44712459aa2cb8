"""The demo data leaves reminders for beat to send (make run shows them at once)."""

import pytest
from django.utils import timezone

from portal.notifications.models import Notification
from portal.notifications.reminders import reminders_dispatch
from recommendations.demo import demo_load
from recommendations.reminders import DeadlineReminderKind, reminders_scan_all

pytestmark = pytest.mark.django_db


def test_demo_data_has_due_reminders():
    demo_load()
    reminders_scan_all(today=timezone.now().date())
    assert reminders_dispatch() > 0
    kinds = set(Notification.objects.filter(recipient__email="focal.pakistan@demo.untoc.test")
                .values_list("kind", flat=True))
    assert {DeadlineReminderKind.RESPONSE_OVERDUE, DeadlineReminderKind.ACTION_DUE,
            DeadlineReminderKind.ACTION_OVERDUE} <= kinds
    assert Notification.objects.filter(recipient__email="fia.contact@demo.untoc.test",
                                       kind=DeadlineReminderKind.ACTION_DUE).exists()
    assert Notification.objects.filter(recipient__email="unodc.staff@demo.untoc.test",
                                       kind=DeadlineReminderKind.RESPONSE_ESCALATION).exists()
