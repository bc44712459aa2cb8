"""A small HTTP load generator, used only when ``wrk`` cannot be installed: one process
per connection, each sending GET requests back to back over keep-alive for the given
time, latencies gathered at the end. Less precise than wrk (Python's own overhead is in
the figures); the results say which generator was used."""

from __future__ import annotations

import http.client
import multiprocessing
import statistics
import time
from urllib.parse import urlsplit


def _worker(url: str, cookie: str | None, duration: float, queue) -> None:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": cookie} if cookie else {}
    latencies: list[float] = []
    errors = not_200 = 0
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    deadline = time.perf_counter() + duration
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                not_200 += 1
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            continue
        latencies.append(time.perf_counter() - started)
    queue.put((latencies, errors, not_200))


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    k = min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))
    return values[k] * 1000


def run(url: str, *, cookie: str | None, connections: int, duration: float) -> dict:
    queue = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_worker, args=(url, cookie, duration, queue))
             for _ in range(connections)]
    started = time.perf_counter()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    seconds = time.perf_counter() - started
    latencies = sorted(x for r in results for x in r[0])
    errors = sum(r[1] for r in results)
    not_200 = sum(r[2] for r in results)
    return {"rps": round(len(latencies) / seconds, 1), "requests": len(latencies),
            "p50_ms": _pct(latencies, 50), "p95_ms": _pct(latencies, 95),
            "p99_ms": _pct(latencies, 99),
            "mean_ms": round(statistics.mean(latencies) * 1000, 2) if latencies else 0.0,
            "errors": errors + not_200, "error_detail": {"socket": errors},
            "not_200": not_200, "first_bad_status": 0, "seconds": round(seconds, 1)}
