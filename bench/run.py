"""``make bench``: generate the data set, start the portal as in production and measure it.

    python -m bench.run --size full|small [--duration 10] [--reuse-data] [--only a,b]

Steps (each printed as it runs):
1. a fresh PostgreSQL database (``bench_portal``), migrated;
2. collectstatic into ``var/bench/static`` (the manifest storage of production);
3. gunicorn (``DEBUG`` off, PostgreSQL, Redis db 9, ``BENCHMARK_ENDPOINTS`` on for the
   ``/_baseline/`` page) on 127.0.0.1:8200;
4. recommendations generated in steps (1k, 10k, 100k, 200k for ``full``), with the list
   and search pages measured at each step next to the baseline;
5. the rest of the data set (follow-up actions, notifications), then every scenario:
   ``wrk`` from a second process over loopback for a bounded time, the baseline before
   and after; queries per request counted in-process with the test client;
6. the reminder scan (its own process: time, peak RSS, queries);
7. e-mail delivery: a local SMTP sink, one Celery worker (``--pool=solo``) draining
   pending notifications, against a bare ``smtplib`` loop to the same sink;
8. the table: printed, written to ``bench/results/*.json``, and into ``bench/README.md``
   for full runs (``--readme`` for others).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import smtplib
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
VAR = ROOT / "var" / "bench"
PY = sys.executable

STEPS = {"tiny": [20], "small": [1_000, 10_000], "full": [1_000, 10_000, 100_000, 200_000]}
SEARCH_TERMS = "cybercrime victims"


def log(message: str) -> None:
    print(f"[{dt.datetime.now(dt.UTC):%H:%M:%S}] {message}", flush=True)


# --- Configuration: the environment of every process ------------------------------------


@dataclass
class Config:
    size: str
    pg: str
    db: str
    redis: str
    port: int
    smtp_port: int
    duration: int
    warmup: int
    workers: int
    connections: int
    emails: int
    seed: int
    reuse: bool
    only: set[str] = field(default_factory=set)
    readme: bool = False
    skip_scaling: bool = False
    skip: set[str] = field(default_factory=set)
    scan_timeout: int = 300
    delivery_timeout: int = 300
    delivery_from: str = ""

    @property
    def database_url(self) -> str:
        return f"{self.pg.rstrip('/')}/{self.db}"

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis,
            "CACHE_KEY_PREFIX": "bench",
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_MANIFEST": "true",
            "STATIC_ROOT": str(VAR / "static"),
            "PORTAL_VAR_DIR": str(VAR),
            "BENCHMARK_ENDPOINTS": "true",
            # the throttle still runs (a cache hit per API request) but never refuses
            "API_THROTTLE_ANON": "100000000/hour",
            "API_THROTTLE_USER": "100000000/hour",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }
        env.update(extra)
        return env


# --- Database -----------------------------------------------------------------------------


def fresh_database(cfg: Config) -> None:
    import psycopg2

    conn = psycopg2.connect(f"{cfg.pg.rstrip('/')}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{cfg.db}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{cfg.db}"')
    conn.close()


def manage(cfg: Config, *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=cfg.env(), check=True)


# --- Processes -------------------------------------------------------------------------------


class Gunicorn:
    def __init__(self, cfg: Config):
        self.cfg = cfg
        self.proc: subprocess.Popen | None = None
        self.log = VAR / "gunicorn.log"

    def __enter__(self) -> Gunicorn:
        VAR.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [PY, "-m", "gunicorn", "config.wsgi:application", "--workers",
             str(self.cfg.workers), "--bind", f"127.0.0.1:{self.cfg.port}",
             "--worker-class", "sync", "--timeout", "120", "--log-level", "warning",
             "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null"],
            cwd=ROOT, env=self.cfg.env(), stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url("/_baseline/"), timeout=5) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer; see {self.log}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.cfg.port}{path}"

    def __exit__(self, *exc) -> None:
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


# --- Scenarios -----------------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    label: str
    kind: str  # "page" (40% / 3x), "heavy" (p95 5x), "report" (no target), "baseline"
    path: str | None
    user: str = "anonymous"  # anonymous | focal | staff
    skipped: str = ""


def _reverse(name: str, *args) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def build_scenarios(ctx: dict) -> list[Scenario]:
    """The scenarios of issue 10, resolved against the URLs that exist now (a page that
    has not landed yet is listed as skipped, with the reason)."""
    from urllib.parse import urlencode

    party, instrument, rec = ctx["party"], ctx["instrument"], ctx["recommendation"]
    out = []

    def add(name, label, kind, url_name, *args, query=None, user="anonymous"):
        path = _reverse(url_name, *args)
        if path and query:
            path += "?" + urlencode(query)
        out.append(Scenario(name, label, kind, path, user,
                            "" if path else f"no URL named {url_name!r} yet"))

    add("home", "Home page", "report", "home")
    add("list", "Recommendation list (State, instrument, status)", "page",
        "recommendations:list",
        query={"party": party.pk, "instrument": instrument.pk, "status": "responded"})
    add("search", f"Full-text search ({SEARCH_TERMS!r})", "heavy", "recommendations:list",
        query={"q": SEARCH_TERMS})
    add("detail", "Recommendation detail", "page", "recommendations:detail", rec.pk)
    add("queue", "Focal person's queue", "page", "recommendations:queue", user="focal")
    add("dashboard_state", f"UNODC dashboard, one State ({party.iso3})", "heavy",
        "dashboard:staff", query={"state": party.iso3}, user="staff")
    add("dashboard_all", "UNODC dashboard, all States", "heavy", "dashboard:staff",
        user="staff")
    add("api_list", "API list", "page", "api-recommendation-list")
    add("api_detail", "API detail", "page", "api-recommendation-detail", rec.pk)
    add("export_csv", f"CSV export, one State ({party.iso3})", "report", "dashboard:export",
        query={"party": party.iso3}, user="staff")
    # the export URL takes keyword arguments
    for s in out:
        if s.name == "export_csv" and not s.path:
            from django.urls import NoReverseMatch, reverse

            try:
                s.path = reverse("dashboard:export",
                                 kwargs={"dataset": "recommendations", "fmt": "csv"}) \
                    + "?" + urlencode({"party": party.iso3})
                s.skipped = ""
            except NoReverseMatch:
                pass
    return out


def context_objects(cfg: Config) -> dict:
    """The State, instrument and recommendation the scenarios look at: the busiest
    State of the data set (Pakistan), a public responded recommendation with actions."""
    from consultations.models import Instrument, Party
    from recommendations.models import Recommendation

    party = Party.objects.filter(iso3="PAK").first() or Party.objects.first()
    instrument = Instrument.objects.filter(code="untoc").first() or Instrument.objects.first()
    rec = (Recommendation.objects.filter(party=party, is_public=True, status="responded",
                                         actions__isnull=False).order_by("pk").first()
           or Recommendation.objects.filter(is_public=True).exclude(status="draft")
           .order_by("pk").first())
    return {"party": party, "instrument": instrument, "recommendation": rec}


def sessions(party) -> dict[str, str]:
    """Signed-in sessions made in-process, as a login would make them. Staff and focal
    persons must use two-factor authentication: the portal's MfaRequiredMiddleware lets
    them through when they have an authenticator (the generator enrolls them), and the
    session records a password and a TOTP step as allauth's login flow does."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from consultations.models import OfficialAssignment

    User = get_user_model()
    staff = User.objects.filter(is_unodc_staff=True, email__endswith="bench.untoc.test") \
        .order_by("pk").first()
    focal_id = (OfficialAssignment.objects.filter(party=party, role="focal_person")
                .order_by("pk").values_list("user_id", flat=True).first())
    out = {}
    for name, user in (("staff", staff), ("focal", User.objects.filter(pk=focal_id).first())):
        if user is None:
            continue
        auth = Authenticator.objects.filter(user=user, type="totp").first()
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        now = time.time()
        store["account_authentication_methods"] = [
            {"method": "password", "at": now, "email": user.email},
            *([{"method": "mfa", "at": now, "id": auth.pk, "type": "totp"}] if auth else []),
        ]
        store.create()
        out[name] = store.session_key
    return out


