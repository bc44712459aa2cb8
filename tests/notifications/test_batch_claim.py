"""Delivery claims a chunk of rows in one statement and records the results in bulk: a
row is claimed by one attempt only, even by two workers at the same moment; the sent
rows of a chunk are recorded in one statement whatever their number; rows claimed but
not sent go back to the queue; a worker that dies mid-chunk leaves its rows to the
sweeper."""

import smtplib
import threading
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.notifications import services
from portal.notifications.models import Category, Notification
from portal.notifications.services import (
    notifications_create,
    notifications_deliver_batch,
    notifications_reconcile,
)
from tests.factories import UserFactory

S = Notification.EmailStatus


def create(n: int) -> list[int]:
    rows = notifications_create(
        recipients=[UserFactory() for _ in range(n)], category=Category.RESPONSE,
        kind="recommendation.submitted", url="/recommendations/1/", urgent=True,
        payload={"subject": "New recommendation", "summary": "Please respond."})
    return [row.pk for row in rows]


def _updates_to(status, queries) -> list[str]:
    return [q["sql"] for q in queries
            if q["sql"].startswith("UPDATE")
            and f"\"email_status\" = '{status}'" in q["sql"].split(" WHERE ")[0]]


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 12])
def test_a_chunk_is_claimed_and_recorded_in_statements_that_do_not_grow_with_it(
        n, settings, mailoutbox):
    settings.NOTIFICATION_CLAIM_CHUNK = 50
    ids = create(n)
    with CaptureQueriesContext(connection) as queries:
        assert notifications_deliver_batch(notification_ids=ids) == {"sent": n}
    assert len(_updates_to(S.SENT, queries.captured_queries)) == 1
    assert len(_updates_to(S.SENDING, queries.captured_queries)) == 1
    # Claim, claimed rows, sent rows (and the transaction around the claim): the same
    # statements for 3 e-mails as for 12.
    assert len(queries.captured_queries) <= 6
    assert len(mailoutbox) == n
    rows = Notification.objects.filter(pk__in=ids)
    assert all(r.email_status == S.SENT and r.email_attempts == 1 and r.email_sent_at
               and r.attempt_id is None for r in rows)


@pytest.mark.django_db
def test_each_row_keeps_the_time_its_own_email_was_sent(settings, mailoutbox):
    settings.NOTIFICATION_CLAIM_CHUNK = 50
    ids = create(4)
    notifications_deliver_batch(notification_ids=ids)
    times = list(Notification.objects.filter(pk__in=ids).order_by("pk")
                 .values_list("email_sent_at", flat=True))
    assert times == sorted(times) and len(set(times)) == len(times)


@pytest.mark.django_db
def test_chunks_are_claimed_in_turn_and_a_second_delivery_sends_nothing(
        settings, mailoutbox):
    settings.NOTIFICATION_CLAIM_CHUNK = 2
    ids = create(5)
    assert notifications_deliver_batch(notification_ids=ids) == {"sent": 5}
    assert notifications_deliver_batch(notification_ids=ids) == {"skipped": 5}
    assert len(mailoutbox) == 5


class SecondMessageFails(BaseEmailBackend):
    """Takes one message, then raises ``error`` (the mail server goes away, or the
    worker process dies while the message goes out)."""

    error: BaseException = OSError("connection lost")

    def send_messages(self, messages):
        if mail.outbox:
            raise SecondMessageFails.error
        mail.outbox.extend(messages)
        return len(messages)


@pytest.mark.django_db
def test_rows_claimed_but_not_sent_go_back_to_the_queue_uncounted(settings, mailoutbox):
    settings.NOTIFICATION_CLAIM_CHUNK = 50
    settings.EMAIL_BACKEND = "tests.notifications.test_batch_claim.SecondMessageFails"
    SecondMessageFails.error = smtplib.SMTPServerDisconnected("connection lost")
    services._mail.drop()
    ids = create(4)
    assert notifications_deliver_batch(notification_ids=ids) == {
        "sent": 1, "retry": 1, "deferred": 2}
    services._mail.drop()
    rows = {r.pk: r for r in Notification.objects.filter(pk__in=ids)}
    assert rows[ids[0]].email_status == S.SENT
    assert rows[ids[1]].email_status == S.PENDING and rows[ids[1]].email_attempts == 1
    assert rows[ids[1]].next_attempt_at > timezone.now()
    for pk in ids[2:]:  # never sent: pending, due, no attempt counted
        assert rows[pk].email_status == S.PENDING and rows[pk].email_attempts == 0
        assert rows[pk].attempt_id is None and rows[pk].next_attempt_at is None


