"""One request taken apart, in-process (Django's test client on the benchmark's database):
where its time goes, so that a missed target names its measured cause.

For the fastest of ``runs`` requests (each after ``change`` when given, as the growth
step and the first hits measure), ``request_breakdown`` gives:

- ``total_ms``: the request through every middleware, the body read;
- ``sql_ms``, ``statements``, ``slowest_ms``, ``slowest_sql``: every statement timed
  with ``connection.execute_wrapper`` (the slowest's first 100 characters);
- ``render_ms``: templates rendered (the outermost ``Template.render``), DRF
  serialization (the outermost ``serializer.data``) and JSON rendering, less the SQL
  that ran inside them (a lazy queryset evaluated by a template counts as SQL, once);
- ``cache_ms``, ``cache_calls``: calls to the default cache (Redis: one round trip
  each), with the largest value read (``cache_read_bytes``, pickled size);
- ``other_ms``: the rest (middlewares, the view's own Python, the test client);
- ``bytes``, ``status``, ``response_cache`` (``HIT``, ``MISS``, ``BYPASS`` or ``-``).

The timers wrap methods for the duration of the measurement only, and they cost a few
microseconds per call: compare breakdowns with each other (the baseline's is taken the
same way), not with the *alone* figure of a load scenario.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

CACHE_METHODS = ("get", "get_many", "set", "set_many", "add", "incr", "delete", "touch", "has_key")


class _Timers:
    def __init__(self) -> None:
        self.sql: list[tuple[float, str]] = []
        self.sql_inside_render = 0.0
        self.render = 0.0
        self.render_depth = 0
        self.cache = 0.0
        self.cache_calls = 0
        self.cache_read_bytes = 0


def _size(value) -> int:
    try:
        return len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - a size is only informative
        return 0


@contextmanager
def _patched(obj, name: str, make: Callable) -> Iterator[None]:
    had = name in vars(obj)
    original = getattr(obj, name)
    setattr(obj, name, make(original))
    try:
        yield
    finally:
        if had:
            setattr(obj, name, original)
        else:
            delattr(obj, name)


def _render_timer(timers: _Timers, original: Callable) -> Callable:
    def timed(*args, **kwargs):
        if timers.render_depth:
            return original(*args, **kwargs)
        timers.render_depth += 1
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timers.render += time.perf_counter() - started
            timers.render_depth -= 1

    return timed


def _cache_timer(timers: _Timers, name: str, original: Callable) -> Callable:
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            value = original(*args, **kwargs)
        finally:
            timers.cache += time.perf_counter() - started
            timers.cache_calls += 1
        if name in ("get", "get_many") and value is not None:
            timers.cache_read_bytes = max(timers.cache_read_bytes, _size(value))
        return value

    return timed


@contextmanager
def _instrumented(timers: _Timers) -> Iterator[None]:
    from django.core.cache import caches
    from django.db import connection
    from django.template.base import Template
    from rest_framework.renderers import JSONRenderer
    from rest_framework.serializers import BaseSerializer

    def sql(execute, statement, params, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            took = time.perf_counter() - started
            timers.sql.append((took, " ".join(str(statement).split())[:100]))
            if timers.render_depth:
                timers.sql_inside_render += took

    data = BaseSerializer.data
    cache = caches["default"]
    with ExitStack() as stack:
        stack.enter_context(connection.execute_wrapper(sql))
        stack.enter_context(_patched(Template, "render", lambda f: _render_timer(timers, f)))
        stack.enter_context(_patched(JSONRenderer, "render", lambda f: _render_timer(timers, f)))
        stack.enter_context(
            _patched(BaseSerializer, "data", lambda _p: property(_render_timer(timers, data.fget)))
        )
        for name in CACHE_METHODS:
            if hasattr(cache, name):
                stack.enter_context(
                    _patched(cache, name, lambda f, n=name: _cache_timer(timers, n, f))
                )
        yield


def _one(client, path: str) -> dict:
    from portal.core.response_cache import CACHE_HEADER

    timers = _Timers()
    with _instrumented(timers):
        started = time.perf_counter()
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        total = time.perf_counter() - started
    sql = sum(t for t, _s in timers.sql)
    slowest = max(timers.sql, default=(0.0, ""))
    render = max(0.0, timers.render - timers.sql_inside_render)
    ms = 1000
    return {
        "total_ms": round(total * ms, 2),
        "sql_ms": round(sql * ms, 2),
        "statements": len(timers.sql),
        "slowest_ms": round(slowest[0] * ms, 2),
        "slowest_sql": slowest[1],
        "render_ms": round(render * ms, 2),
        "cache_ms": round(timers.cache * ms, 2),
        "cache_calls": timers.cache_calls,
        "cache_read_bytes": timers.cache_read_bytes,
        "other_ms": round(max(0.0, total - sql - render - timers.cache) * ms, 2),
        "bytes": len(body),
        "status": response.status_code,
        "response_cache": response.get(CACHE_HEADER, "-"),
    }


def request_breakdown(
    path: str, cookie: str | None, *, runs: int = 5, change: Callable[[], None] | None = None
) -> dict:
    """The breakdown of the fastest of ``runs`` requests (after a warm-up request);
    with ``change``, each request is the first after a change."""
    from bench.measure import _client

    client = _client(cookie)
    client.get(path)
    samples = []
    for _ in range(max(1, runs)):
        if change:
            change()
        samples.append(_one(client, path))
    best = min(samples, key=lambda s: s["total_ms"])
    return {**best, "runs": len(samples)}


def describe(b: dict) -> str:
    """One line: '49.1 ms: 21.0 ms in 10 SQL statements (slowest 9.0 ms: SELECT ...),
    26.0 ms rendering, 3 cache calls 0.4 ms, 1.7 ms other; 41 kB, cache MISS'."""
    parts = []
    if b["statements"]:
        parts.append(
            f"{b['sql_ms']:.1f} ms in {b['statements']} SQL statements (slowest "
            f"{b['slowest_ms']:.1f} ms: {b['slowest_sql']}…)"
        )
    else:
        parts.append("no SQL")
    parts.append(f"{b['render_ms']:.1f} ms rendering/serializing")
    if b["cache_calls"]:
        largest = (
            f", largest read {b['cache_read_bytes'] / 1000:.1f} kB" if b["cache_read_bytes"] else ""
        )
        parts.append(f"{b['cache_calls']} cache calls {b['cache_ms']:.2f} ms{largest}")
    parts.append(f"{b['other_ms']:.1f} ms other")
    cached = "" if b["response_cache"] == "-" else f", response cache {b['response_cache']}"
    return f"{b['total_ms']:.1f} ms: " + ", ".join(parts) + f"; {b['bytes'] / 1000:.1f} kB{cached}"
