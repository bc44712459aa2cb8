"""The embedded default as `make run` starts it, with no server at all: a SQLite file and
the filesystem broker under PORTAL_VAR_DIR, a real worker and beat in child processes,
mail written to files. Coordinators submit recommendations while the worker delivers:
every notification arrives exactly once, none is missing, and nobody sees "database is
locked". The test database of pytest is not used: the children share their own file."""

from __future__ import annotations

import email
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.integration.workers import ROOT, celery_process, child_env, wait_for

pytestmark = pytest.mark.integration

SUBMISSIONS = 50
# Whatever the developer's environment points at, the children use the embedded default.
EMBEDDED = {name: None for name in (
    "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND",
    "EMAIL_HOST", "EMAIL_BACKEND", "SITE_URL", "CACHE_KEY_PREFIX")}


def run(args: list[str], env: dict, timeout: float) -> str:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=child_env(env),
                          capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def outbox(db: Path) -> list[tuple[int, str, int, int]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute(
            "SELECT id, email_status, email_attempts, uncertain_attempts "
            "FROM notifications_notification").fetchall()


def message_ids(mail_dir: Path) -> Counter:
    ids: Counter = Counter()
    for path in mail_dir.glob("*.eml"):
        ids[email.message_from_bytes(path.read_bytes())["Message-ID"]] += 1
    return ids


def test_submissions_while_the_worker_delivers_give_one_mail_per_notification(tmp_path):
    var = tmp_path / "var"
    env = {**EMBEDDED, "PORTAL_VAR_DIR": str(var), "NOTIFICATION_SWEEP_SECONDS": "3"}
    db = var / "portal.sqlite3"
    logs = {kind: tmp_path / f"{kind}.log" for kind in ("worker", "beat")}
    # The worker starts while the database is migrated (it has nothing to do until beat
    # and the submissions send it tasks): two slow starts at once.
    with celery_process("worker", "--concurrency=2", "--without-mingle", "--without-gossip",
                        env=env, log=logs["worker"]):
        run(["manage.py", "migrate", "--no-input"], env, timeout=120)
        with celery_process("beat", env=env, log=logs["beat"]):
            try:
                wait_for(lambda: "ready." in logs["worker"].read_text(), timeout=45,
                         what="the worker to start")
                run(["-m", "tests.integration.submitter", str(SUBMISSIONS), "0.05"], env,
                    timeout=90)
                assert len(outbox(db)) == 2 * SUBMISSIONS  # focal person and coordinator
                wait_for(lambda: all(status == "sent" for _pk, status, *_ in outbox(db)),
                         timeout=60, what="every notification to be sent")
            except BaseException:
                print(logs["worker"].read_text()[-5000:])
                raise
    rows = outbox(db)
    ids = message_ids(var / "mail")
    expected = {f"<notification-{pk}@localhost>" for pk, *_ in rows}
    assert set(ids) == expected  # none missing, none foreign
    assert sum(ids.values()) == len(rows) == 2 * SUBMISSIONS  # and none twice
    assert all(attempts == 1 and uncertain == 0 for _pk, _s, attempts, uncertain in rows)
    for kind, log in logs.items():
        assert "database is locked" not in log.read_text(), f"{kind}: database is locked"
