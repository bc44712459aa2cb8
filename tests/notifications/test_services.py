"""The outbox: rows written with the change, delivered once, retried, failed visibly."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from portal.api.exceptions import exception_handler
from portal.core.events import event_record
from portal.notifications.models import Category, Notification
from portal.notifications.services import (
    MAX_EMAIL_ATTEMPTS,
    notification_deliver,
    notification_retry,
    notifications_create,
    notifications_sweep,
)
from recommendations.events import RecommendationEventKind
from tests.factories import FocalPersonFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Notification.EmailStatus


def create(recipients, **extra):
    extra.setdefault("category", Category.RESPONSE)
    extra.setdefault("kind", "recommendation.responded")
    extra.setdefault("payload", {"subject": "A response is published",
                                 "summary": "Pakistan supported PAK-2022-0001."})
    return notifications_create(recipients=recipients, url="/recommendations/1/", **extra)


def test_one_row_per_distinct_active_recipient(django_capture_on_commit_callbacks, enqueued):
    a, b = UserFactory(), UserFactory()
    inactive = UserFactory(is_active=False)
    org = OrganizationFactory()
    event = event_record(kind=RecommendationEventKind.RESPONDED, target=org)
    with django_capture_on_commit_callbacks(execute=True):
        rows = create([a, b, a, None, inactive], event=event)
    assert sorted(r.recipient_id for r in rows) == sorted([a.pk, b.pk])
    assert all(r.event_id == event.pk for r in rows)
    assert sorted(enqueued) == sorted(r.pk for r in rows)


def test_nothing_is_enqueued_when_the_transaction_rolls_back(enqueued):
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        create([user])
        raise RuntimeError("the change failed")
    assert not Notification.objects.exists()
    assert enqueued == []


def test_dedupe_prefix_makes_one_row_per_purpose(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = create([user], dedupe_key_prefix="invitation:7")
        second = create([user], dedupe_key_prefix="invitation:7")
    assert [r.pk for r in first] == [r.pk for r in second]
    assert Notification.objects.count() == 1


def test_delivery_sends_one_email_even_when_the_task_runs_twice(mailoutbox):
    user = UserFactory(email="focal@example.org", full_name="Ehsan Sadiq", language="fr")
    [row] = create([user])
    assert notification_deliver(notification_id=row.pk) == "sent"
    assert notification_deliver(notification_id=row.pk) == "skipped"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["focal@example.org"]
    assert "A response is published" in message.subject
    assert "/recommendations/1/" in message.body
    assert "/notifications/preferences/" in message.body
    html = message.alternatives[0][0]
    assert 'lang="fr"' in html and "/notifications/preferences/" in html
    row.refresh_from_db()
    assert row.email_status == S.SENT and row.email_attempts == 1 and row.email_sent_at


class FlakyBackend(BaseEmailBackend):
    """An e-mail backend that fails ``failures`` times, then sends."""

    failures = 0
    error: Exception = smtplib.SMTPServerDisconnected("connection lost")

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise FlakyBackend.error
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def flaky(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.notifications.test_services.FlakyBackend"
    FlakyBackend.error = smtplib.SMTPServerDisconnected("connection lost")
    return FlakyBackend


def _due_now(row):
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now()
                                                  - timedelta(seconds=1))


def test_mail_server_errors_are_retried_with_backoff_then_sent_once(flaky, mailoutbox):
    flaky.failures = 2
    [row] = create([UserFactory()])
    assert notification_deliver(notification_id=row.pk) == "retry"
    row.refresh_from_db()
    assert row.email_status == S.PENDING and row.next_attempt_at > timezone.now()
    assert "connection lost" in row.last_error
    assert notification_deliver(notification_id=row.pk) == "not-yet"
    _due_now(row)
    assert notification_deliver(notification_id=row.pk) == "retry"
    _due_now(row)
    assert notification_deliver(notification_id=row.pk) == "sent"
    assert notification_deliver(notification_id=row.pk) == "skipped"
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.email_attempts == 3 and row.last_error == ""


def test_after_the_last_attempt_the_row_is_failed_and_staff_can_retry(
        flaky, mailoutbox, django_capture_on_commit_callbacks, enqueued):
    flaky.failures = MAX_EMAIL_ATTEMPTS
    [row] = create([UserFactory()])
    for _ in range(MAX_EMAIL_ATTEMPTS):
        _due_now(row)
        notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert row.email_status == S.FAILED and mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_retry(notification_id=row.pk) is True
    assert enqueued[-1] == row.pk
    assert notification_deliver(notification_id=row.pk) == "sent"
    assert len(mailoutbox) == 1
    assert notification_retry(notification_id=row.pk) is False  # only failed ones


def test_a_permanent_refusal_fails_at_once(flaky):
    flaky.failures = 1
    flaky.error = smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")})
    [row] = create([UserFactory()])
    assert notification_deliver(notification_id=row.pk) == "failed"


def test_retry_is_for_staff_only():
    """The application's permission error (a 403 on the web and in the API), not
    Python's PermissionError (which nothing maps, so a 500)."""
    [row] = create([UserFactory()])
    with pytest.raises(PermissionDenied):
        notification_retry(notification_id=row.pk, actor=UserFactory())