def cookie_for(user: str, keys: dict[str, str]) -> str | None:
    from django.conf import settings

    if user == "anonymous":
        return None
    return f"{settings.SESSION_COOKIE_NAME}={keys[user]}"


_WARMED: set[str] = set()


def count_queries(path: str, cookie: str | None) -> dict:
    """Status, size and queries of one request in-process (after one warm-up request),
    counted with ``connection.execute_wrapper`` (what ``CaptureQueriesContext`` would
    show, without depending on the debug query log)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    client = Client()
    if cookie:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie.split("=", 1)[1]
    if path not in _WARMED:  # templates compiled, caches filled: once per page and run
        client.get(path)
        _WARMED.add(path)
    counted = []

    def count(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming \
            else response.content
    timings = [(time.perf_counter() - started) * 1000]
    while sum(timings) < 1500 and len(timings) < 5:  # the cost of the page alone
        started = time.perf_counter()
        r = client.get(path)
        if r.streaming:
            b"".join(r.streaming_content)
        timings.append((time.perf_counter() - started) * 1000)
    return {"status": response.status_code, "bytes": len(body), "queries": len(counted),
            "content_type": response.get("Content-Type", ""),
            "single_ms": round(statistics.median(timings), 1)}


def wrk(cfg: Config, url: str, cookie: str | None, duration: int) -> dict:
    cmd = ["wrk", "-t", "1", "-c", str(cfg.connections), "-d", f"{duration}s",
           "--timeout", "30s", "--latency", "-s", str(BENCH / "wrk_report.lua")]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    data = json.loads(line[len("BENCH_JSON "):])
    seconds = data["duration_us"] / 1e6
    lat = data["latency_us"]
    errors = sum(data["errors"].values()) + data["not_200"]
    return {"rps": round(data["requests"] / seconds, 1), "requests": data["requests"],
            "p50_ms": lat["p50"] / 1000, "p95_ms": lat["p95"] / 1000,
            "p99_ms": lat["p99"] / 1000, "mean_ms": round(lat["mean"] / 1000, 2),
            "errors": errors, "error_detail": data["errors"], "not_200": data["not_200"],
            "first_bad_status": data["first_bad_status"], "seconds": round(seconds, 1)}


def python_load(cfg: Config, url: str, cookie: str | None, duration: int) -> dict:
    """Fallback when wrk is missing: bench/httpload.py (processes of http.client)."""
    from bench.httpload import run as http_run

    return http_run(url, cookie=cookie, connections=cfg.connections, duration=duration)


def measure(cfg: Config, server: Gunicorn, scenario: Scenario, keys: dict,
            duration: int | None = None) -> dict:
    cookie = cookie_for(scenario.user, keys)
    inproc = count_queries(scenario.path, cookie)
    load = wrk if shutil.which("wrk") else python_load
    url = server.url(scenario.path)
    if cfg.warmup and inproc["single_ms"] < 1000:
        load(cfg, url, cookie, cfg.warmup)
    # a slow page gets a longer window (up to 30 s) so that every connection sees a
    # few responses; the window used is in the results
    window = min(20, max(duration or cfg.duration, round(8 * inproc["single_ms"] / 1000)))
    result = load(cfg, url, cookie, window)
    result.update(queries=inproc["queries"], status=inproc["status"], bytes=inproc["bytes"],
                  single_ms=inproc["single_ms"])
    if result["requests"] < 4 * cfg.connections:
        result["note"] = (f"only {result['requests']} responses in {result['seconds']} s: "
                          "latency percentiles are not meaningful; see single_ms")
    if inproc["status"] != 200:
        result["errors"] += 1
        result["error_note"] = f"in-process request answered {inproc['status']}"
    log(f"  {scenario.name:16} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
        f"p95 {result['p95_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  "
        f"{result['queries']:3d} queries  alone {result['single_ms']:.0f} ms  "
        f"errors {result['errors']}")
    return result


def baseline_scenario() -> Scenario:
    return Scenario("baseline", "Baseline: base layout, no database", "baseline",
                    _reverse("bench_baseline"))


# --- Reminder scan and delivery -------------------------------------------------------------


def _bench_json(text: str) -> dict:
    for line in text.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON "):])
    raise RuntimeError("no BENCH_JSON line in:\n" + text[-3000:])


def reminder_scan(cfg: Config) -> dict:
    from portal.notifications.models import Reminder

    log("reminder scan (own process)")
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
    result = _bench_json(proc.stdout)
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
        "sink_received": received,
    }
    log(f"  {result}")
    return result


# --- The table ---------------------------------------------------------------------------------


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines()
                      if x.startswith("MemTotal")).split()[1])
        mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram": mem, "python": platform.python_version(),
            "load_average_at_start": [round(x, 2) for x in load]}


def _ratio(value, base):
    return round(value / base, 2) if base else None


def evaluate(result: dict) -> list[dict]:
    """Targets of issue 10, each with met / missed and the figures."""
    checks = []
    base = result.get("baseline") or {}
    b_rps, b_p95 = base.get("rps"), base.get("p95_ms")
    if not b_rps:
        return checks
    for name, s in result.get("scenarios", {}).items():
        if "rps" not in s:
            continue
        if s.get("requests", 1) == 0 and s["kind"] in {"page", "heavy"}:
            checks.append({"target": f"{name}: throughput and p95", "met": False,
                           "value": f"no response within {s['seconds']} s "
                                    f"({s['single_ms']:.0f} ms alone)"})
        elif s["kind"] == "page":
            ok = s["rps"] >= 0.4 * b_rps and s["p95_ms"] <= 3 * b_p95
            checks.append({"target": f"{name}: >= 40% of baseline req/s, p95 <= 3x",
                           "met": ok, "value": f"{_ratio(s['rps'], b_rps)} / "
                                               f"{_ratio(s['p95_ms'], b_p95)}x"})
        elif s["kind"] == "heavy":
            ok = s["p95_ms"] <= 5 * b_p95
            checks.append({"target": f"{name}: p95 <= 5x baseline", "met": ok,
                           "value": f"{_ratio(s['p95_ms'], b_p95)}x"})
        checks.append({"target": f"{name}: no errors", "met": s["errors"] == 0,
                       "value": s["errors"]})
    steps = result.get("scaling", [])
    by_n = {st["recommendations"]: st for st in steps}
    if 10_000 in by_n and max(by_n) > 10_000:
        top = by_n[max(by_n)]
        for name in ("list", "search"):
            a, b = by_n[10_000].get(name), top.get(name)
            if a and b and a.get("single_ms") and b.get("single_ms"):
                # the cost of a page: its time alone over the baseline's in the same step
                ca = a["single_ms"] / by_n[10_000]["baseline"]["single_ms"]
                cb = b["single_ms"] / top["baseline"]["single_ms"]
                checks.append({"target": f"{name}: cost grows <= 20% from 10k to "
                                         f"{max(by_n) // 1000}k",
                               "met": cb <= 1.2 * ca, "value": f"{cb / ca - 1:+.0%}"})
    scan = result.get("reminder_scan") or {}
    if scan.get("timed_out"):
        checks.append({"target": "reminder scan < 60 s", "met": False,
                       "value": f"not finished after {scan['seconds']} s"})
    elif "seconds" in scan:
        checks.append({"target": "reminder scan < 60 s", "met": scan["seconds"] < 60,
                       "value": f"{scan['seconds']} s"})
        checks.append({"target": "reminder scan peak RSS < 300 MB",
                       "met": scan["peak_rss_mb"] < 300, "value": f"{scan['peak_rss_mb']} MB"})
        per_batch = scan["queries"] / max(1, scan["batches_of_2000"])
        checks.append({"target": "reminder scan queries grow with batches, not rows",
                       "met": scan["queries"] <= 4 * max(1, scan["batches_of_2000"]) + 50,
                       "value": f"{scan['queries']} queries for {scan['reminders_offered']:,} "
                                f"reminders ({per_batch:.1f} per batch of 2,000)"})
    d = result.get("delivery") or {}
    if "worker_rate_per_s" in d:
        checks.append({"target": ">= 100 e-mails/s per worker", "met":
                       d["worker_rate_per_s"] >= 100, "value": f"{d['worker_rate_per_s']}/s"})
        checks.append({"target": ">= 30% of a bare smtplib loop", "met":
                       (d["ratio_to_bare"] or 0) >= 0.3, "value": f"{d['ratio_to_bare']:.0%}"})
        checks.append({"target": "every e-mail sent", "met":
                       d["sent"] == d["emails"] and d["sink_received"] >= d["emails"],
                       "value": f"{d['sent']}/{d['emails']}"})
    return checks


def table(result: dict) -> str:
    base = result.get("baseline") or {}
    lines = [
        f"Run of {result['date']} — size `{result['size']}` — {result['machine']['nproc']} "
        f"CPUs ({result['machine']['cpu']}), {result['machine']['ram']} RAM, load average "
        f"at start {result['machine']['load_average_at_start']} — gunicorn "
        f"{result['settings']['workers']} sync workers, wrk {result['settings']['connections']}"
        f" connections, {result['settings']['duration']} s per scenario.",
        "",
        f"Data: {', '.join(f'{k} {v:,}' for k, v in result.get('counts', {}).items())}.",
        "",
        "| scenario | req/s | p50 ms | p95 ms | p99 ms | queries/req | alone ms "
        "| req/s vs baseline | p95 vs baseline | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def row(label, s):
        if "rps" not in s:
            return f"| {label} | — | — | — | — | — | — | — | — | {s.get('skipped', '')} |"
        if not s.get("requests", 1):
            return (f"| {label} | 0 in {s['seconds']:.0f} s | — | — | — | {s['queries']} | "
                    f"{s.get('single_ms', 0):.0f} | 0 | — | {s['errors']} |")
        return (f"| {label} | {s['rps']:.1f} | {s['p50_ms']:.0f} | {s['p95_ms']:.0f} | "
                f"{s['p99_ms']:.0f} | {s['queries']} | {s.get('single_ms', 0):.0f} | "
                f"{_ratio(s['rps'], base.get('rps'))} | "
                f"{_ratio(s['p95_ms'], base.get('p95_ms'))}x | {s['errors']} |")

    lines.append(row("**baseline** (layout, no database)", base))
    for b in result.get("baseline_runs", []):
        lines.append(row(f"  baseline run at {b['at']}", b))
    for _name, s in result.get("scenarios", {}).items():
        lines.append(row(s["label"], s))
    if result.get("scaling"):
        lines += ["", "Growth with the number of recommendations (same pages, same run):", "",
                  "| recommendations | baseline req/s | baseline alone ms | list req/s "
                  "| list p95 ms | list alone ms | list queries | search req/s | search p95 ms "
                  "| search alone ms | search queries |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for st in result["scaling"]:
            cells = [f"{st['recommendations']:,}", f"{st['baseline']['rps']:.1f}",
                     f"{st['baseline']['single_ms']:.0f}"]
            for name in ("list", "search"):
                s = st.get(name) or {}
                cells += ([f"{s['rps']:.1f}", f"{s['p95_ms']:.0f}" if s["requests"] else "—",
                           f"{s['single_ms']:.0f}", str(s["queries"])]
                          if "rps" in s else ["—"] * 4)
            lines.append("| " + " | ".join(cells) + " |")
    scan = result.get("reminder_scan") or {}
    if scan.get("timed_out"):
        lines += ["", f"Reminder scan: stopped after {scan['seconds']} s, "
                      f"{scan['reminders_stored']:,} reminders stored by then."]
    elif "seconds" in scan:
        lines += ["", f"Reminder scan over {scan['actions']:,} follow-up actions: "
                      f"{scan['seconds']} s, {scan['queries']} queries for "
                      f"{scan['reminders_offered']:,} reminders, peak RSS "
                      f"{scan['peak_rss_mb']} MB (RSS before {scan['rss_before_mb']} MB); "
                      f"rerun (nothing new) {scan['rerun_seconds']} s, "
                      f"{scan['rerun_queries']} queries."]
    d = result.get("delivery") or {}
    if "worker_rate_per_s" in d:
        where = f" (measured in {d['measured_in']})" if d.get("measured_in") else ""
        lines += ["", f"Delivery{where}: one Celery worker (solo pool) sent {d['sent']:,} of "
                      f"{d['emails']:,} e-mails at {d['worker_rate_per_s']}/s "
                      f"({d['wall_seconds_incl_startup']} s including start-up); a bare "
                      f"smtplib loop: {d['bare_smtplib_rate_per_s']}/s on one connection "
                      f"({d['ratio_to_bare']:.0%}), "
                      f"{d['bare_smtplib_connection_per_message_rate_per_s']}/s with a "
                      f"connection per message ({d['ratio_to_bare_connection_per_message']:.0%})"
                      f"; the sink received {d['sink_received']:,}."]
    checks = result.get("targets", [])
    if checks:
        lines += ["", "| target | met | value |", "|---|---|---|"]
        lines += [f"| {c['target']} | {'yes' if c['met'] else '**no**'} | {c['value']} |"
                  for c in checks]
    return "\n".join(lines)


def write_readme(result: dict) -> None:
    readme = BENCH / "README.md"
    text = readme.read_text() if readme.exists() else ""
    start, end = "<!-- bench:table:start -->", "<!-- bench:table:end -->"
    block = f"{start}\n{table(result)}\n{end}"
    if start in text and end in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text += "\n## Latest results\n\n" + block + "\n"
    readme.write_text(text)


def save(result: dict, cfg: Config) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    result["targets"] = evaluate(result)
    stamp = result["date"].replace(":", "").replace("-", "")[:15]
    path = RESULTS / f"{stamp}-{cfg.size}.json"
    path.write_text(json.dumps(result, indent=2, default=str))
    (RESULTS / f"latest-{cfg.size}.json").write_text(json.dumps(result, indent=2, default=str))
    return path


# --- Orchestration ------------------------------------------------------------------------------


def run(cfg: Config) -> dict:
    result: dict = {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "size": cfg.size, "machine": machine(),
                    "settings": {"workers": cfg.workers, "connections": cfg.connections,
                                 "duration": cfg.duration, "warmup": cfg.warmup,
                                 "load_generator": "wrk" if shutil.which("wrk")
                                 else "python (bench/httpload.py: wrk is missing)"},
                    "scenarios": {}, "scaling": [], "baseline_runs": []}
    log(f"bench: size {cfg.size}, database {cfg.db}, load generator "
        f"{result['settings']['load_generator']}")
    if not cfg.reuse:
        log("fresh database, migrate")
        fresh_database(cfg)
        manage(cfg, "migrate", "--no-input", "-v", "0")
    os.environ.update(cfg.env())
    import django

    django.setup()
    from django.core.management import call_command

    from bench import generate as gen

    manifest = VAR / "static" / "staticfiles.json"
    sources = [p for d in ("static", "templates") for p in (ROOT / d).rglob("*") if p.is_file()]
    if manifest.exists() and max(p.stat().st_mtime for p in sources) < manifest.stat().st_mtime:
        log("collectstatic: up to date")
    else:
        log("collectstatic")
        call_command("collectstatic", "--no-input", verbosity=0)
    result["generation"] = {}

    def grow(n: int | None, stages) -> None:
        t0 = time.perf_counter()
        out = gen.generate(size=cfg.size, seed=cfg.seed, recommendations=n, stages=stages,
                           log=log)
        result["generation"][f"{','.join(stages)}:{n or 'all'}"] = {
            "seconds": round(time.perf_counter() - t0, 1), **out["seconds"]}
        result["counts"] = out["counts"]

    steps = [] if cfg.reuse or cfg.skip_scaling else STEPS[cfg.size]
    with Gunicorn(cfg) as server:
        base = baseline_scenario()
        for n in steps:
            log(f"generating: {n:,} recommendations")
            grow(n, ["base", "recommendations"])
            ctx = context_objects(cfg)
            keys = sessions(ctx["party"])
            step: dict = {"recommendations": n}
            log(f"scaling step at {n:,} recommendations")
            short = max(3, cfg.duration // 2)
            step["baseline"] = measure(cfg, server, base, keys, short)
            for s in build_scenarios(ctx):
                if s.name in {"list", "search"} and s.path:
                    step[s.name] = measure(cfg, server, s, keys, short)
            result["scaling"].append(step)
            save(result, cfg)
        if not cfg.reuse:
            log("generating: the rest of the data set")
            grow(None, list(gen.STAGES))
        result["counts"] = gen.row_counts()
        ctx = context_objects(cfg)
        keys = sessions(ctx["party"])
        scenarios = build_scenarios(ctx)
        wanted = [s for s in scenarios
                  if (not cfg.only or s.name in cfg.only) and s.name not in cfg.skip]
        log("scenarios at full size")
        runs = [measure(cfg, server, base, keys)]
        runs[0]["at"] = "start"
        result["baseline"] = {"label": base.label, "kind": "baseline", **runs[0]}
        for s in wanted:
            entry = {"label": s.label, "kind": s.kind, "user": s.user, "path": s.path}
            last = result["scaling"][-1] if result["scaling"] else {}
            if s.skipped:
                entry["skipped"] = s.skipped
                log(f"  {s.name:16} skipped: {s.skipped}")
            elif (s.name in last and last["recommendations"]
                  == result["counts"].get("recommendations")):
                # measured a few minutes ago at this very size: not twice
                entry.update(last[s.name], measured_in="the last scaling step")
                log(f"  {s.name:16} from the last scaling step")
            else:
                entry.update(measure(cfg, server, s, keys))
            result["scenarios"][s.name] = entry
            save(result, cfg)
        end = measure(cfg, server, base, keys)
        end["at"] = "end"
        runs.append(end)
        result["baseline_runs"] = runs
        result["baseline"] = {
            "label": base.label, "kind": "baseline",
            **{k: round(statistics.mean(r[k] for r in runs), 2)
               for k in ("rps", "p50_ms", "p95_ms", "p99_ms", "single_ms")},
            "requests": sum(r["requests"] for r in runs),
            "seconds": sum(r["seconds"] for r in runs),
            "queries": max(r["queries"] for r in runs), "errors": sum(r["errors"] for r in runs)}
    if (not cfg.only or "reminder_scan" in cfg.only) and "reminder_scan" not in cfg.skip:
        result["reminder_scan"] = reminder_scan(cfg)
        save(result, cfg)
    if (not cfg.only or "delivery" in cfg.only) and "delivery" not in cfg.skip:
        result["delivery"] = delivery(cfg)
    elif cfg.delivery_from:
        earlier = json.loads(Path(cfg.delivery_from).read_text())
        if earlier.get("delivery"):
            result["delivery"] = {**earlier["delivery"], "measured_in": (
                f"a separate run of {earlier['date']} (size {earlier['size']})")}
    path = save(result, cfg)
    print()
    print(table(result))
    print()
    log(f"results: {path}")
    if cfg.size == "full" or cfg.readme:
        write_readme(result)
        log("bench/README.md updated")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmarks of the portal (issue 10).")
    parser.add_argument("--size", choices=["tiny", "small", "full"], default="small")
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG",
                                                       "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "bench_portal"))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS",
                                                          "redis://127.0.0.1:6379/9"))
    parser.add_argument("--port", type=int, default=8200)
    parser.add_argument("--smtp-port", type=int, default=8225)
    parser.add_argument("--duration", type=int, default=None,
                        help="seconds of load per scenario (default 10 full, 5 small)")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--connections", type=int, default=None)
    parser.add_argument("--emails", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse-data", action="store_true",
                        help="keep the database as it is (no generation, no scaling steps)")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--skip", default="", help="comma-separated scenario names")
    parser.add_argument("--scan-timeout", type=int, default=300)
    parser.add_argument("--delivery-timeout", type=int, default=300)
    parser.add_argument("--delivery-from", default="",
                        help="with --skip delivery: take the delivery figures of this JSON")
    parser.add_argument("--readme", action="store_true",
                        help="write the table into bench/README.md (always for full)")
    args = parser.parse_args(argv)
    cfg = Config(
        size=args.size, pg=args.pg, db=args.db, redis=args.redis, port=args.port,
        smtp_port=args.smtp_port,
        duration=args.duration or (10 if args.size == "full" else 5), warmup=args.warmup,
        workers=args.workers, connections=args.connections or args.workers,
        emails=args.emails or (10_000 if args.size == "full" else 2_000),
        seed=args.seed, reuse=args.reuse_data, only={x for x in args.only.split(",") if x},
        readme=args.readme, skip_scaling=args.skip_scaling,
        skip={x for x in args.skip.split(",") if x}, scan_timeout=args.scan_timeout,
        delivery_timeout=args.delivery_timeout, delivery_from=args.delivery_from)
    if not cfg.db.startswith("bench"):
        parser.error("the benchmark database name must start with 'bench' (it is dropped)")
    run(cfg)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
