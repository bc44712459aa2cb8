"""An attempt is recorded before the send and its result after: bookkeeping that fails
never causes a resend; an attempt left open is resent once, with the same Message-ID,
and shown as "possibly sent twice"."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError
from django.db.models.query import QuerySet
from django.urls import reverse
from django.utils import timezone

from portal.notifications import services
from portal.notifications.models import Category, Notification
from portal.notifications.services import (
    notification_deliver,
    notification_message_id,
    notifications_create,
    notifications_reconcile,
    notifications_sweep,
)
from recommendations.events import RecommendationEventKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
S = Notification.EmailStatus


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch):
    monkeypatch.setattr(services, "RECORD_RETRY_DELAYS", (0, 0, 0))


def create(email="focal@example.org") -> Notification:
    [row] = notifications_create(
        recipients=[UserFactory(email=email)], category=Category.RESPONSE, urgent=True,
        kind=RecommendationEventKind.SUBMITTED, url="/recommendations/1/",
        payload={"subject": "New recommendation", "summary": "Please respond."})
    return row


@pytest.fixture
def locked(monkeypatch):
    """The database refuses the write of a result ("sent") ``times`` times."""
    state = {"times": 0, "refused": 0}
    original = QuerySet.update

    def update(self, **kwargs):
        if self.model is Notification and kwargs.get("email_status") == S.SENT \
                and state["times"] > 0:
            state["times"] -= 1
            state["refused"] += 1
            raise OperationalError("database is locked")
        return original(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update)
    return state


def give_up_age(row):
    """Make the row's open attempt older than the sweeper's threshold."""
    from django.conf import settings

    Notification.objects.filter(pk=row.pk).update(attempt_started_at=timezone.now() - timedelta(
        seconds=settings.NOTIFICATION_SENDING_STALE_SECONDS + 1))


def test_a_lock_error_that_passes_is_retried_and_the_email_sent_once(mailoutbox, locked):
    locked["times"] = 2
    row = create()
    assert notification_deliver(notification_id=row.pk) == "sent"
    assert locked["refused"] == 2 and len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.email_status == S.SENT and row.email_attempts == 1
    assert row.uncertain_attempts == 0 and row.attempt_id is None


def test_a_result_that_cannot_be_recorded_leaves_the_row_sending_until_the_threshold(
        mailoutbox, locked, enqueued):
    locked["times"] = 100
    row = create()
    assert notification_deliver(notification_id=row.pk) == "unrecorded"
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.email_status == S.SENDING and row.email_attempts == 1 and row.attempt_id
    locked["times"] = 0
    # Before the threshold: neither the sweeper nor a redelivered task sends it again.
    enqueued.clear()
    notifications_sweep(min_age_seconds=0)
    assert enqueued == []
    assert notification_deliver(notification_id=row.pk) == "skipped"
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.email_status == S.SENDING and row.uncertain_attempts == 0

    # After it: given up, sent again once with the same Message-ID, flagged.
    give_up_age(row)
    assert notifications_sweep(min_age_seconds=0) == 1
    assert enqueued == [row.pk]
    assert notification_deliver(notification_id=row.pk) == "sent"
    assert len(mailoutbox) == 2
    ids = {m.extra_headers["Message-ID"] for m in mailoutbox}
    assert ids == {notification_message_id(notification_id=row.pk)}
    assert {m.message()["Message-ID"] for m in mailoutbox} == ids
    row.refresh_from_db()
    assert row.email_status == S.SENT and row.email_attempts == 2
    assert row.uncertain_attempts == 1 and row.possibly_sent_twice
    assert "attempt 1 is unknown" in row.last_error
    # Nothing more happens.
    enqueued.clear()
    notifications_sweep(min_age_seconds=0)
    assert enqueued == [] and notification_deliver(notification_id=row.pk) == "skipped"
    assert len(mailoutbox) == 2


def test_a_resend_left_open_as_well_is_failed_for_staff_not_resent_again(mailoutbox, locked):
    locked["times"] = 100
    row = create()
    assert notification_deliver(notification_id=row.pk) == "unrecorded"
    give_up_age(row)
    assert notifications_reconcile() == 1
    assert notification_deliver(notification_id=row.pk) == "unrecorded"
    give_up_age(row)
    assert notifications_reconcile() == 1
    row.refresh_from_db()
    assert row.email_status == S.FAILED and row.uncertain_attempts == 2
    assert row.email_attempts == 2 and "Not sent again automatically" in row.last_error
    assert notification_deliver(notification_id=row.pk) == "skipped"
    assert len(mailoutbox) == 2


def test_a_late_result_of_a_given_up_attempt_changes_nothing(mailoutbox):
    row = create()
    Notification.objects.filter(pk=row.pk).update(
        email_status=S.SENDING, attempt_id="00000000-0000-4000-8000-000000000001",
        attempt_started_at=timezone.now() - timedelta(days=1), email_attempts=1)
    assert notifications_reconcile() == 1
    # The old worker comes back and tries to record its result: the row is not its own.
    assert services._record(notification_id=row.pk,
                            attempt="00000000-0000-4000-8000-000000000001",
                            email_status=S.SENT) == "superseded"
    row.refresh_from_db()
    assert row.email_status == S.PENDING and row.uncertain_attempts == 1


class ReentrantBackend(BaseEmailBackend):
    """While the mail server takes the message, a second delivery of the same row runs
    (a task redelivered to another worker, or the sweeper's copy)."""

    inner: list = []

    def send_messages(self, messages):
        for message in messages:
            pk = int(message.extra_headers["Message-ID"].split("-")[1].split("@")[0])
            ReentrantBackend.inner.append(notification_deliver(notification_id=pk))
        mail.outbox.extend(messages)
        return len(messages)


def test_a_concurrent_second_delivery_of_the_same_row_sends_nothing(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery_attempts.ReentrantBackend"
    ReentrantBackend.inner = []
    row = create()
    assert notification_deliver(notification_id=row.pk) == "sent"
    assert ReentrantBackend.inner == ["skipped"]
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.email_status == S.SENT and row.email_attempts == 1


def test_the_message_id_names_the_notification_and_the_site(settings, mailoutbox):
    settings.SITE_URL = "https://portal.example.org:8443"
    row = create()
    notification_deliver(notification_id=row.pk)
    assert mailoutbox[0].message()["Message-ID"] == f"<notification-{row.pk}@portal.example.org>"


def test_the_outbox_shows_open_attempts_and_possible_duplicates(
        client, django_assert_max_num_queries):
    client.force_login(UserFactory(is_unodc_staff=True))
    twice, sending = create("twice@example.org"), create("sending@example.org")
    Notification.objects.filter(pk=twice.pk).update(
        email_status=S.SENT, email_attempts=2, uncertain_attempts=1, email_sent_at=timezone.now(),
        last_error="The result of attempt 1 is unknown")
    Notification.objects.filter(pk=sending.pk).update(
        email_status=S.SENDING, email_attempts=3, attempt_started_at=timezone.now())
    for n in range(30):
        create(f"other{n}@example.org")
    url = reverse("notifications:outbox")
    with django_assert_max_num_queries(12):
        body = client.get(url).content.decode()
    assert body.count("Possibly sent twice") == 1
    assert "The result of attempt 1 is unknown" in body and "Being sent" in body
    assert "1 with an unknown result" in body
    with django_assert_max_num_queries(12):
        response = client.get(url, {"twice": "on"})
    body = response.content.decode()
    assert "twice@example.org" in body and "sending@example.org" not in body
    # Bad filter input is a form error, never a 500.
    assert client.get(url, {"status": "nonsense", "twice": "x" * 500}).status_code == 200
