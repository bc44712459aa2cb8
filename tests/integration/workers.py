"""Start real Celery processes for integration tests."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def child_database_url() -> str:
    """A DATABASE_URL that points a child process at the test database."""
    s = connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError("child processes can share the test database only on PostgreSQL")
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


def child_env(env: dict[str, str | None]) -> dict[str, str]:
    """This process's environment with ``env`` on top; a None value removes the variable
    (an empty one would not: e.g. EMAIL_BACKEND="" is a setting of its own)."""
    merged = {**os.environ, "DEBUG": "false", **env}
    return {name: value for name, value in merged.items() if value is not None}


@contextlib.contextmanager
def celery_process(kind: str, *args: str, env: dict[str, str | None],
                   log: Path) -> Iterator[subprocess.Popen]:
    full_env = child_env(env)
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", kind, "--loglevel=INFO", *args],
            cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT,
        )
        try:
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_for(predicate, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
