"""How the benchmark measures a page, always next to the baseline and in the same window.

- ``under_load``: ``wrk`` (or ``bench/httpload.py``) over loopback, alternating baseline
  and page windows A/B/A/B; the ratios are those of each pair (page window over the
  baseline window just before it), averaged over the pairs: two figures taken seconds
  apart, never a page against a baseline taken minutes earlier.
- ``first_hits``: one request at a time over HTTP, the baseline then a change (the data
  generation bumped, or a domain event) then the page, repeated: what a visitor meets
  right after a change, against the baseline alone in the same seconds.
- ``minima``: in-process requests (Django's test client on the same database), the
  baseline and the page interleaved, at least ``samples`` of each: the fastest of each is
  the page's cost with the machine's noise taken out (growth steps use these).
- ``queries``: statements per request, counted with ``connection.execute_wrapper``.
- ``bench/breakdown.py``: where one request's time goes (SQL, rendering, cache calls,
  the rest), for the causes of the missed targets (``bench/causes.py``).

Every figure carries the machine's load average (1 minute) before and after it; a figure
whose load moved by more than ``LOAD_SWING`` (relative, and at least one unit) is flagged.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable

from bench.breakdown import request_breakdown
from bench.config import BENCH, Config, Gunicorn, log
from bench.scenarios import Scenario, cookie_for

LOAD_SWING = 0.5


def load_now() -> float:
    return round(os.getloadavg()[0], 2)


def load_note(before: float, after: float) -> dict:
    swing = abs(after - before)
    flagged = swing > max(1.0, LOAD_SWING * min(before, after))
    return {"load": [before, after], "load_flag": flagged}


# --- In-process --------------------------------------------------------------------------


def _client(cookie: str | None):
    from django.conf import settings
    from django.test import Client

    client = Client()
    if cookie:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie.split("=", 1)[1]
    return client


def _timed_get(client, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(path)
    if response.streaming:
        b"".join(response.streaming_content)
    return (time.perf_counter() - started) * 1000, response.status_code


def queries(path: str, cookie: str | None) -> dict:
    """Status, size and statements of one request (after one warm-up request)."""
    from django.db import connection

    client = _client(cookie)
    client.get(path)
    counted: list[str] = []

    def count(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return {
        "status": response.status_code,
        "bytes": len(body),
        "queries": len(counted),
        "content_type": response.get("Content-Type", ""),
    }


def minima(
    path: str,
    cookie: str | None,
    base_path: str,
    *,
    samples: int,
    change: Callable[[], None] | None = None,
    budget_s: float = 90.0,
) -> dict:
    """The page and the baseline in-process, interleaved, ``samples`` of each (fewer only
    when the page takes longer than ``budget_s`` in all, which the result says); with
    ``change``, each page request follows a change (its first hit after it)."""
    page_client, base_client = _client(cookie), _client(None)
    page_client.get(path)
    base_client.get(base_path)
    page, base, statuses = [], [], set()
    before = load_now()
    started = time.monotonic()
    while len(page) < samples:
        base.append(_timed_get(base_client, base_path)[0])
        if change:
            change()
        ms, status = _timed_get(page_client, path)
        page.append(ms)
        statuses.add(status)
        if time.monotonic() - started > budget_s and len(page) >= 5:
            break
    return {
        "min_ms": round(min(page), 2),
        "median_ms": round(statistics.median(page), 2),
        "baseline_min_ms": round(min(base), 2),
        "samples": len(page),
        "statuses": sorted(statuses),
        **load_note(before, load_now()),
    }


# --- Over HTTP -----------------------------------------------------------------------------


def http_get(cfg: Config, path: str, cookie: str | None) -> tuple[float, int]:
    """One request on a new connection, as a browser's first request: ms and status."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", cfg.port, timeout=60)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        response.read()
        status = response.status
    finally:
        conn.close()
    return (time.perf_counter() - started) * 1000, status


def first_hits(
    cfg: Config,
    scenario: Scenario,
    base: Scenario,
    keys: dict,
    change: Callable[[], None],
    runs: int,
) -> dict:
    """The baseline alone, a change, the page alone; ``runs`` times (medians compared)."""
    cookie = cookie_for(scenario.user, keys)
    http_get(cfg, scenario.path, cookie)
    page, baseline, bad = [], [], 0
    before = load_now()
    for _ in range(runs):
        baseline.append(http_get(cfg, base.path, None)[0])
        change()
        ms, status = http_get(cfg, scenario.path, cookie)
        page.append(ms)
        bad += status != 200
    out = {
        "median_ms": round(statistics.median(page), 1),
        "max_ms": round(max(page), 1),
        "baseline_median_ms": round(statistics.median(baseline), 1),
        "runs": runs,
        "errors": bad,
        **load_note(before, load_now()),
    }
    out["ratio"] = round(out["median_ms"] / out["baseline_median_ms"], 2)
    return out


