"""Read models that a request never computes: dashboards and the scorecard are stored
rows (``ReadModel``), recomputed by a Celery task after the changes that affect them.

- An app registers how to compute each one (``read_model_register(name, compute)``,
  from its AppConfig.ready); ``compute(day=..., **params)`` returns JSON.
- A request reads the stored row (``read_model(name, **params)``): its value and when
  it was computed ("as of", which the page shows). A row computed before the last
  change (a domain event bumps the data generation, portal.core.cache), on an earlier
  day, or longer ago than ``READ_MODEL_MAX_AGE_SECONDS`` (a change made outside the
  services) is stale: it is served all the same, and a refresh is scheduled.
- Every domain event schedules a refresh when its transaction commits, debounced:
  one task per ``READ_MODEL_DEBOUNCE_SECONDS`` window, whatever the number of events
  (a flag in the cache), which recomputes every stale row once. Beat runs the same
  refresh every ``READ_MODEL_SWEEP_SECONDS``: the safety net when the broker or the
  cache was down.
- The very first read of a row that does not exist yet computes it, once: one caller
  under a lock in the cache, the others wait for it (portal.core.stampede).

``READ_MODEL_CACHE_SECONDS = 0`` turns storing off: every read computes.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from portal.core.cache import data_generation, read_models_version_bump
from portal.core.models import ReadModel
from portal.core.stampede import lock_acquire, lock_release, single_flight

logger = logging.getLogger(__name__)

_BUILDERS: dict[str, Callable[..., Any]] = {}
SCHEDULED_KEY = "read-models:refresh-scheduled"
REFRESH_LOCK = "read-models:refresh-running"


@dataclass(frozen=True)
class Snapshot:
    value: Any
    as_of: dt.datetime
    stale: bool


def read_model_register(name: str, compute: Callable[..., Any]) -> None:
    """``compute(day=<date>, **params)`` returns the read model's value as JSON."""
    _BUILDERS[name] = compute


def _key(name: str, params: dict) -> str:
    return f"{name}:{json.dumps(params, sort_keys=True, separators=(',', ':'))}"


def _parse(key: str) -> tuple[str, dict]:
    name, params = key.split(":", 1)
    return name, json.loads(params)


def _compute(key: str) -> ReadModel:
    name, params = _parse(key)
    generation = data_generation()  # before computing: a change meanwhile leaves it stale
    day = timezone.localdate()
    value = _BUILDERS[name](day=day, **params)
    row, _created = ReadModel.objects.update_or_create(
        key=key,
        defaults={
            "value": value,
            "generation": generation,
            "day": day,
            "computed_at": timezone.now(),
        },
    )
    return row


def _is_stale(row: ReadModel, generation: int) -> bool:
    max_age = dt.timedelta(seconds=getattr(settings, "READ_MODEL_MAX_AGE_SECONDS", 3600))
    return (
        row.generation != generation
        or row.day != timezone.localdate()
        or row.computed_at < timezone.now() - max_age
    )


def read_model(name: str, **params: Any) -> Snapshot:
    """The stored value of a read model and when it was computed; never computed here
    but for the very first read."""
    key = _key(name, params)
    if not getattr(settings, "READ_MODEL_CACHE_SECONDS", 300):
        return Snapshot(_BUILDERS[name](day=timezone.localdate(), **params), timezone.now(), False)
    row = single_flight(
        f"read-model-lock:{key}",
        lookup=lambda: ReadModel.objects.filter(key=key).first(),
        compute=lambda: _compute(key),
        lock_seconds=getattr(settings, "READ_MODEL_LOCK_SECONDS", 120),
        wait_seconds=getattr(settings, "READ_MODEL_WAIT_SECONDS", 10),
    )
    stale = _is_stale(row, data_generation())
    if stale:
        read_models_schedule()
    return Snapshot(row.value, row.computed_at, stale)


def read_models_schedule() -> None:
    """A refresh once the current transaction commits (at once outside one), at most
    one per window."""
    transaction.on_commit(_enqueue_refresh, robust=True)


def _enqueue_refresh() -> None:
    window = getattr(settings, "READ_MODEL_DEBOUNCE_SECONDS", 10)
    if not cache.add(SCHEDULED_KEY, 1, timeout=window + 60):
        return  # one is due within the window already (or the cache is out: the sweep)
    from portal.core.tasks import refresh_read_models  # the tasks import this module

    try:
        refresh_read_models.apply_async(countdown=window)
    except Exception:  # noqa: BLE001 - broker down: beat's sweep refreshes them later
        cache.delete(SCHEDULED_KEY)
        logger.warning("could not enqueue the read models' refresh; the sweep will", exc_info=True)


def read_models_refresh() -> int:
    """Computes again every stale read model, once; how many it computed. A second
    refresh running at the same time returns at once."""
    token = lock_acquire(REFRESH_LOCK, seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 300))
    if token is None and cache.get(REFRESH_LOCK) is not None:
        return 0
    try:
        cache.delete(SCHEDULED_KEY)  # changes from now on schedule the next one
        generation = data_generation()
        done = 0
        for row in ReadModel.objects.defer("value").order_by("key"):
            name, _params = _parse(row.key)
            if name not in _BUILDERS:
                row.delete()  # no longer computed by any app
            elif _is_stale(row, generation):
                _compute(row.key)
                done += 1
        if done:
            read_models_version_bump()  # pages showing them are cached whole
        return done
    finally:
        if token is not None:
            lock_release(REFRESH_LOCK, token)
