"""Per-State reads: treaty status, events, recommendations and their follow-up, scoped to
what the user may see (the public sees public rows only)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from consultations.models import Event, Instrument, Party, Reservation, TreatyAction
from portal.core.read_models import read_model
from recommendations.models import (
    ActionStatus,
    Evidence,
    ProgressReport,
    Recommendation,
)
from recommendations.selectors.followup import action_list
from recommendations.selectors.recommendations import recommendations_visible_to
from recommendations.selectors.responses import with_visible_response

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def states_overview() -> list[Party]:
    """States with something to show: a pilot or public recommendations, each with its
    number of public recommendations (``n_recs``), from the stored read model
    "states-overview" (portal.core.read_models) and one query for the States."""
    counts = {row["party"]: row for row in read_model("states-overview").value}
    parties = list(Party.objects.filter(pk__in=list(counts)).order_by("name"))
    for party in parties:
        # attached for the page, as an annotation would be
        party.n_recs = counts[party.pk]["n_recs"]  # type: ignore[attr-defined]
        party.n_pilots = counts[party.pk]["n_pilots"]  # type: ignore[attr-defined]
    return parties


def states_overview_numbers(*, day) -> list[dict]:
    """The read model "states-overview": per State with a pilot or public
    recommendations, how many of each (one query)."""
    rows = (Party.objects.annotate(
        n_recs=Count("recommendations", filter=Q(recommendations__is_public=True)
                     & ~Q(recommendations__status=Recommendation.Status.DRAFT),
                     distinct=True),
        n_pilots=Count("pilots", distinct=True))
        .filter(Q(n_recs__gt=0) | Q(n_pilots__gt=0)).order_by("pk")
        .values("pk", "n_recs", "n_pilots"))
    return [{"party": r["pk"], "n_recs": r["n_recs"], "n_pilots": r["n_pilots"]}
            for r in rows]


def recommendations_for_state(user, party: Party) -> QuerySet[Recommendation]:
    """With ``visible_response``: the answer only where the user may see it (one awaiting
    a second official's approval is not public)."""
    return (recommendations_visible_to(user).filter(party=party)
            .exclude(status=Recommendation.Status.DRAFT)
            .select_related("organization", "cluster")
            .prefetch_related("instruments", "themes", with_visible_response(user))
            .order_by("reference", "id"))


@dataclass
class TreatyRow:
    instrument: Instrument
    actions: list = field(default_factory=list)
    reservations: list = field(default_factory=list)

    @property
    def is_party(self) -> bool:
        return any(a.is_consent for a in self.actions)


@dataclass
class StateProfile:
    party: Party
    treaty: list[TreatyRow]
    events: list
    recommendations: list
    actions: list
    action_counts: list[tuple[str, StrOrPromise, int]]
    pilots: list

    @property
    def implemented(self) -> int:
        return sum(1 for a in self.actions if a.status == ActionStatus.IMPLEMENTED)


def state_profile(user, iso3: str, *, with_reports: bool = False) -> StateProfile:
    party = get_object_or_404(Party, iso3=iso3.upper())
    instruments = list(Instrument.objects.order_by("order", "code"))
    rows = {i.pk: TreatyRow(i) for i in instruments}
    for ta in TreatyAction.objects.filter(party=party).order_by("date"):
        rows[ta.instrument_id].actions.append(ta)
    for res in Reservation.objects.filter(party=party).order_by(
            "instrument__order", F("date").asc(nulls_last=True), "pk"):
        rows[res.instrument_id].reservations.append(res)
    events = list(Event.objects.filter(party=party)
                  .exclude(status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])
                  .order_by("-starts_at"))
    recs = list(recommendations_for_state(user, party))
    visible_actions = action_list(user, party_id=party.pk)
    if with_reports:
        visible_actions = visible_actions.prefetch_related(Prefetch(
            "progress_reports", queryset=ProgressReport.objects.prefetch_related(
                Prefetch("evidence", queryset=Evidence.objects.order_by("id")))))
    actions = list(visible_actions)
    counts = Counter(a.status for a in actions)
    action_counts: list[tuple[str, StrOrPromise, int]] = [
        (s, label, counts.get(s, 0)) for s, label in ActionStatus.choices]
    pilots = list(party.pilots.select_related("alliance")
                  .order_by(F("launched_on").asc(nulls_last=True), "pk"))
    return StateProfile(party, list(rows.values()), events, recs, actions, action_counts,
                        pilots)
