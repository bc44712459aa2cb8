"""``make bench``: generate the data set, start the portal as in production and measure it.

    python -m bench.run --size full|small [--duration 10] [--reuse-data] [--only a,b]

Steps (each printed as it runs):
1. a fresh PostgreSQL database (``bench_portal``), migrated;
2. collectstatic into ``var/bench/static`` (the manifest storage of production);
3. gunicorn (``DEBUG`` off, PostgreSQL, Redis db 9, ``BENCHMARK_ENDPOINTS`` on for the
   ``/_baseline/`` page) on 127.0.0.1:8200;
4. recommendations generated in steps (1k, 10k, 100k, 200k for ``full``); at each step
   every page's fastest of at least 30 in-process requests, each the first after a
   change, next to the baseline's (``bench/measure.py``, ``minima``): the growth;
5. the rest of the data set (follow-up actions, notifications), then every scenario
   (``bench/scenarios.py``): under load, baseline and page windows A/B/A/B, ratios from
   each pair; then one request at a time right after a change (anonymous pages) or a
   domain event (dashboards), against the baseline alone;
6. the reminder scan (its own process: time, peak RSS, queries);
7. e-mail delivery: a local SMTP sink, one Celery worker (``--pool=solo``) draining
   pending notifications, against a bare ``smtplib`` loop to the same sink;
8. the table (``bench/report.py``): printed, written to ``bench/results/*.json``, and into
   ``bench/README.md`` for full runs (``--readme`` for others).
Every figure carries the machine's load average before and after it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

from bench import measure
from bench.breakdown import request_breakdown
from bench.config import ROOT, STEPS, VAR, Config, Gunicorn, fresh_database, log, manage
from bench.jobs import delivery, reminder_scan
from bench.report import machine, save, table, write_readme
from bench.scenarios import (
    baseline_scenario,
    build_scenarios,
    context_objects,
    cookie_for,
    domain_event,
    generation_bump,
    sessions,
)


def _collectstatic() -> None:
    from django.core.management import call_command

    manifest = VAR / "static" / "staticfiles.json"
    sources = [p for d in ("static", "templates") for p in (ROOT / d).rglob("*") if p.is_file()]
    if manifest.exists() and max(p.stat().st_mtime for p in sources) < manifest.stat().st_mtime:
        log("collectstatic: up to date")
    else:
        log("collectstatic")
        call_command("collectstatic", "--no-input", verbosity=0)


def _shares() -> dict[str, str]:
    """The share of the recommendations of the two pilot States (about 5 % each)."""
    from recommendations.models import Recommendation

    total = Recommendation.objects.count() or 1
    return {
        iso3: f"{Recommendation.objects.filter(party__iso3=iso3).count() / total:.1%}"
        for iso3 in ("PAK", "MEX")
    }


def _wanted(cfg: Config, name: str) -> bool:
    return (not cfg.only or name in cfg.only) and name not in cfg.skip


def growth_step(cfg: Config, n: int, ctx: dict, keys: dict) -> dict:
    """Every page's fastest in-process request at this size, each after a change."""
    base = baseline_scenario()
    pages = {}
    for s in build_scenarios(ctx, keys):
        if s.skipped or not s.growth or not _wanted(cfg, s.name):
            continue
        cookie = cookie_for(s.user, keys)
        pages[s.name] = m = measure.minima(
            s.path, cookie, base.path, samples=cfg.samples, change=generation_bump
        )
        m["breakdown"] = request_breakdown(s.path, cookie, change=generation_bump)
        log(
            f"  {s.name:18} fastest {m['min_ms']:8.1f} ms (median {m['median_ms']:.1f}, "
            f"{m['samples']} requests; baseline {m['baseline_min_ms']:.2f} ms)  "
            f"load {m['load'][0]}->{m['load'][1]}"
        )
    return {"recommendations": n, "pages": pages}


