"""Profile one page of the benchmark in-process (the settings of ``bench.run``):

    python -m bench.profile /recommendations/?q=cybercrime [--user staff|focal] [--explain]

Prints the time of a few requests, every query with its duration (and EXPLAIN ANALYZE of
the slowest with ``--explain``), and the top of a cProfile of one request.
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

    from bench.scenarios import context_objects, sessions

    client = Client()
    if args.user != "anonymous":
        keys = sessions(context_objects())
        client.cookies[settings.SESSION_COOKIE_NAME] = keys[args.user]
    client.get(args.path)
    for _ in range(3):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(args.path)
        print(f"{response.status_code} {time.perf_counter() - started:.3f}s "
              f"{len(ctx)} queries, {len(response.content):,} bytes")
    slowest = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))
    for q in slowest:
        print(f"  {q['time']}s  {q['sql'][:300]}")
    if args.explain and slowest:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[0]["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()))
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(args.path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