def test_the_sweeper_enqueues_what_is_pending_and_due(enqueued):
    user = UserFactory()
    [old] = create([user])
    [fresh] = create([user])
    [later] = create([user])
    [sent] = create([user])
    past = timezone.now() - timedelta(minutes=5)
    Notification.objects.filter(pk__in=[old.pk, later.pk, sent.pk]).update(created_at=past)
    Notification.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5))
    Notification.objects.filter(pk=sent.pk).update(email_status=S.SENT)
    enqueued.clear()
    assert notifications_sweep() == 1
    assert enqueued == [old.pk]
    assert fresh.pk not in enqueued


def test_an_unreachable_broker_does_not_break_the_write(monkeypatch,
                                                       django_capture_on_commit_callbacks):
    from portal.notifications import tasks

    def down(ids):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.deliver_notifications, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        rows = create([UserFactory()])
    assert Notification.objects.get(pk=rows[0].pk).email_status == S.PENDING


def test_services_of_the_apps_can_notify_a_focal_person(mailoutbox):
    focal = FocalPersonFactory().user
    [row] = create([focal], category=Category.SUBMISSION, kind=RecommendationEventKind.SUBMITTED)
    assert row.email_status == S.PENDING  # focal persons get submissions at once
    notification_deliver(notification_id=row.pk)
    assert len(mailoutbox) == 1


class CountingBackend(BaseEmailBackend):
    """Counts how often a connection is opened; sends into the test outbox."""

    opened = 0

    def open(self):
        if getattr(self, "_open", False):
            return False
        CountingBackend.opened += 1
        self._open = True
        return True

    def close(self):
        self._open = False

    def send_messages(self, messages):
        mail.outbox.extend(messages)
        return len(messages)


def test_one_connection_serves_many_e_mails_and_is_dropped_after_an_error(
        settings, mailoutbox, flaky):
    from portal.notifications import services

    services._mail.drop()
    settings.EMAIL_BACKEND = "tests.notifications.test_services.CountingBackend"
    CountingBackend.opened = 0
    rows = create([UserFactory() for _ in range(5)])
    for row in rows:
        assert notification_deliver(notification_id=row.pk) == "sent"
    assert CountingBackend.opened == 1 and len(mailoutbox) == 5
    # A different mail server (settings) gets its own connection ...
    settings.EMAIL_BACKEND = "tests.notifications.test_services.FlakyBackend"
    flaky.failures = 1
    [row] = create([UserFactory()])
    assert notification_deliver(notification_id=row.pk) == "retry"
    assert services._mail.backend is None  # ... and an error drops it
    _due_now(row)
    assert notification_deliver(notification_id=row.pk) == "sent"
    services._mail.drop()


def test_a_batch_is_delivered_over_one_connection_and_stops_when_the_server_fails(
        settings, mailoutbox, flaky, enqueued, django_capture_on_commit_callbacks):
    from portal.notifications.services import notifications_deliver_batch

    settings.NOTIFICATION_DELIVERY_BATCH = 2
    with django_capture_on_commit_callbacks(execute=True):
        rows = create([UserFactory() for _ in range(5)])
    assert enqueued == [r.pk for r in rows]  # every row is published (in batches)
    flaky.failures = 0
    assert notifications_deliver_batch(notification_ids=[r.pk for r in rows[:2]]) == {
        "sent": 2}
    flaky.failures = 1
    outcome = notifications_deliver_batch(notification_ids=[r.pk for r in rows[2:]])
    assert outcome == {"retry": 1, "deferred": 2}  # the rest wait for the sweeper
    assert len(mailoutbox) == 2
    assert Notification.objects.filter(pk__in=[r.pk for r in rows[3:]],
                                       email_status=S.PENDING).count() == 2


def test_plain_text_is_not_html_escaped_but_the_html_part_is(mailoutbox):
    title = "O'Brien & <Partners>"
    [row] = create([UserFactory()], payload={"subject": title, "summary": title})
    notification_deliver(notification_id=row.pk)
    [email] = mailoutbox
    assert title in email.subject and title in email.body
    html = email.alternatives[0][0]
    assert "O&#x27;Brien &amp; &lt;Partners&gt;" in html and "<Partners>" not in html


def test_a_refused_retry_is_a_403_in_the_api():
    [row] = create([UserFactory()])
    with pytest.raises(PermissionDenied) as refused:
        notification_retry(notification_id=row.pk, actor=UserFactory())
    response = exception_handler(refused.value, {})
    assert response.status_code == 403
    assert response.data["error"]["code"] == "permission_denied"
