"""The two batch jobs of the benchmark, each measured in processes of its own: the
reminder scan (``bench/scan.py``) and e-mail delivery by one Celery worker to a local SMTP
sink (``bench/smtp_sink.py``), next to a bare ``smtplib`` loop to the same sink."""

from __future__ import annotations

import json
import signal
import smtplib
import subprocess
import time

from bench.config import PY, ROOT, VAR, Config, log
from bench.measure import load_note, load_now


def _bench_json(text: str) -> dict:
    for line in text.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON "):])
    raise RuntimeError("no BENCH_JSON line in:\n" + text[-3000:])


def reminder_scan(cfg: Config) -> dict:
    from portal.notifications.models import Reminder

    log("reminder scan (own process)")
    before = load_now()
    Reminder.objects.all()._raw_delete(Reminder.objects.db)  # a cold scan; no rows loaded
    try:
        proc = subprocess.run([PY, "-m", "bench.scan", "--keep"], cwd=ROOT, env=cfg.env(),
                              capture_output=True, text=True, timeout=cfg.scan_timeout)
    except subprocess.TimeoutExpired:
        from portal.notifications.models import Reminder

        stored = Reminder.objects.count()
        log(f"  the scan did not finish in {cfg.scan_timeout} s ({stored:,} reminders stored)")
        return {"timed_out": True, "seconds": cfg.scan_timeout, "reminders_stored": stored}
    if proc.returncode:
        return {"error": proc.stderr[-2000:]}
    result = {**_bench_json(proc.stdout), **load_note(before, load_now())}
    log(f"  {result}")
    return result


def _sample_message(to: str) -> bytes:
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(subject="[UNTOC portal] A recommendation was submitted",
                                     body="A recommendation addressed to your State was "
                                          "submitted.\n\nhttps://portal.example.org/\n" * 8,
                                     to=[to])
    message.attach_alternative("<p>" + "A recommendation was submitted.\n" * 40 + "</p>",
                               "text/html")
    return message.message().as_bytes(linesep="\r\n")


def delivery(cfg: Config) -> dict:
    """One Celery worker (solo pool) sends ``cfg.emails`` pending notifications to a
    local SMTP sink; the same number of messages through a bare smtplib loop."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from config.celery import app
    from portal.notifications.models import Category, Notification
    from portal.notifications.tasks import deliver_notifications

    n = cfg.emails
    log(f"delivery of {n:,} e-mails")
    before = load_now()
    sink = subprocess.Popen([PY, "-m", "bench.smtp_sink", "--port", str(cfg.smtp_port)],
                            cwd=ROOT, env=cfg.env(), stdout=subprocess.PIPE, text=True)
    worker = None
    try:
        assert sink.stdout.readline().strip() == "ready"
        # 1. the ceiling: a bare smtplib loop, one connection, prepared messages
        accounts = list(get_user_model().objects.filter(email__endswith="bench.untoc.test")
                        .order_by("pk").values_list("pk", "email")[:n])
        users = [accounts[k % len(accounts)] for k in range(n)]  # n e-mails, n <= users
        raw = _sample_message(users[0][1])
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", cfg.smtp_port) as smtp:
            for _pk, email in users:
                smtp.sendmail("no-reply@localhost", [email], raw)
        bare_seconds = time.perf_counter() - started
        bare_rate = len(users) / bare_seconds
        started = time.perf_counter()
        sample = users[: min(len(users), 2000)]
        for _pk, email in sample:
            with smtplib.SMTP("127.0.0.1", cfg.smtp_port) as smtp:
                smtp.sendmail("no-reply@localhost", [email], raw)
        bare_conn_rate = len(sample) / (time.perf_counter() - started)
        log(f"  bare smtplib: {bare_rate:.0f}/s on one connection, "
            f"{bare_conn_rate:.0f}/s with a connection per message")
        # 2. the portal: pending outbox rows, one task each, one worker
        Notification.objects.filter(kind="bench.delivery").delete()
        rows = [Notification(recipient_id=pk, category=Category.SUBMISSION,
                             kind="bench.delivery", url=f"/recommendations/{k + 1}/",
                             payload={"subject": "A recommendation was submitted",
                                      "summary": "A recommendation addressed to your State "
                                                 "was submitted."},
                             email_status=Notification.EmailStatus.PENDING)
                for k, (pk, _e) in enumerate(users)]
        Notification.objects.bulk_create(rows, batch_size=2000)
        ids = list(Notification.objects.filter(kind="bench.delivery")
                   .values_list("pk", flat=True))
        app.control.purge()
        started = time.perf_counter()
        # As the portal enqueues them (services._enqueue): one task per batch of ids.
        size = max(1, settings.NOTIFICATION_DELIVERY_BATCH)
        with app.producer_or_acquire() as producer:
            for start in range(0, len(ids), size):
                deliver_notifications.apply_async((ids[start:start + size],),
                                                  producer=producer)
        log(f"  enqueued {len(ids):,} notifications in tasks of {size} in "
            f"{time.perf_counter() - started:.1f}s")
        worker_log = (VAR / "worker.log").open("w")
        started = time.perf_counter()
        worker = subprocess.Popen(
            [PY, "-m", "celery", "-A", "config", "worker", "--pool=solo",
             "--loglevel=WARNING", "--without-gossip", "--without-mingle",
             "--without-heartbeat"],
            cwd=ROOT, env=cfg.env(), stdout=worker_log, stderr=subprocess.STDOUT)
        qs = Notification.objects.filter(kind="bench.delivery")
        deadline = time.monotonic() + cfg.delivery_timeout
        done = 0
        while time.monotonic() < deadline:
            done = qs.exclude(email_status__in=[Notification.EmailStatus.PENDING,
                                                Notification.EmailStatus.SENDING]).count()
            if done >= len(ids):
                break
            time.sleep(1)
        wall = time.perf_counter() - started
        from django.db.models import Count, Max, Min

        agg = qs.filter(email_status="sent").aggregate(
            first=Min("email_sent_at"), last=Max("email_sent_at"), n=Count("pk"))
        failed = qs.exclude(email_status="sent").count()
        span = (agg["last"] - agg["first"]).total_seconds() if agg["n"] > 1 else 0
        rate = (agg["n"] - 1) / span if span else 0.0
    finally:
        if worker:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        sink.send_signal(signal.SIGTERM)
        out, _ = sink.communicate(timeout=30)
    received = _bench_json(out)["messages"]
    result = {
        "emails": len(ids), "sent": agg["n"], "not_sent": failed,
        "worker_rate_per_s": round(rate, 1), "wall_seconds_incl_startup": round(wall, 1),
        "bare_smtplib_rate_per_s": round(bare_rate, 1),
        "bare_smtplib_connection_per_message_rate_per_s": round(bare_conn_rate, 1),
        "ratio_to_bare": round(rate / bare_rate, 3) if bare_rate else None,
        "ratio_to_bare_connection_per_message":
            round(rate / bare_conn_rate, 3) if bare_conn_rate else None,
        "sink_received": received, **load_note(before, load_now()),
    }
    log(f"  {result}")
    return result
