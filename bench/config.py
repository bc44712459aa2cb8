"""The benchmark's configuration and its processes: the environment every process gets,
the database, and the portal under gunicorn as in production."""

from __future__ import annotations

import datetime as dt
import os
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
    pairs: int = 2  # A/B pairs of baseline and page windows per scenario
    samples: int = 30  # in-process requests per page and step (growth)
    first_hit_runs: int = 10  # first hits after a change, per page

    @property
    def window(self) -> int:
        """Seconds of one load window: a scenario's ``duration`` is split over its pairs."""
        return max(3, round(self.duration / self.pairs))

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
        deadline = time.monotonic() + 180  # a loaded machine starts it slowly
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
