"""Profile one page of the benchmark in-process (the settings of ``bench.run``):

    python -m bench.profile /recommendations/?q=cybercrime [--user staff|focal] [--explain]
                            [--runs 30] [--after-change]

Prints the time of a few requests (``--runs``, then the fastest and the median), every
query of the last with its duration (and EXPLAIN ANALYZE of the slowest with
``--explain``), and the top of a cProfile of one request. ``--after-change`` bumps the
data generation before each request, as the growth step and the first hits measure:
without it, a page that the response cache keeps is measured (and profiled) as a hit.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--user", default="anonymous",
                        choices=["anonymous", "staff", "focal", "coordinator"])
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "bench_portal"))
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--after-change", action="store_true",
                        help="bump the data generation before each request (a cache miss)")
    args = parser.parse_args(argv)
    from bench.config import Config

    cfg = Config(size="small", pg=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"),
                 db=args.db, redis=os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/9"),
                 port=8200, smtp_port=8225, duration=0, warmup=0, workers=1, connections=1,
                 emails=0, seed=1, reuse=True)
    os.environ.update(cfg.env())
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.scenarios import context_objects, generation_bump, sessions

    client = Client()
    if args.user != "anonymous":
        keys = sessions(context_objects())
        client.cookies[settings.SESSION_COOKIE_NAME] = keys[args.user]
    def change() -> None:
        if args.after_change:
            generation_bump()

    client.get(args.path)
    times = []
    for _ in range(max(1, args.runs)):
        change()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(args.path)
        times.append(time.perf_counter() - started)
        if args.runs <= 5:
            print(f"{response.status_code} {times[-1]:.3f}s "
                  f"{len(ctx)} queries, {len(response.content):,} bytes")
    times.sort()
    print(f"{response.status_code} fastest {times[0] * 1000:.2f} ms, median "
          f"{times[len(times) // 2] * 1000:.2f} ms of {len(times)} requests; "
          f"{len(ctx)} queries, {len(response.content):,} bytes")
    slowest = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))
    for q in slowest:
        print(f"  {q['time']}s  {q['sql'][:300]}")
    if args.explain and slowest:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[0]["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()))
    profiler = cProfile.Profile()
    change()
    profiler.enable()
    client.get(args.path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
