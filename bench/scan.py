"""The reminder scan scenario, run in its own process so that its peak memory is its own:

    python -m bench.scan [--today 2026-11-01]

Prints one JSON line (``BENCH_JSON {...}``): seconds, queries, reminders offered,
peak RSS and RSS samples taken every 0.2 s during the scan; for the causes of a missed
target, the time in SQL by kind of statement (``sql_seconds``: SELECT, INSERT, ...),
the rest being the process's own (building rows, rendering), and the highest sampled
RSS of the cold scan and of the rerun.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import threading
import time


def _peak_rss_mb() -> float:
    """The process's own peak resident memory (VmHWM). Not ``ru_maxrss``: Linux keeps it
    across exec, so a process started by the benchmark reported the benchmark's own
    resident memory at the fork (489 MB after generating the full data set) as its peak."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--today", default=None)
    parser.add_argument(
        "--keep", action="store_true", help="keep existing reminder rows (default: a cold scan)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from bench.generate import ANCHOR
    from portal.notifications.models import Reminder
    from recommendations.models import FollowUpAction

    today = dt.date.fromisoformat(args.today) if args.today else ANCHOR
    try:
        from recommendations.reminders import reminders_scan_all as scan
    except ImportError:
        print("BENCH_JSON " + json.dumps({"skipped": "recommendations.reminders is missing"}))
        return 0
    if not args.keep:
        Reminder.objects.all().delete()
    actions = FollowUpAction.objects.count()
    counter = {"n": 0}
    sql_seconds: dict[str, float] = {}

    def count(execute, sql, params, many, context):
        counter["n"] += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            kind = str(sql).lstrip().split(" ", 1)[0].upper()
            sql_seconds[kind] = sql_seconds.get(kind, 0.0) + time.perf_counter() - started

    samples: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            samples.append(round(_rss_mb(), 1))
            stop.wait(0.2)

    rss_before = _rss_mb()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        result = scan(today=today)
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    queries = counter["n"]
    cold_sql = {k: round(v, 2) for k, v in sorted(sql_seconds.items())}
    cold_samples = list(samples)
    counter["n"] = 0
    sql_seconds.clear()
    samples.clear()
    stop.clear()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        scan(today=today)  # a rerun finds every key and inserts nothing
    rerun = time.perf_counter() - started
    stop.set()
    sampler.join()
    offered = sum(result.values()) if isinstance(result, dict) else int(result or 0)
    print(
        "BENCH_JSON "
        + json.dumps(
            {
                "today": today.isoformat(),
                "actions": actions,
                "result": result,
                "reminders_offered": offered,
                "reminders_stored": Reminder.objects.count(),
                "seconds": round(seconds, 2),
                "queries": queries,
                "batches_of_2000": -(-offered // 2000),
                "rerun_seconds": round(rerun, 2),
                "rerun_queries": counter["n"],
                "sql_seconds": cold_sql,
                "rerun_sql_seconds": {k: round(v, 2) for k, v in sorted(sql_seconds.items())},
                "peak_rss_sampled_mb": max(cold_samples, default=0.0),
                "rerun_peak_rss_sampled_mb": max(samples, default=0.0),
                "rss_before_mb": round(rss_before, 1),
                "peak_rss_mb": round(_peak_rss_mb(), 1),
                "rss_samples_mb": cold_samples[:: max(1, len(cold_samples) // 20)],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
