"""Liveness and readiness, for the proxy, an orchestrator and humans.

- ``/health/live``: the process answers (no database, no Redis): restart it when not.
- ``/health/ready``: this node can serve: the database answers, Redis answers (when the
  portal uses it), every migration is applied, and the worker processed a heartbeat
  within two heartbeat intervals (beat sends one every ``HEARTBEAT_SECONDS``). HTTP 503
  when any of them is not ready, with the reason of each in the JSON.
- ``/health/``: the same checks as readiness (the older address, kept).

The proxy takes a node out while it is not ready and another one is; when no node is
ready (a shared part is down) it keeps them all, since they degrade rather than fail.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.core import resilient_cache
from portal.core.models import Heartbeat

logger = logging.getLogger(__name__)

OK = "ok"
_migrations_applied = False  # once true in a process it stays true (its code is fixed)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("readiness: the database does not answer (%s)", exc)
        return "down"
    return OK


def _redis_urls() -> list[str]:
    urls = [getattr(settings, "CACHE_URL", None), settings.CELERY_BROKER_URL]
    return sorted({u for u in urls if u and u.startswith(("redis://", "rediss://"))})


def _redis() -> str:
    urls = _redis_urls()
    if not urls:
        return "not used"
    import redis

    for url in urls:
        client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=1)
        try:
            client.ping()
        except (redis.RedisError, OSError) as exc:
            logger.warning("readiness: Redis does not answer (%s)", type(exc).__name__)
            return "down"
        finally:
            client.close()
    return OK


def _migrations() -> str:
    global _migrations_applied
    if _migrations_applied:
        return OK
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return "unknown"
    _migrations_applied = not pending
    return OK if not pending else "pending"


def heartbeat_stale_after() -> timedelta:
    """Two heartbeat intervals: one tick may be late, two missed means the worker (or
    beat, or the broker) stopped."""
    return timedelta(seconds=2 * getattr(settings, "HEARTBEAT_SECONDS", 60))


def _worker() -> tuple[str, str | None]:
    try:
        beat = Heartbeat.objects.filter(name="worker").first()
    except DatabaseError:
        return "unknown", None
    if beat is None:
        return "stale", None
    fresh = timezone.now() - beat.last_seen <= heartbeat_stale_after()
    return (OK if fresh else "stale"), beat.last_seen.isoformat()


def readiness() -> tuple[bool, dict]:
    """(ready, report) of this node."""
    database = _database()
    checks = {"database": database, "redis": _redis()}
    checks["migrations"] = _migrations() if database == OK else "unknown"
    worker, last_seen = _worker() if database == OK else ("unknown", None)
    checks["worker"] = worker
    ready = all(value in (OK, "not used") for value in checks.values())
    backend = caches["default"]
    if not isinstance(backend, resilient_cache.ResilientRedisCache):
        backend = None
    report = {
        "status": "ready" if ready else "not ready",
        **checks,
        "worker_last_seen": last_seen,
        "worker_stale_after_seconds": int(heartbeat_stale_after().total_seconds()),
        "cache": ("degraded" if backend and backend.is_degraded() else OK) if backend else "local",
        "cache_failures": resilient_cache.stats["failures"],
        "cache_degraded_calls": resilient_cache.stats["degraded_calls"],
        "cache_fallback_calls": resilient_cache.stats["fallback_calls"],
    }
    return ready, report


@require_GET
@never_cache
def live(request):
    """The process is up and answers."""
    return JsonResponse({"status": "alive"})


@require_GET
@never_cache
def ready(request):
    is_ready, report = readiness()
    response = JsonResponse(report, status=200 if is_ready else 503)
    # "Not ready" is an answer, not a server error (the JSON says why, a failed database
    # or Redis check logs a warning);
    # django.request would add an ERROR line per probe (every few seconds per node).
    response._has_been_logged = True
    return response