@pytest.mark.django_db
def test_a_worker_that_dies_mid_chunk_leaves_its_rows_to_the_sweeper(settings, mailoutbox):
    settings.NOTIFICATION_CLAIM_CHUNK = 50
    settings.EMAIL_BACKEND = "tests.notifications.test_batch_claim.SecondMessageFails"
    SecondMessageFails.error = SystemExit("killed")
    services._mail.drop()
    ids = create(3)
    with pytest.raises(SystemExit):
        notifications_deliver_batch(notification_ids=ids)
    services._mail.drop()
    assert len(mailoutbox) == 1
    # Claimed and committed, results unknown: nothing sends them before the threshold.
    assert set(Notification.objects.filter(pk__in=ids)
               .values_list("email_status", flat=True)) == {S.SENDING}
    assert notifications_reconcile() == 0
    later = timezone.now() + timedelta(
        seconds=django_settings.NOTIFICATION_SENDING_STALE_SECONDS + 1)
    assert notifications_reconcile(now=later) == 3
    for row in Notification.objects.filter(pk__in=ids):
        assert row.email_status == S.PENDING and row.possibly_sent_twice


def _together(actions):
    """Run the actions in threads (each on its own database connection) at once."""
    barrier = threading.Barrier(len(actions))
    results, errors = [None] * len(actions), []

    def run(k, action):
        try:
            barrier.wait(timeout=10)
            results[k] = action()
        except Exception as exc:  # collected and asserted on in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(k, a)) for k, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_two_claimers_at_the_same_moment_never_get_the_same_row(postgres):
    for _round in range(5):
        ids = create(40)

        def claim(ids=ids):
            return [row.pk for row in services._claim(ids, now=timezone.now())[1]]

        first, second = _together([claim, claim])
        assert not set(first) & set(second)
        assert sorted(first + second) == sorted(ids)
        assert Notification.objects.filter(pk__in=ids, email_status=S.SENDING,
                                           email_attempts=1).count() == len(ids)


@pytest.mark.django_db(transaction=True)
def test_a_claim_skips_a_row_another_transaction_holds_instead_of_waiting(postgres):
    ids = create(3)
    locked, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            Notification.objects.select_for_update().filter(pk=ids[0]).get()
            locked.set()
            release.wait(timeout=30)

    def claim():
        assert locked.wait(timeout=30)
        try:
            return [row.pk for row in services._claim(ids, now=timezone.now())[1]]
        finally:
            release.set()

    _held, claimed = _together([hold, claim])
    assert claimed == ids[1:]
    assert Notification.objects.get(pk=ids[0]).email_status == S.PENDING


@pytest.mark.django_db
def test_a_claim_finds_its_rows_by_primary_key_alone():
    ids = create(3)
    not_due = create(1)
    Notification.objects.filter(pk__in=not_due).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5))
    with CaptureQueriesContext(connection) as queries:
        attempt, claimed, rest = services._claim([*ids, *not_due], now=timezone.now())
    assert [row.pk for row in claimed] == ids and rest == {"not-yet": 1}
    # The rows come back as the claim left them in the database.
    stored = {row.pk: row for row in Notification.objects.filter(pk__in=ids)}
    for row in claimed:
        assert (row.email_status, row.attempt_id, row.email_attempts) == (
            S.SENDING, attempt, 1) == (stored[row.pk].email_status,
                                       stored[row.pk].attempt_id, stored[row.pk].email_attempts)
    statements = [q["sql"] for q in queries.captured_queries
                  if q["sql"].startswith(("SELECT", "UPDATE"))]
    assert len(statements) == 2
    for sql in statements:  # with a backlog, a condition on the status walked every pending row
        assert "email_status" not in sql.split(" WHERE ")[1]
