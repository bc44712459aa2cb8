"""What the parts of the data generator share: the sizes, the fixed dates, the accounts'
domain, and small helpers (batches, primary keys, the States and their shares)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

ANCHOR = dt.date(2026, 11, 1)
ANCHOR_AT = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
BENCH_DOMAIN = "bench.untoc.test"
BENCH_PASSWORD = "bench-portal-2026"
BATCH = 2000
CHUNK = 10_000  # objects built in memory before they are written


@dataclass(frozen=True)
class Counts:
    organizations: int
    users: int
    events: int
    recommendations: int
    actions: int
    notifications: int
    pilots: int = 24
    staff: int = 20
    progress_per_action: float = 0.2
    domain_events_per_recommendation: float = 1.0


SIZES: dict[str, Counts] = {
    "tiny": Counts(organizations=30, users=60, events=5, recommendations=20, actions=40,
                   notifications=100, pilots=3, staff=2),
    "small": Counts(organizations=2_000, users=5_000, events=200, recommendations=10_000,
                    actions=25_000, notifications=50_000),
    "full": Counts(organizations=20_000, users=50_000, events=2_000, recommendations=200_000,
                   actions=500_000, notifications=1_000_000),
}

PILOT_STATES = frozenset({"PAK", "MEX"})
PILOT_SHARE = 0.05  # of all recommendations, for each of the first two pilots


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ids(model, *fields: str, **filters) -> list:
    qs = model.objects.filter(**filters).order_by("pk")
    return list(qs.values_list("pk", *fields)) if fields else list(
        qs.values_list("pk", flat=True))


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def _parties() -> list[tuple[int, str, str]]:
    """The UN member States (193), by name: (pk, iso3, name)."""
    from consultations.models import Party

    rows = list(Party.objects.filter(kind=Party.Kind.MEMBER_STATE).order_by("name")
                .values_list("pk", "iso3", "name"))
    return rows or list(Party.objects.order_by("name").values_list("pk", "iso3", "name"))


def _party_weights(parties: list[tuple[int, str, str]]) -> list[float]:
    """The share of recommendations of each State, summing to 1: Pakistan and Mexico, the
    first pilots and the busiest States, get ``PILOT_SHARE`` each; the others share the
    rest along a long tail (some States draw far more recommendations than others)."""
    pilots = [iso3 in PILOT_STATES for _pk, iso3, _name in parties]
    tail = [0.0 if pilot else 1.0 / (1 + (rank * 7919 % len(parties)) / 12)
            for rank, pilot in enumerate(pilots)]
    rest = 1.0 - PILOT_SHARE * sum(pilots)
    total = sum(tail) or 1.0
    return [PILOT_SHARE if pilot else rest * w / total
            for pilot, w in zip(pilots, tail, strict=True)]