def run(cfg: Config) -> dict:
    result: dict = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "size": cfg.size,
        "machine": machine(),
        "settings": {
            "workers": cfg.workers,
            "connections": cfg.connections,
            "duration": cfg.duration,
            "window": cfg.window,
            "pairs": cfg.pairs,
            "warmup": cfg.warmup,
            "samples": cfg.samples,
            "first_hit_runs": cfg.first_hit_runs,
            "load_generator": "wrk"
            if shutil.which("wrk")
            else "python (bench/httpload.py: wrk is missing)",
        },
        "scenarios": {},
        "first_hits": {},
        "growth": [],
    }
    log(
        f"bench: size {cfg.size}, database {cfg.db}, port {cfg.port}, load generator "
        f"{result['settings']['load_generator']}, load average {measure.load_now()}"
    )
    if not cfg.reuse:
        log("fresh database, migrate")
        fresh_database(cfg)
        manage(cfg, "migrate", "--no-input", "-v", "0")
    os.environ.update(cfg.env())
    import django

    django.setup()
    from bench import generate as gen

    _collectstatic()
    result["generation"] = {}

    def grow(n: int | None, stages) -> None:
        t0 = time.perf_counter()
        out = gen.generate(size=cfg.size, seed=cfg.seed, recommendations=n, stages=stages, log=log)
        result["generation"][f"{','.join(stages)}:{n or 'all'}"] = {
            "seconds": round(time.perf_counter() - t0, 1),
            **out["seconds"],
        }
        result["counts"] = out["counts"]

    steps = [] if cfg.reuse or cfg.skip_scaling else STEPS[cfg.size]
    with Gunicorn(cfg) as server:
        base = baseline_scenario()
        for n in steps:
            log(f"generating: {n:,} recommendations")
            grow(n, ["base", "recommendations"])
            ctx = context_objects()
            log(f"growth step at {n:,} recommendations (shares {_shares()})")
            result["growth"].append(growth_step(cfg, n, ctx, sessions(ctx)))
            save(result, cfg)
        if not cfg.reuse:
            log("generating: the rest of the data set")
            grow(None, list(gen.STAGES))
        result["counts"] = gen.row_counts()
        result["shares"] = _shares()
        ctx = context_objects()
        keys = sessions(ctx)
        wanted = [s for s in build_scenarios(ctx, keys) if _wanted(cfg, s.name)]
        log(f"scenarios under load ({cfg.pairs} pairs of {cfg.window} s windows)")
        for s in wanted:
            entry = {"label": s.label, "kind": s.kind, "user": s.user, "path": s.path}
            if s.skipped:
                entry["skipped"] = s.skipped
                log(f"  {s.name:18} skipped: {s.skipped}")
            else:
                entry.update(measure.under_load(cfg, server, s, base, keys))
            result["scenarios"][s.name] = entry
            save(result, cfg)
        log(f"first hits after a change ({cfg.first_hit_runs} each)")
        for s in wanted:
            if s.skipped or not (s.uncached or s.cold):
                continue
            change = (lambda: domain_event(ctx)) if s.cold else generation_bump
            hit = measure.first_hits(cfg, s, base, keys, change, cfg.first_hit_runs)
            hit["breakdown"] = request_breakdown(s.path, cookie_for(s.user, keys), change=change)
            hit["baseline_breakdown"] = request_breakdown(base.path, None, runs=10)
            result["first_hits"][s.name] = {
                "label": s.label,
                "kind": "cold" if s.cold else "uncached",
                **hit,
            }
            log(
                f"  {s.name:18} {hit['median_ms']:8.1f} ms (baseline "
                f"{hit['baseline_median_ms']} ms, {hit['ratio']}x)  load "
                f"{hit['load'][0]}->{hit['load'][1]}"
            )
            save(result, cfg)
    if _wanted(cfg, "reminder_scan"):
        result["reminder_scan"] = reminder_scan(cfg)
        save(result, cfg)
    if _wanted(cfg, "delivery"):
        result["delivery"] = delivery(cfg)
    elif cfg.delivery_from:
        earlier = json.loads(Path(cfg.delivery_from).read_text())
        if earlier.get("delivery"):
            result["delivery"] = {
                **earlier["delivery"],
                "measured_in": (f"a separate run of {earlier['date']} (size {earlier['size']})"),
            }
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
    parser = argparse.ArgumentParser(description="Benchmarks of the portal (bench/README.md).")
    parser.add_argument("--size", choices=["tiny", "small", "full"], default="small")
    parser.add_argument(
        "--pg", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "bench_portal"))
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/9")
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8200)))
    parser.add_argument(
        "--smtp-port", type=int, default=int(os.environ.get("BENCH_SMTP_PORT", 8225))
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=None,
        help="seconds of load per page and scenario, split over its pairs "
        "of windows (default 10 full, 6 small)",
    )
    parser.add_argument(
        "--pairs", type=int, default=2, help="baseline/page window pairs per scenario (A/B/A/B: 2)"
    )
    parser.add_argument(
        "--samples",
        type=int,
        default=30,
        help="in-process requests per page and growth step (at least 30)",
    )
    parser.add_argument(
        "--first-hits", type=int, default=10, help="requests right after a change, per page"
    )
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--connections", type=int, default=None)
    parser.add_argument("--emails", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse-data",
        action="store_true",
        help="keep the database as it is (no generation, no scaling steps)",
    )
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--skip", default="", help="comma-separated scenario names")
    parser.add_argument("--scan-timeout", type=int, default=300)
    parser.add_argument("--delivery-timeout", type=int, default=300)
    parser.add_argument(
        "--delivery-from",
        default="",
        help="with --skip delivery: take the delivery figures of this JSON",
    )
    parser.add_argument(
        "--readme",
        action="store_true",
        help="write the table into bench/README.md (always for full)",
    )
    args = parser.parse_args(argv)
    cfg = Config(
        size=args.size,
        pg=args.pg,
        db=args.db,
        redis=args.redis,
        port=args.port,
        smtp_port=args.smtp_port,
        duration=args.duration or (10 if args.size == "full" else 6),
        warmup=args.warmup,
        workers=args.workers,
        connections=args.connections or args.workers,
        emails=args.emails or (10_000 if args.size == "full" else 2_000),
        seed=args.seed,
        reuse=args.reuse_data,
        only={x for x in args.only.split(",") if x},
        readme=args.readme,
        skip_scaling=args.skip_scaling,
        skip={x for x in args.skip.split(",") if x},
        scan_timeout=args.scan_timeout,
        delivery_timeout=args.delivery_timeout,
        delivery_from=args.delivery_from,
        pairs=max(1, args.pairs),
        samples=args.samples,
        first_hit_runs=args.first_hits,
    )
    if not cfg.db.startswith("bench"):
        parser.error("the benchmark database name must start with 'bench' (it is dropped)")
    run(cfg)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
