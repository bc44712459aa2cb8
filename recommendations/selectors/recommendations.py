"""Reads of recommendations, always scoped to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from consultations.models import Event, PilotInitiative
from recommendations.models import Recommendation


def recommendations_visible_to(user) -> QuerySet[Recommendation]:
    """Drafts: the filing organization's members. Submitted: the addressee State's
    officials and UNODC staff too. Public ones: everybody."""
    qs = Recommendation.objects.all()
    if not user or not user.is_authenticated:
        return qs.filter(is_public=True).exclude(status=Recommendation.Status.DRAFT)
    if user.is_unodc_staff or user.is_superuser:
        return qs.exclude(Q(status=Recommendation.Status.DRAFT) & ~Q(
            organization__memberships__user=user))
    own = Q(organization__memberships__user=user)
    public = Q(is_public=True) & ~Q(status=Recommendation.Status.DRAFT)
    official = Q(party__officials__user=user) & ~Q(status=Recommendation.Status.DRAFT)
    ids = qs.filter(own | public | official).values("pk")
    return qs.filter(pk__in=ids)


@dataclass
class PilotSummary:
    pilot: PilotInitiative
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count_rows(self) -> list[tuple[str, int]]:
        labels = dict(Recommendation.Status.choices)
        return [(labels[s], self.counts.get(s, 0))
                for s in Recommendation.Status.values if s != Recommendation.Status.DRAFT]


def pilots_overview() -> list[PilotSummary]:
    """Every pilot with its State, latest public event and recommendation counts by
    status (drafts excluded): three queries whatever the number of pilots."""
    latest = (Event.objects.filter(pilot=OuterRef("pk"))
              .exclude(status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])
              .order_by("-starts_at"))
    pilots = list(
        PilotInitiative.objects.select_related("party", "alliance")
        .annotate(latest_event_id=Subquery(latest.values("pk")[:1]),
                  latest_event_title=Subquery(latest.values("title")[:1]),
                  latest_event_starts_at=Subquery(latest.values("starts_at")[:1]))
        .order_by("launched_on", "party__name")
    )
    counts: dict[int, dict[str, int]] = {p.party_id: {} for p in pilots}
    rows = (Recommendation.objects.filter(party_id__in=list(counts))
            .exclude(status=Recommendation.Status.DRAFT)
            .values("party_id", "status").annotate(n=Count("id")).order_by())
    for row in rows:
        counts[row["party_id"]][row["status"]] = row["n"]
    return [PilotSummary(pilot=p, counts=counts[p.party_id]) for p in pilots]
