"""Notifications end to end with real parts: a Celery worker process, a real Redis broker
and a real SMTP server (aiosmtpd, in a thread of the test)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import subprocess
import threading
import time
import uuid
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from celery import Celery
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.utils import timezone

from portal.notifications import tasks
from portal.notifications.models import Category, Notification
from portal.notifications.services import (
    notification_deliver,
    notifications_create,
    notifications_sweep,
)
from recommendations.events import RecommendationEventKind
from tests.factories import UserFactory
from tests.integration.workers import celery_process, child_database_url, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
S = Notification.EmailStatus


class Mailbox:
    """aiosmtpd handler: keeps what it accepts; answers 451 to the first ``failures``."""

    def __init__(self, failures: int = 0):
        self.failures = failures
        self.messages: list = []
        self.refused = 0
        self.hang_once = False
        self.hanging = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.hang_once:  # the sender dies while we "think": nothing is accepted
            self.hang_once = False
            self.hanging.set()
            await asyncio.sleep(8)
            return "451 4.3.0 Too late"
        if self.failures > 0:
            self.failures -= 1
            self.refused += 1
            return "451 4.3.0 Try again later"
        self.messages.append(envelope)
        return "250 OK"


def free_port(candidates=range(6390, 6400)) -> int:
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


@pytest.fixture
def smtp():
    handler = Mailbox()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        handler.port = s.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def smtp_settings(settings, smtp):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp.port
    settings.EMAIL_TIMEOUT = 5
    return smtp


@contextlib.contextmanager
def redis_server(port: int):
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--save", "",
                             "--appendonly", "no", "--bind", "127.0.0.1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: _answers(port), timeout=10, what=f"redis on {port}")
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def sender_for(broker_url: str) -> Celery:
    """A producer configured like the portal's (retry policy, JSON) on another broker."""
    app = Celery("sender", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url = broker_url
    app.conf.broker_transport_options = {"visibility_timeout": 3600}
    return app


def worker_env(broker_url: str, smtp: Mailbox) -> dict[str, str]:
    return {"DATABASE_URL": child_database_url(), "REDIS_URL": broker_url,
            "CELERY_BROKER_URL": broker_url, "CELERY_RESULT_BACKEND": "",
            "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}


@contextlib.contextmanager
def worker(broker_url: str, smtp: Mailbox, queue: str, log):
    with celery_process("worker", "--pool=solo", "-Q", queue, "--without-mingle",
                        "--without-gossip", env=worker_env(broker_url, smtp), log=log) as proc:
        try:
            yield proc
        except BaseException:
            print(log.read_text())
            raise


def notify(user, **extra) -> Notification:
    with transaction.atomic():
        [row] = notifications_create(
            recipients=[user], category=Category.RESPONSE, kind=RecommendationEventKind.RESPONDED,
            url="/recommendations/1/", payload={"subject": "A recommendation for you",
                                                "summary": "CGR submitted PAK-2022-0006."},
            **extra)
    return row


@pytest.fixture
def queue(monkeypatch):
    """Deliveries of this test go to their own queue (no stray message of another run)."""
    name = f"notify-{uuid.uuid4().hex[:8]}"
    return name


def route(monkeypatch, app: Celery, queue: str):
    monkeypatch.setattr(tasks.deliver_notifications, "delay",
                        lambda ids: app.send_task("notifications.deliver_batch", args=[ids],
                                                  queue=queue))


def test_an_email_arrives_once(postgres, redis_url, smtp, queue, monkeypatch, tmp_path):
    app = sender_for(redis_url)
    route(monkeypatch, app, queue)
    user = UserFactory(email="focal@example.org", full_name="Focal Person")
    with worker(redis_url, smtp, queue, tmp_path / "worker.log"):
        row = notify(user)
        wait_for(lambda: smtp.messages, timeout=45, what="the e-mail at the SMTP server")
        # A second delivery of the same row (task redelivered, sweep) sends nothing.
        app.send_task("notifications.deliver", args=[row.pk], queue=queue)
        notifications_sweep(min_age_seconds=0)
        time.sleep(2)
    assert len(smtp.messages) == 1
    assert smtp.messages[0].rcpt_tos == ["focal@example.org"]
    content = smtp.messages[0].content.decode()
    assert "A recommendation for you" in content and "text/html" in content
    row.refresh_from_db()
    assert row.email_status == S.SENT and row.email_attempts == 1


def test_redis_down_while_committing_then_delivered_once_after_it_returns(
        postgres, smtp, queue, monkeypatch, tmp_path):
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    app = sender_for(broker)
    route(monkeypatch, app, queue)
    user = UserFactory(email="coordinator@example.org")
    # Redis is not running: the submission's transaction still commits, quickly.
    started = time.monotonic()
    row = notify(user)
    assert time.monotonic() - started < 15
    assert Notification.objects.get(pk=row.pk).email_status == S.PENDING
    with redis_server(port), worker(broker, smtp, queue, tmp_path / "worker.log"):
        # Redis is back: beat's sweeper finds the pending row and the worker sends it.
        assert notifications_sweep(min_age_seconds=0) == 1
        wait_for(lambda: smtp.messages, timeout=45, what="the e-mail after Redis returned")
        notifications_sweep(min_age_seconds=0)  # a later sweep finds nothing pending
        time.sleep(2)
    assert len(smtp.messages) == 1
    assert Notification.objects.get(pk=row.pk).email_status == S.SENT


def test_a_mail_server_that_fails_twice_then_accepts(postgres, smtp_settings):
    smtp = smtp_settings
    smtp.failures = 2
    row = notify(UserFactory())
    results = []
    for _ in range(3):
        Notification.objects.filter(pk=row.pk).update(
            next_attempt_at=timezone.now() - timedelta(seconds=1))
        results.append(notification_deliver(notification_id=row.pk))
    assert results == ["retry", "retry", "sent"]
    assert notification_deliver(notification_id=row.pk) == "skipped"
    assert smtp.refused == 2 and len(smtp.messages) == 1
    row.refresh_from_db()
    assert row.email_status == S.SENT and row.email_attempts == 3


def test_a_worker_retries_a_failing_mail_server_until_it_accepts(
        postgres, redis_url, smtp, queue, monkeypatch, tmp_path):
    smtp.failures = 2
    app = sender_for(redis_url)
    route(monkeypatch, app, queue)
    with worker(redis_url, smtp, queue, tmp_path / "worker.log"):
        row = notify(UserFactory())
        for attempt in (1, 2):
            # The attempt is counted when the row is claimed; wait for its result (pending
            # again, with a backoff) or the backoff written below is overwritten by it.
            wait_for(lambda a=attempt: Notification.objects.filter(
                         pk=row.pk, email_attempts__gte=a, email_status=S.PENDING).exists(),
                     timeout=45, what=f"the result of attempt {attempt}")
            # The backoff has passed: beat's sweeper enqueues it again.
            Notification.objects.filter(pk=row.pk).update(
                next_attempt_at=timezone.now() - timedelta(seconds=1))
            notifications_sweep(min_age_seconds=0)
        wait_for(lambda: smtp.messages, timeout=45, what="the e-mail on the third attempt")
        notifications_sweep(min_age_seconds=0)
        time.sleep(2)
    assert smtp.refused == 2 and len(smtp.messages) == 1
    row.refresh_from_db()
    assert row.email_status == S.SENT and row.email_attempts == 3


def test_a_worker_killed_mid_send_leaves_the_attempt_open_and_it_is_resent_once(
        postgres, redis_url, smtp, queue, monkeypatch, tmp_path):
    smtp.hang_once = True
    app = sender_for(redis_url)
    route(monkeypatch, app, queue)
    with worker(redis_url, smtp, queue, tmp_path / "worker1.log") as proc:
        row = notify(UserFactory())
        assert smtp.hanging.wait(45), "the worker never reached the SMTP DATA step"
        proc.send_signal(signal.SIGKILL)  # dies between the send and recording its result
        proc.wait(timeout=20)
    row.refresh_from_db()
    # The attempt was recorded before the send: its result is unknown, nothing resends it
    # before the sweeper gives it up.
    assert row.email_status == S.SENDING and row.email_attempts == 1
    with worker(redis_url, smtp, queue, tmp_path / "worker2.log"):
        notifications_sweep(min_age_seconds=0)
        time.sleep(2)
        assert not smtp.messages
        notifications_sweep(min_age_seconds=0, stale_after_seconds=0)
        wait_for(lambda: smtp.messages, timeout=45, what="the e-mail from the second worker")
        notifications_sweep(min_age_seconds=0, stale_after_seconds=0)
        time.sleep(2)
    assert len(smtp.messages) == 1
    assert f"<notification-{row.pk}@" in smtp.messages[0].content.decode()
    row.refresh_from_db()
    assert row.email_status == S.SENT and row.email_attempts == 2
    assert row.possibly_sent_twice  # the first copy may have gone out: staff see it


class TerminatingBackend(BaseEmailBackend):
    """Takes the message, then the database ends the worker's session (an operator's
    pg_terminate_backend, a failover) before the worker records that it was sent."""

    def send_messages(self, messages):
        import psycopg2

        mail.outbox.extend(messages)
        pid = connection.connection.info.backend_pid
        with psycopg2.connect(child_database_url()) as admin, admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        admin.close()
        return len(messages)


def test_a_connection_lost_after_the_send_is_recorded_on_a_new_one_and_not_resent(
        postgres, settings, mailoutbox, monkeypatch, caplog):
    from portal.notifications import services

    monkeypatch.setattr(services, "RECORD_RETRY_DELAYS", (0.1, 0.1))
    settings.EMAIL_BACKEND = "tests.integration.test_notification_delivery.TerminatingBackend"
    row = notify(UserFactory())
    assert notification_deliver(notification_id=row.pk) == "sent"
    assert "recording the result failed" in caplog.text  # the session really was lost
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.email_status == S.SENT and row.email_attempts == 1
    assert not row.possibly_sent_twice
    notifications_sweep(min_age_seconds=0, stale_after_seconds=0)
    assert notification_deliver(notification_id=row.pk) == "skipped"
    assert len(mailoutbox) == 1