def wrk(cfg: Config, url: str, cookie: str | None, duration: int) -> dict:
    cmd = [
        "wrk",
        "-t",
        "1",
        "-c",
        str(cfg.connections),
        "-d",
        f"{duration}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(BENCH / "wrk_report.lua"),
    ]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    data = json.loads(line[len("BENCH_JSON ") :])
    seconds = data["duration_us"] / 1e6
    lat = data["latency_us"]
    errors = sum(data["errors"].values()) + data["not_200"]
    return {
        "rps": round(data["requests"] / seconds, 1),
        "requests": data["requests"],
        "p50_ms": lat["p50"] / 1000,
        "p95_ms": lat["p95"] / 1000,
        "p99_ms": lat["p99"] / 1000,
        "mean_ms": round(lat["mean"] / 1000, 2),
        "errors": errors,
        "error_detail": data["errors"],
        "not_200": data["not_200"],
        "first_bad_status": data["first_bad_status"],
        "seconds": round(seconds, 1),
    }


def python_load(cfg: Config, url: str, cookie: str | None, duration: int) -> dict:
    """Fallback when wrk is missing: bench/httpload.py (processes of http.client)."""
    from bench.httpload import run as http_run

    return http_run(url, cookie=cookie, connections=cfg.connections, duration=duration)


def _mean(values: list[float]) -> float:
    return round(statistics.mean(values), 2) if values else 0.0


def under_load(
    cfg: Config, server: Gunicorn, scenario: Scenario, base: Scenario, keys: dict
) -> dict:
    """A/B/A/B windows of the baseline and the page, the ratios from each pair."""
    cookie = cookie_for(scenario.user, keys)
    before = load_now()
    inproc = queries(scenario.path, cookie)
    alone = minima(scenario.path, cookie, base.path, samples=10)
    # where the time of a repeat goes (a cached answer for the anonymous pages), next to
    # the baseline's, taken the same way
    breakdown = request_breakdown(scenario.path, cookie)
    baseline_breakdown = request_breakdown(base.path, None, runs=10)
    generator = wrk if shutil.which("wrk") else python_load
    page_url, base_url = server.url(scenario.path), server.url(base.path)
    if cfg.warmup and alone["min_ms"] < 1000:
        generator(cfg, page_url, cookie, cfg.warmup)
    # a slow page gets a longer window (up to 20 s) so that every connection sees a few
    # responses; the window used is in the results
    window = min(20, max(cfg.window, round(8 * alone["min_ms"] / 1000)))
    pairs = []
    for _ in range(cfg.pairs):
        b = generator(cfg, base_url, None, cfg.window)
        p = generator(cfg, page_url, cookie, window)
        pairs.append((b, p))
    pages = [p for _b, p in pairs]
    result = {
        "rps": _mean([p["rps"] for p in pages]),
        **{
            k: _mean([p[k] for p in pages if p["requests"]]) for k in ("p50_ms", "p95_ms", "p99_ms")
        },
        "requests": sum(p["requests"] for p in pages),
        "seconds": sum(p["seconds"] for p in pages),
        "errors": sum(p["errors"] for p in pages),
        "baseline_rps": _mean([b["rps"] for b, _p in pairs]),
        "baseline_p95_ms": _mean([b["p95_ms"] for b, _p in pairs]),
        "rps_ratio": _mean([p["rps"] / b["rps"] for b, p in pairs if b["rps"]]),
        "p95_ratio": _mean(
            [p["p95_ms"] / b["p95_ms"] for b, p in pairs if b["p95_ms"] and p["requests"]]
        ),
        "rps_ratios": [round(p["rps"] / b["rps"], 3) for b, p in pairs if b["rps"]],
        "p95_ratios": [
            round(p["p95_ms"] / b["p95_ms"], 2) for b, p in pairs if b["p95_ms"] and p["requests"]
        ],
        "pairs": [{"baseline": b, "page": p} for b, p in pairs],
        "queries": inproc["queries"],
        "status": inproc["status"],
        "bytes": inproc["bytes"],
        "alone_ms": alone["min_ms"],
        "window_s": window,
        "breakdown": breakdown,
        "baseline_breakdown": baseline_breakdown,
        **load_note(before, load_now()),
    }
    if result["requests"] < 4 * cfg.connections:
        result["note"] = (
            f"only {result['requests']} responses in {result['seconds']} s: "
            "latency percentiles are not meaningful; see alone_ms"
        )
    if inproc["status"] != 200:
        result["errors"] += 1
        result["error_note"] = f"in-process request answered {inproc['status']}"
    log(
        f"  {scenario.name:18} {result['rps']:7.1f} req/s ({result['rps_ratio']:.2f}x)  "
        f"p95 {result['p95_ms']:7.1f} ms ({result['p95_ratio']:.2f}x)  "
        f"{result['queries']:3d} queries  alone {result['alone_ms']:.1f} ms  "
        f"errors {result['errors']}  load {before}->{result['load'][1]}"
        f"{'  LOAD CHANGED' if result['load_flag'] else ''}"
    )
    return result
