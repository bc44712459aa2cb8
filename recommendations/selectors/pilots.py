"""Reads of the pilot initiatives: every pilot with its latest event and the counts of the
recommendations the reader may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, F, OuterRef, Subquery

from consultations.models import Event, PilotInitiative
from consultations.roles import roles_of
from portal.core.cache import cached_read
from portal.core.read_models import read_model
from recommendations.models import Recommendation
from recommendations.selectors.recommendations import recommendations_visible_to

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class PilotSummary:
    pilot: PilotInitiative
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count_rows(self) -> list[tuple[StrOrPromise, int]]:
        labels = dict(Recommendation.Status.choices)
        return [(labels[s], self.counts.get(s, 0))
                for s in Recommendation.Status.values if s != Recommendation.Status.DRAFT]


def pilots_overview(user) -> list[PilotSummary]:
    """Every pilot with its State, latest public event and the counts by status (drafts
    excluded) of the recommendations the user may see (``recommendations_visible_to``:
    for the public, public ones only). Two queries whatever the number of pilots. The
    pilots are cached until the next change; the public's counts are the stored read
    model "pilot-counts" (portal.core.read_models), never computed here."""
    pilots = cached_read(("pilots-overview",), _pilots)
    party_ids = sorted({p.party_id for p in pilots})
    if roles_of(user).is_authenticated:
        counts = _pilot_counts(user, party_ids)
    else:
        stored = read_model("pilot-counts").value
        counts = {int(party_id): row for party_id, row in stored.items()}
    return [PilotSummary(pilot=p, counts=counts.get(p.party_id, {})) for p in pilots]


def pilot_counts_numbers(*, day) -> dict[str, dict[str, int]]:
    """The read model "pilot-counts": per pilot State, its public recommendations by
    status (drafts excluded)."""
    party_ids = sorted(set(PilotInitiative.objects.values_list("party_id", flat=True)))
    return {str(k): v for k, v in _pilot_counts(None, party_ids).items()}


def _pilots() -> list[PilotInitiative]:
    latest = (Event.objects.filter(pilot=OuterRef("pk"))
              .exclude(status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])
              .order_by("-starts_at"))
    return list(
        PilotInitiative.objects.select_related("party", "alliance")
        .annotate(latest_event_id=Subquery(latest.values("pk")[:1]),
                  latest_event_title=Subquery(latest.values("title")[:1]),
                  latest_event_starts_at=Subquery(latest.values("starts_at")[:1]))
        .order_by(F("launched_on").asc(nulls_last=True), "party__name", "pk")
    )


def _pilot_counts(user, party_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    rows = (recommendations_visible_to(user).filter(party_id__in=party_ids)
            .exclude(status=Recommendation.Status.DRAFT)
            .values("party_id", "status").annotate(n=Count("id")).order_by())
    for row in rows:
        counts.setdefault(row["party_id"], {})[row["status"]] = row["n"]
    return counts
