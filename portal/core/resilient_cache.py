"""A Redis cache that an unreachable Redis degrades instead of taking the site down.

When Redis does not answer (refused, timed out, loading), the backend:

- logs one warning, counts the failure (``stats``, shown by ``/health/ready``) and stops
  trying Redis for ``RETRY_SECONDS`` (a circuit breaker: no connection attempt, and no
  timeout, per cache call while it is out);
- answers reads as misses and drops writes, so read models and counts are computed from
  the database;
- sends the keys that start with one of ``FALLBACK_PREFIXES`` to the ``FALLBACK`` cache
  (a database cache): the sign-in and password rate limits keep counting, in the
  database, instead of opening. Other limits (the API's throttles) see no history and
  let requests through: they fail open;
- when Redis answers again, logs it and calls ``ON_RECOVER`` once (the portal retires
  its cached read models there: changes made during the outage could not do it).

Configured in settings.CACHES::

    "BACKEND": "portal.core.resilient_cache.ResilientRedisCache",
    "OPTIONS": {"FALLBACK": "ratelimit_fallback", "FALLBACK_PREFIXES": ["allauth:rl:"],
                "RETRY_SECONDS": 5, "ON_RECOVER": "dotted.path",
                "socket_connect_timeout": 0.5, "socket_timeout": 1},
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.module_loading import import_string
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("portal.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# Per process: how often the cache was found unreachable, how many calls went to the
# fallback or were answered as a miss meanwhile, and since when it is out (or None).
stats: dict[str, Any] = {
    "failures": 0,
    "degraded_calls": 0,
    "fallback_calls": 0,
    "recoveries": 0,
    "degraded_since": None,
}
_lock = threading.Lock()


class _OneClientPerPool(RedisCacheClient):
    """Django's client builds a ``redis.Redis`` for every call, and building one copies
    its table of some 170 response callbacks: half the time of a cache read on loopback,
    a fifth of a page served from the cache. The client only wraps its connection pool
    (which holds the connections and is safe to share), so one per pool serves every
    call."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self._fallback_alias: str | None = options.pop("FALLBACK", None)
        self._fallback_prefixes = tuple(options.pop("FALLBACK_PREFIXES", ()))
        self._retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        self._on_recover: str | None = options.pop("ON_RECOVER", None)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = _OneClientPerPool
        self._down_until = 0.0

    # --- state -----------------------------------------------------------------------
    def is_degraded(self) -> bool:
        return stats["degraded_since"] is not None

    def _out(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, exc: BaseException, operation: str) -> None:
        with _lock:
            stats["failures"] += 1
            first = stats["degraded_since"] is None
            if first:
                stats["degraded_since"] = time.time()
        self._down_until = time.monotonic() + self._retry_seconds
        if first:
            logger.warning(
                "cache unreachable (%s during %s): reads go to the database, "
                "sign-in limits to the fallback cache; retrying every %s s",
                type(exc).__name__,
                operation,
                self._retry_seconds,
            )

    def _succeeded(self) -> None:
        if stats["degraded_since"] is None:
            return
        with _lock:
            since, stats["degraded_since"] = stats["degraded_since"], None
            if since is None:
                return
            stats["recoveries"] += 1
        logger.warning("cache reachable again after %.0f s", time.time() - since)
        if self._on_recover:
            try:
                import_string(self._on_recover)()
            except Exception:  # noqa: BLE001 - a hook must not fail the request
                logger.exception("the cache recovery hook failed")

    def _fallback_for(self, keys: Iterable[str]):
        if (
            self._fallback_alias
            and self._fallback_prefixes
            and all(str(k).startswith(self._fallback_prefixes) for k in keys)
        ):
            return caches[self._fallback_alias]
        return None

    def _call(
        self,
        operation: str,
        keys: Iterable[str],
        redis_call: Callable[[], Any],
        fallback_call: Callable[[Any], Any],
        degraded: Callable[[], Any],
    ):
        """redis_call() when Redis answers; else fallback_call(cache) for keys that have a
        fallback, else degraded()."""
        keys = list(keys)
        if not self._out():
            try:
                result = redis_call()
            except UNREACHABLE as exc:
                self._failed(exc, operation)
            else:
                self._succeeded()
                return result
        fallback = self._fallback_for(keys) if keys else None
        with _lock:
            stats["fallback_calls" if fallback is not None else "degraded_calls"] += 1
        if fallback is not None:
            return fallback_call(fallback)
        return degraded()

    # --- the cache API ------------------------------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "add",
            [key],
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            lambda c: c.add(key, value, timeout, version),
            lambda: False,
        )

    def get(self, key, default=None, version=None):
        return self._call(
            "get",
            [key],
            lambda: super(ResilientRedisCache, self).get(key, default, version),
            lambda c: c.get(key, default, version),
            lambda: default,
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "set",
            [key],
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            lambda c: c.set(key, value, timeout, version),
            lambda: None,
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "touch",
            [key],
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
            lambda c: c.touch(key, timeout, version),
            lambda: False,
        )

    def delete(self, key, version=None):
        return self._call(
            "delete",
            [key],
            lambda: super(ResilientRedisCache, self).delete(key, version),
            lambda c: c.delete(key, version),
            lambda: False,
        )

    def get_many(self, keys, version=None):
        return self._call(
            "get_many",
            keys,
            lambda: super(ResilientRedisCache, self).get_many(keys, version),
            lambda c: c.get_many(keys, version),
            dict,
        )

    def has_key(self, key, version=None):
        return self._call(
            "has_key",
            [key],
            lambda: super(ResilientRedisCache, self).has_key(key, version),
            lambda c: c.has_key(key, version),
            lambda: False,
        )

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")

        return self._call(
            "incr",
            [key],
            lambda: super(ResilientRedisCache, self).incr(key, delta, version),
            lambda c: c.incr(key, delta, version),
            missing,
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "set_many",
            list(data),
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            lambda c: c.set_many(data, timeout, version),
            lambda: list(data),
        )

    def delete_many(self, keys, version=None):
        return self._call(
            "delete_many",
            keys,
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
            lambda c: c.delete_many(keys, version),
            lambda: None,
        )

    def clear(self):
        return self._call(
            "clear",
            [],
            lambda: super(ResilientRedisCache, self).clear(),
            lambda c: c.clear(),
            lambda: False,
        )

    def ping(self) -> bool:
        """Whether Redis answers now (for readiness), bypassing the breaker."""
        try:
            self._cache.get_client(write=False).ping()
        except UNREACHABLE:
            return False
        return True
