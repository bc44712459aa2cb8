"""The fault drill: the production topology (``deploy/stack/run.py``) under a bounded
load of reads and writes through the proxy, while its parts are killed one at a time.

    python -m bench.drill --size small|full

1. a Redis of its own (port 6390 by default: it is killed later, never a shared one)
   and the stack on it: nginx, two gunicorn nodes, two workers, one beat, PostgreSQL;
2. simulated users (each its own session) read pages and file and submit
   recommendations through the web forms, each with a unique title; a POST that fails
   is sent again with the same one-time token, as a browser's retry would be;
3. meanwhile: one gunicorn node is killed (SIGKILL, the whole node) and started again;
   one worker is killed (SIGKILL) while it delivers e-mails; a second beat runs for a
   while (``--beat-seconds``); Redis is killed for ``--redis-down`` seconds and
   started again, empty;
4. the load stops, the outbox drains, and the counts are printed:
   failed GETs (target 0: the proxy retries them on the other node), POSTs committed
   once / answered with an error / committed twice (target 0), submissions whose
   e-mail never arrived (target 0) and e-mails sent twice (at most one per killed
   worker: the one in flight, flagged "possibly sent twice").

Exits 1 when a target is missed. Needs PostgreSQL (``--database-url``, a database of its
own: it is created when missing) and redis-server; nginx is installed when missing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from bench.drill_users import (
    ROOT,
    Browser,
    Failed,
    Tally,
    User,
    newcomer,
    say,
    stack_run,
)

SIZES = {
    # users, load seconds, beat seconds, redis down seconds
    "small": {"users": 3, "load": 75, "beat": 20, "redis_down": 10},
    "full": {"users": 6, "load": 240, "beat": 60, "redis_down": 45},
}
DIGEST_KIND = "notifications.digest"


# --- The stack and its parts --------------------------------------------------------------


class Drill:
    def __init__(self, args):
        self.args = args
        self.state_dir = ROOT / "var" / "drill"
        self.redis: subprocess.Popen | None = None
        self.stack: subprocess.Popen | None = None
        self.extra_beat: subprocess.Popen | None = None
        self.killed_workers = 0
        self.signed_in_during_outage = False
        self.events: list[str] = []

    def note(self, message: str) -> None:
        self.events.append(message)
        say(message)

    def start_redis(self) -> None:
        data = self.state_dir / "redis"
        data.mkdir(parents=True, exist_ok=True)
        self.redis = subprocess.Popen(
            stack_run.redis_command("127.0.0.1", self.args.redis_port, data),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(50):
            if newcomer.socket.socket().connect_ex(("127.0.0.1", self.args.redis_port)) == 0:
                return
            time.sleep(0.1)
        raise Failed(f"redis-server did not start on port {self.args.redis_port}")

    def start_stack(self) -> None:
        if self.state_dir.exists():
            # This run's mail and logs only (the counts below read them).
            shutil.rmtree(self.state_dir / "shared" / "mail", ignore_errors=True)
            shutil.rmtree(self.state_dir / "logs", ignore_errors=True)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "STACK_DIR": str(self.state_dir),
            "STACK_PORT": str(self.args.port),
            "STACK_WEB_PORTS": f"{self.args.port + 1},{self.args.port + 2}",
            "DATABASE_URL": self.args.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.args.redis_port}/0",
            # Short intervals, so that the drill sees the recovery within minutes: the
            # worker's heartbeat, the outbox sweep, the reconciliation of an attempt left
            # open by a killed worker, the broker's redelivery of its unacknowledged task.
            "HEARTBEAT_SECONDS": "5",
            "NOTIFICATION_SWEEP_SECONDS": "5",
            "REMINDER_DISPATCH_SECONDS": "10",
            "CELERY_TASK_TIME_LIMIT": "15",
            "CELERY_TASK_SOFT_TIME_LIMIT": "12",
            "NOTIFICATION_SENDING_STALE_SECONDS": "20",
            "CELERY_VISIBILITY_TIMEOUT": "30",
            "CACHE_RETRY_SECONDS": "2",
            "STACK_DEMO": "true",
            # Each e-mail takes a moment, so that a worker can be killed while it sends.
            "EMAIL_BACKEND": "bench.drill_mail.SlowFileBackend",
            "DRILL_MAIL_DELAY": "0.5",
        }
        log = (self.state_dir / "stack.log").open("w")
        self.stack = subprocess.Popen(
            [sys.executable, str(ROOT / "deploy/stack/run.py")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + self.args.start_timeout
        while time.monotonic() < deadline:
            if self.stack.poll() is not None:
                raise Failed(
                    f"the stack exited ({self.stack.returncode}); see {self.state_dir}/stack.log"
                )
            if "The portal is serving at" in (self.state_dir / "stack.log").read_text():
                return
            time.sleep(1)
        raise Failed("the stack did not start in time")

    def stack_state(self) -> dict:
        return json.loads((self.state_dir / "stack.json").read_text())

    def kill_group(self, name: str) -> None:
        pid = self.stack_state()["processes"][name]["pid"]
        os.killpg(pid, signal.SIGKILL)

    def wait_restarted(self, name: str, old_pid: int, timeout: float = 60) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.stack_state()["processes"][name]["pid"] != old_pid:
                return True
            time.sleep(0.5)
        return False

    def kill_web(self) -> None:
        pid = self.stack_state()["processes"]["web1"]["pid"]
        self.kill_group("web1")
        self.note("killed gunicorn node web1 (SIGKILL, master and workers)")
        restarted = self.wait_restarted("web1", pid)
        self.note(
            "web1 started again by the supervisor" if restarted else "web1 was NOT started again"
        )

    def kill_worker(self) -> None:
        """SIGKILL the worker (its whole group) that is sending an e-mail right now."""
        processes = self.stack_state()["processes"]
        workers = {processes[n]["pid"]: n for n in processes if n.startswith("worker")}
        sending = Path(self.stack_state()["env"]["PORTAL_VAR_DIR"]) / "drill-sending"
        deadline = time.monotonic() + 40
        victim, during = "worker1", False
        while time.monotonic() < deadline:
            for marker in sending.glob("*") if sending.is_dir() else []:
                try:
                    group = os.getpgid(int(marker.name))
                except (ProcessLookupError, ValueError):
                    continue
                if group in workers:
                    victim, during = workers[group], True
                    break
            if during:
                break
            time.sleep(0.02)
        pid = processes[victim]["pid"]
        os.killpg(pid, signal.SIGKILL)
        self.killed_workers += 1
        self.note(f"killed {victim} (SIGKILL){' mid-delivery' if during else ', idle'}")
        self.wait_restarted(victim, pid)

    def second_beat(self, seconds: float) -> None:
        env = {**os.environ, **self.stack_state()["env"]}
        schedule = self.state_dir / "second-beat-schedule"
        with (self.state_dir / "logs" / "beat2.log").open("ab") as log:
            self.extra_beat = subprocess.Popen(
                stack_run.beat_command(schedule),
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.note(f"started a second beat for {seconds:.0f} s")
        # The daily digest, twice at once (as two beats would send it), on both workers.
        call = [str(Path(sys.executable).parent / "celery"), "-A", "config", "call"]
        for _ in range(2):
            subprocess.run(
                [*call, "notifications.digest"], cwd=ROOT, env=env, capture_output=True, check=False
            )
        time.sleep(seconds)
        self.extra_beat.terminate()
        self.extra_beat.wait(timeout=30)
        self.note("stopped the second beat")

    def redis_outage(self, seconds: float) -> None:
        self.redis.kill()
        self.redis.wait()
        self.note(f"killed Redis (SIGKILL) for {seconds:.0f} s")
        started = time.monotonic()
        # Signing in meanwhile: its rate limit counts in the database (fail safe), the
        # session is in the database: it must work.
        try:
            newcomer.sign_in(Browser(self.stack_state()["proxy"] + "/"))
            self.signed_in_during_outage = True
            self.note("signed in during the Redis outage")
        except (Failed, OSError) as exc:
            self.note(f"signing in during the Redis outage FAILED: {exc}")
        time.sleep(max(0.0, seconds - (time.monotonic() - started)))
        self.start_redis()
        self.note("Redis started again (empty: queued tasks are gone, the outbox is not)")

    def sql(self, query: str, params=()) -> list[tuple]:
        import psycopg2

        with psycopg2.connect(self.args.database_url) as connection:
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall()

    def stop(self) -> None:
        for proc in (self.extra_beat, self.stack):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGINT)
                try:
                    proc.wait(timeout=90)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
        if self.redis is not None and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(timeout=10)


def mails_by_title(mail_dir: Path, run: str) -> Counter:
    """How many e-mails to the focal person mention each drill title of this run."""
    found: Counter = Counter()
    for message in newcomer.mails_to(mail_dir, newcomer.FOCAL_PERSON, f"Drill {run} "):
        texts = [str(message.get("Subject", ""))] + [
            part.get_content() for part in message.walk() if part.get_content_maintype() == "text"
        ]
        titles = set(re.findall(rf"Drill {run} u\d+-\d+", " ".join(texts)))
        for title in titles:
            found[title] += 1
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--port", type=int, default=int(os.environ.get("DRILL_PORT", 18480)))
    parser.add_argument(
        "--redis-port", type=int, default=int(os.environ.get("DRILL_REDIS_PORT", 6390))
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DRILL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/untoc_portal_drill"
        ),
    )
    parser.add_argument("--start-timeout", type=int, default=900)
    args = parser.parse_args()
    size = SIZES[args.size]
    if not shutil.which("redis-server"):
        say("redis-server is missing (apt-get install redis-server)")
        return 1
    drill = Drill(args)
    tally = Tally()
    run = uuid.uuid4().hex[:8]
    stop = threading.Event()
    run_started = time.time()
    try:
        drill.start_redis()
        say(f"starting the stack (its log: {drill.state_dir}/stack.log)")
        drill.start_stack()
        base = drill.stack_state()["proxy"] + "/"
        say(f"run {run}: {size['users']} users for {size['load']} s through {base}")
        until = time.monotonic() + size["load"]
        users = [User(base, tally, run, i) for i in range(1, size["users"] + 1)]
        threads = [threading.Thread(target=u.loop, args=(until, stop), daemon=True) for u in users]
        for thread in threads:
            thread.start()
        started = time.monotonic()

        def at(second: float) -> None:
            time.sleep(max(0.0, started + second - time.monotonic()))

        at(8)
        drill.kill_web()
        at(20)
        drill.kill_worker()
        at(30)
        beat = threading.Thread(target=drill.second_beat, args=(size["beat"],))
        beat.start()
        at(30 + size["beat"] + 2)
        beat.join()
        drill.redis_outage(size["redis_down"])
        for thread in threads:
            thread.join(timeout=size["load"] + 120)
        stop.set()
        say(f"load over: {tally.gets} GETs, {tally.posts} POSTs; draining the outbox")
        mail_dir = Path(drill.stack_state()["env"]["PORTAL_VAR_DIR"]) / "mail"
        submitted = {
            row[0]
            for row in drill.sql(
                "SELECT title FROM recommendations_recommendation WHERE title LIKE %s "
                "AND status <> 'draft'",
                [f"Drill {run} %"],
            )
        }
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            mails = mails_by_title(mail_dir, run)
            if all(mails[t.split(":")[0]] for t in submitted):
                break
            time.sleep(3)
        time.sleep(15)  # two more sweeps: a duplicate would show now
        mails = mails_by_title(mail_dir, run)
        counts = Counter(
            row[0]
            for row in drill.sql(
                "SELECT title FROM recommendations_recommendation WHERE title LIKE %s",
                [f"Drill {run} %"],
            )
        )
        uncertain = drill.sql(
            "SELECT count(*) FROM notifications_notification WHERE uncertain_attempts > 0 "
            "AND created_at >= to_timestamp(%s)",
            [run_started],
        )[0][0]
        beat_digests = drill.sql(
            "SELECT count(*) FROM (SELECT recipient_id FROM notifications_notification "
            "WHERE kind = %s GROUP BY recipient_id, (created_at AT TIME ZONE 'UTC')::date "
            "HAVING count(*) > 1) AS doubled",
            [DIGEST_KIND],
        )[0][0]
        digests = drill.sql(
            "SELECT count(*) FROM notifications_notification WHERE kind = %s", [DIGEST_KIND]
        )[0][0]
    except Failed as exc:
        say(f"FAILED: {exc}")
        drill.stop()
        return 1
    finally:
        stop.set()
    drill.stop()

    logs = drill.state_dir / "logs"
    access = (logs / "nginx-access.log").read_text(errors="replace").splitlines()
    retried = sum(1 for line in access if re.search(r"upstream_status=\S+, ", line))
    degraded = sum(
        (logs / f"web{i}.log").read_text(errors="replace").count("cache unreachable")
        for i in (1, 2)
        if (logs / f"web{i}.log").exists()
    )
    committed_twice = sorted(t for t, n in counts.items() if n > 1)
    lost = sorted(t for t in submitted if not mails[t.split(":")[0]])
    duplicated = sorted(t for t, n in mails.items() if n > 1)
    print()
    print(f"== drill ({args.size}, run {run})")
    for event in drill.events:
        print(f"   {event}")
    print(f"GET requests:              {tally.gets}")
    print(f"failed GETs:               {len(tally.get_failures)}   (target 0)")
    for failure in tally.get_failures[:10]:
        print(f"   {failure}")
    print(f"passed to the other node:  {retried} requests (nginx: proxy_next_upstream)")
    print(f"cache outage noticed:      {degraded} log lines 'cache unreachable' on the nodes")
    print(
        f"POST requests:             {tally.posts}, answered with an error "
        f"{tally.post_errors} (then sent again with the same token)"
    )
    print(
        f"writes (file + submit):    {tally.writes_started}, given up {len(tally.writes_given_up)}"
    )
    for failure in tally.writes_given_up[:10]:
        print(f"   {failure}")
    print(f"recommendations committed: {sum(counts.values())} for {len(counts)} titles")
    print(f"committed twice:           {len(committed_twice)}   (target 0)")
    print(f"submitted:                 {len(submitted)}")
    print(f"notifications lost:        {len(lost)}   (target 0)")
    for title in lost[:10]:
        print(f"   {title}")
    print(
        f"notifications duplicated:  {len(duplicated)}   (target <= {drill.killed_workers}: "
        f"the one in flight on each killed worker; {uncertain} flagged 'possibly sent "
        f"twice')"
    )
    print(f"digests doubled:           {beat_digests}   (target 0; {digests} digests in all)")
    missed = []
    if tally.get_failures:
        missed.append("failed GETs")
    if committed_twice:
        missed.append("POSTs committed twice")
    if lost:
        missed.append("notifications lost")
    if len(duplicated) > drill.killed_workers:
        missed.append("notifications duplicated")
    if beat_digests:
        missed.append("digests doubled")
    if not drill.signed_in_during_outage:
        missed.append("sign-in during the Redis outage")
    if not submitted:
        missed.append("no submission got through")
    print("targets met" if not missed else "targets MISSED: " + ", ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
