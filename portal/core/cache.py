"""Caching of expensive read models (dashboards, scorecards) that is never stale after a
change the portal made itself.

Every domain event bumps one "data generation" counter, both at once and again when its
transaction commits: a reader computing meanwhile caches under a generation that the
commit then retires. Cached values are keyed by that generation (and by what else they
depend on), so the first read after any change recomputes; a time limit
(``READ_MODEL_CACHE_SECONDS``, 0 turns caching off) bounds staleness for changes made
outside the services (bulk imports, the shell).

A value is shared by everyone who reads the same key: what depends on who reads it must
say so in the key (the dashboards carry ``public``; the home page caches its counts for
the public only), and nothing computed for one user's visibility is cached under a key
another user reads.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
GENERATION_KEY = "core:data-generation"
# Bumped when stored read models were computed again (portal.core.read_models): pages
# showing them (cached whole, portal.core.response_cache) are retired too.
READ_MODELS_VERSION_KEY = "core:read-models-version"


def data_generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return int(value)


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value retires what was cached
        cache.add(GENERATION_KEY, 1, timeout=None)


def data_generation_bump() -> None:
    """Call inside the transaction of a change: retires every cached read model now and
    once more when the transaction commits."""
    _bump()
    transaction.on_commit(_bump)


def cached_read(key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """compute(), cached under key and the current data generation."""
    timeout = getattr(settings, "READ_MODEL_CACHE_SECONDS", 300)
    if not timeout:
        return compute()
    full_key = "read:" + ":".join(str(part) for part in (data_generation(), *key))
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout=timeout)
    return value


def data_generation_retire() -> None:
    """Retire every cached read model now (outside any transaction): called when the cache
    comes back after an outage, during which changes could not retire them."""
    _bump()


def read_models_version_bump() -> None:
    try:
        cache.incr(READ_MODELS_VERSION_KEY)
    except ValueError:
        cache.add(READ_MODELS_VERSION_KEY, 1, timeout=None)


# What a whole cached page depends on (see page_generation).
PAGE_GENERATION_KEYS = (GENERATION_KEY, READ_MODELS_VERSION_KEY)


def page_generation(values: dict | None = None) -> str:
    """What a whole cached page depends on: the data generation and the version of the
    stored read models, in one round trip; or from ``values``, what a ``get_many`` of
    ``PAGE_GENERATION_KEYS`` (and of whatever else the caller reads in the same trip)
    found."""
    if values is None:
        values = cache.get_many(list(PAGE_GENERATION_KEYS))
    data = values.get(GENERATION_KEY)
    if data is None:
        data = data_generation()
    return f"{data}.{values.get(READ_MODELS_VERSION_KEY, 0)}"
