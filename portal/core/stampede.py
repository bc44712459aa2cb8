"""One computation at a time for a value many requests want at once (a stampede guard).

On a miss, the caller that wins a short lock in the cache (``lock_acquire``) computes
the value while the others wait (``wait_for``: polling the lookup) until the value is
there or the lock is gone, and compute themselves only if it still is not. When the
cache does not answer (Redis down: ``add`` fails and no lock can be seen), nobody
waits: each caller computes, as it would without the guard. ``single_flight`` puts the
three steps together for a value computed in one call.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

POLL_SECONDS = 0.05


def lock_acquire(lock_key: str, *, seconds: float) -> str | None:
    """A token when this caller holds the lock now, None when another one does (or the
    cache does not answer). ``seconds`` bounds a lock left by a caller that died."""
    token = uuid.uuid4().hex
    return token if cache.add(lock_key, token, timeout=max(1, int(seconds))) else None


def lock_release(lock_key: str, token: str) -> None:
    if cache.get(lock_key) == token:
        cache.delete(lock_key)


def wait_for(
    lock_key: str,
    lookup: Callable[[], T | None],
    *,
    seconds: float,
    sleep: Callable[[float], None] = time.sleep,
) -> T | None:
    """The value once the lock's holder has stored it; None when the lock is gone
    without it or after ``seconds``."""
    deadline = time.monotonic() + seconds
    while cache.get(lock_key) is not None and time.monotonic() < deadline:
        sleep(POLL_SECONDS)
        value = lookup()
        if value is not None:
            return value
    return lookup()


def single_flight(
    lock_key: str,
    *,
    lookup: Callable[[], T | None],
    compute: Callable[[], T],
    lock_seconds: float,
    wait_seconds: float,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """lookup(), else compute() by one caller at a time (compute stores the value where
    lookup finds it)."""
    value = lookup()
    if value is not None:
        return value
    token = lock_acquire(lock_key, seconds=lock_seconds)
    if token is not None:
        try:
            return compute()
        finally:
            lock_release(lock_key, token)
    value = wait_for(lock_key, lookup, seconds=wait_seconds, sleep=sleep)
    return value if value is not None else compute()
