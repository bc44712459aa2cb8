"""Operators run the reminder scans now instead of waiting for beat."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from portal.notifications.models import Notification, Reminder
from recommendations.events import RecommendationEventKind
from recommendations.models import FollowUpAction
from tests.factories import FocalPersonFactory, OrganizationFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 10)


def test_reminders_scan_as_of_a_day_inserts_and_sends_once(django_capture_on_commit_callbacks):
    focal = FocalPersonFactory()
    org = OrganizationFactory(country=focal.party)
    RecommendationFactory(organization=org, response_due_on=DAY - dt.timedelta(days=3))
    FollowUpAction.objects.create(party=focal.party, title="Late", due_on=DAY - dt.timedelta(1))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reminders_scan", "--today", DAY.isoformat(), stdout=out)
        call_command("reminders_scan", "--today", DAY.isoformat(), stdout=StringIO())
    assert "dispatched: 2" in out.getvalue()
    assert Reminder.objects.count() == 2
    assert Notification.objects.filter(recipient=focal.user).count() == 2


def test_reminders_scan_without_dispatch_only_inserts():
    focal = FocalPersonFactory()
    RecommendationFactory(organization=OrganizationFactory(country=focal.party),
                          response_due_on=DAY - dt.timedelta(days=3))
    call_command("reminders_scan", "--today", DAY.isoformat(), "--no-dispatch",
                 stdout=StringIO())
    assert Reminder.objects.filter(notification__isnull=True).count() == 1
    assert not Notification.objects.exists()


def test_reminders_scan_rejects_a_bad_date_with_a_sentence():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("reminders_scan", "--today", "20/11/2023")


def test_notifications_deliver_sends_what_is_due_once_and_prints_counts(mailoutbox):
    from django.utils import timezone

    from portal.notifications.models import Category
    from portal.notifications.services import notifications_create
    from tests.factories import UserFactory

    rows = notifications_create(
        recipients=[UserFactory(email="a@example.org"), UserFactory(email="b@example.org")],
        category=Category.RESPONSE, urgent=True, kind=RecommendationEventKind.SUBMITTED,
        url="/recommendations/1/", payload={"subject": "New", "summary": "Respond."})
    later = rows[1]
    Notification.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + dt.timedelta(hours=1))
    out = StringIO()
    call_command("notifications_deliver", stdout=out)
    assert "e-mails sent: 1" in out.getvalue()
    assert [m.to for m in mailoutbox] == [["a@example.org"]]
    out = StringIO()
    call_command("notifications_deliver", stdout=out)  # nothing twice
    assert "e-mails sent: 0" in out.getvalue() and len(mailoutbox) == 1
    assert Notification.objects.get(pk=later.pk).email_status == "pending"


def test_notifications_deliver_rejects_a_bad_limit():
    with pytest.raises(CommandError, match="--limit"):
        call_command("notifications_deliver", "--limit", "0")
