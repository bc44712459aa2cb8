"""The reminder scan scenario, run in its own process so that its peak memory is its own:

    python -m bench.scan [--today 2026-11-01]

Prints one JSON line (``BENCH_JSON {...}``): seconds, queries, reminders offered,
peak RSS (the process's own, ``VmHWM``) and RSS samples taken every 0.2 s during the
scan.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import threading
import time


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    """This process's own peak resident memory (``VmHWM``). Not ``ru_maxrss``: Linux
    hands a process started with vfork and exec, as ``subprocess`` starts the scan, the
    parent's peak as its own, and the benchmark's driver has held the generated data set
    (300 to 490 MB at full size, what the scan's figure showed)."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--today", default=None)
    parser.add_argument("--keep", action="store_true",
                        help="keep existing reminder rows (default: a cold scan)")
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

    def count(execute, sql, params, many, context):
        counter["n"] += 1
        return execute(sql, params, many, context)

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
    counter["n"] = 0
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        scan(today=today)  # a rerun finds every key and inserts nothing
    rerun = time.perf_counter() - started
    offered = sum(result.values()) if isinstance(result, dict) else int(result or 0)
    print("BENCH_JSON " + json.dumps({
        "today": today.isoformat(), "actions": actions, "result": result,
        "reminders_offered": offered, "reminders_stored": Reminder.objects.count(),
        "seconds": round(seconds, 2), "queries": queries,
        "batches_of_2000": -(-offered // 2000), "rerun_seconds": round(rerun, 2),
        "rerun_queries": counter["n"],
        "rss_before_mb": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_samples_mb": samples[:: max(1, len(samples) // 20)],
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
