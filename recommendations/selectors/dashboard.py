"""The UNODC dashboard and the cross-country scorecard: every number is computed in the
database (aggregate / annotate with filtered counts), in a fixed number of queries
whatever the number of rows. The public version counts public rows only."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from consultations.models import Cluster, Instrument, Party
from portal.core.cache import cached_read
from portal.core.forms import collation_key
from recommendations.models import (
    ActionStatus,
    Assessment,
    FollowUpAction,
    Recommendation,
    Theme,
    Verdict,
)
from recommendations.selectors.followup import public_actions, today

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SECONDS_PER_DAY = 86400.0
AWAITING = [Recommendation.Status.SUBMITTED, Recommendation.Status.UNDER_CONSIDERATION]


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median of a numeric expression."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
    allow_distinct = False


class SecondsBetween(Func):
    """EXTRACT(EPOCH FROM (a - b)) on PostgreSQL: seconds between two timestamps."""

    template = "EXTRACT(EPOCH FROM (%(expressions)s))"
    arg_joiner = " - "
    output_field = FloatField()


def dashboard_recommendations(*, public: bool, party: Party | None = None
                              ) -> QuerySet[Recommendation]:
    qs = Recommendation.objects.exclude(status=Recommendation.Status.DRAFT)
    if public:
        qs = qs.filter(is_public=True)
    if party is not None:
        qs = qs.filter(party=party)
    return qs


def dashboard_actions(*, public: bool, party: Party | None = None
                      ) -> QuerySet[FollowUpAction]:
    qs = FollowUpAction.objects.all()
    if public:
        qs = qs.filter(pk__in=public_actions().values("pk"))
    if party is not None:
        qs = qs.filter(party=party)
    return qs


def _disagreement_q() -> Q:
    disagree = Assessment.objects.filter(action=OuterRef("pk"), verdict=Verdict.DISAGREE)
    return Q(Exists(disagree)) | (Q(validation__isnull=False)
                                  & ~Q(validation__status=F("status")))


def _median_days(recs: QuerySet[Recommendation], by_party: bool = False):
    """Median days from submission to response: percentile_cont in SQL on PostgreSQL;
    elsewhere (SQLite) the one column is read with values_list and reduced in Python."""
    responded = recs.filter(status=Recommendation.Status.RESPONDED,
                            submitted_at__isnull=False, responded_at__isnull=False)
    if connection.vendor == "postgresql":
        expr = Median(SecondsBetween(F("responded_at"), F("submitted_at")))
        if by_party:
            return {row["party_id"]: _days(row["m"]) for row in
                    responded.values("party_id").annotate(m=expr).order_by()}
        return _days(responded.aggregate(m=expr)["m"])
    groups: dict = {}
    for party_id, submitted, answered in responded.values_list(
            "party_id", "submitted_at", "responded_at"):
        if submitted is None or answered is None:  # a responded row has both
            continue
        groups.setdefault(party_id if by_party else None, []).append(
            (answered - submitted).total_seconds())
    medians = {k: _days(statistics.median(v)) for k, v in groups.items()}
    return medians if by_party else medians.get(None)


def _days(seconds) -> float | None:
    return None if seconds is None else round(float(seconds) / SECONDS_PER_DAY, 1)


def _share(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass
class Dashboard:
    public: bool
    party: Party | None
    recommendations_total: int = 0
    by_status: list[tuple[str, StrOrPromise, int]] = field(default_factory=list)
    by_instrument: list[tuple[str, str, int]] = field(default_factory=list)
    by_cluster: list[tuple[str, str, int]] = field(default_factory=list)
    by_theme: list[tuple[str, str, int]] = field(default_factory=list)
    responded: int = 0
    awaiting: int = 0
    answerable: int = 0
    response_rate: float | None = None
    median_days_to_respond: float | None = None
    overdue_responses: int = 0
    actions_total: int = 0
    actions_by_status: list[tuple[str, StrOrPromise, int]] = field(default_factory=list)
    overdue_actions: int = 0
    implemented_actions: int = 0
    implementation_share: float | None = None
    average_percent: float | None = None
    disagreements: int = 0


def dashboard(*, public: bool, party: Party | None = None) -> Dashboard:
    """The dashboard of one State or of all: computed in seven queries (eight with the
    Python median on SQLite) whatever the data size, then cached until the next change
    (portal.core.cache), per language (the labels of instruments, clusters and themes are
    the reader's)."""
    on = today()
    return cached_read(("dashboard", get_language(), public, party.pk if party else "all",
                        on.isoformat()),
                       lambda: _dashboard(public=public, party=party, on=on))


def _dashboard(*, public: bool, party: Party | None, on) -> Dashboard:
    recs = dashboard_recommendations(public=public, party=party)
    actions = dashboard_actions(public=public, party=party)
    S = Recommendation.Status
    statuses = [s for s in S.values if s != S.DRAFT]
    agg = recs.aggregate(
        total=Count("pk"),
        no_cluster=Count("pk", filter=Q(cluster__isnull=True)),
        overdue=Count("pk", filter=Q(status__in=AWAITING, response_due_on__lt=on)),
        **{f"s_{s}": Count("pk", filter=Q(status=s)) for s in statuses},
    )
    d = Dashboard(public=public, party=party, recommendations_total=agg["total"])
    labels = dict(S.choices)
    d.by_status = [(s, labels[s], agg[f"s_{s}"]) for s in statuses]
    d.responded = agg[f"s_{S.RESPONDED}"]
    d.awaiting = sum(agg[f"s_{s}"] for s in AWAITING)
    d.answerable = d.responded + d.awaiting
    d.response_rate = _share(d.responded, d.answerable)
    d.overdue_responses = agg["overdue"]
    rec_ids = recs.values("pk")
    d.by_instrument = [
        (i.code, str(i), i.n) for i in Instrument.objects.annotate(
            n=Count("recommendations", filter=Q(recommendations__in=rec_ids), distinct=True))
        .order_by("order", "code")]
    d.by_cluster = [
        (str(c.number), str(c), c.n) for c in Cluster.objects.annotate(
            n=Count("recommendations", filter=Q(recommendations__in=rec_ids), distinct=True))
        .order_by("number")] + ([("none", gettext("No cluster"), agg["no_cluster"])]
                                if agg["no_cluster"] else [])
    d.by_theme = sorted(
        ((t.slug, str(t), t.n) for t in Theme.objects.annotate(
            n=Count("recommendations", filter=Q(recommendations__in=rec_ids), distinct=True))),
        key=lambda row: collation_key(row[1]))
    d.median_days_to_respond = _median_days(recs)
    A = ActionStatus
    aagg = actions.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(due_on__lt=on) & ~Q(status=A.IMPLEMENTED)),
        disagreement=Count("pk", filter=_disagreement_q()),
        avg=Avg("percent"),
        **{f"a_{s}": Count("pk", filter=Q(status=s)) for s in A.values},
    )
    d.actions_total = aagg["total"]
    d.actions_by_status = [(s, label, aagg[f"a_{s}"]) for s, label in A.choices]
    d.overdue_actions = aagg["overdue"]
    d.implemented_actions = aagg[f"a_{A.IMPLEMENTED}"]
    d.implementation_share = _share(d.implemented_actions, d.actions_total)
    d.average_percent = round(aagg["avg"], 1) if aagg["avg"] is not None else None
    d.disagreements = aagg["disagreement"]
    return d


# --- The cross-country scorecard ----------------------------------------------------------

SCORECARD_COLUMNS = [
    # (key, label, numeric)
    ("state", _("State"), False),
    ("recommendations", _("Recommendations"), True),
    ("responded", _("Responded"), True),
    ("response_rate", _("Response rate (%)"), True),
    ("median_days", _("Median days to respond"), True),
    ("overdue_responses", _("Overdue responses"), True),
    ("actions", _("Follow-up actions"), True),
    ("implemented", _("Implemented"), True),
    ("implementation_share", _("Implementation share (%)"), True),
    ("overdue_actions", _("Overdue actions"), True),
    ("disagreements", _("In disagreement"), True),
]
SCORECARD_KEYS = [c[0] for c in SCORECARD_COLUMNS]


@dataclass
class ScorecardRow:
    party: Party
    recommendations: int = 0
    responded: int = 0
    answerable: int = 0
    response_rate: float | None = None
    median_days: float | None = None
    overdue_responses: int = 0
    actions: int = 0
    implemented: int = 0
    implementation_share: float | None = None
    overdue_actions: int = 0
    disagreements: int = 0

    @property
    def state(self) -> str:
        return self.party.local_name


def scorecard(*, public: bool, sort: str = "state", descending: bool = False
              ) -> list[ScorecardRow]:
    """One row per State with a pilot, recommendations or actions: four queries (five on
    SQLite), cached until the next change, sorted by any column (empty values last)."""
    on = today()
    rows = cached_read(("scorecard", public, on.isoformat()),
                       lambda: _scorecard_rows(public=public, on=on))
    if sort not in SCORECARD_KEYS:
        sort = "state"
    present = [x for x in rows if getattr(x, sort) is not None]
    missing = [x for x in rows if getattr(x, sort) is None]
    present.sort(key=lambda x: collation_key(x.state))
    present.sort(key=lambda x: collation_key(x.state) if sort == "state" else getattr(x, sort),
                 reverse=descending)  # stable: ties by name
    return present + sorted(missing, key=lambda x: collation_key(x.state))


def _scorecard_rows(*, public: bool, on) -> list[ScorecardRow]:
    recs = dashboard_recommendations(public=public)
    actions = dashboard_actions(public=public)
    rec_rows = {r["party_id"]: r for r in recs.values("party_id").annotate(
        total=Count("pk"),
        responded=Count("pk", filter=Q(status=Recommendation.Status.RESPONDED)),
        awaiting=Count("pk", filter=Q(status__in=AWAITING)),
        overdue=Count("pk", filter=Q(status__in=AWAITING, response_due_on__lt=on)),
    ).order_by()}
    act_rows = {r["party_id"]: r for r in actions.values("party_id").annotate(
        total=Count("pk"),
        implemented=Count("pk", filter=Q(status=ActionStatus.IMPLEMENTED)),
        overdue=Count("pk", filter=Q(due_on__lt=on) & ~Q(status=ActionStatus.IMPLEMENTED)),
        disagreement=Count("pk", filter=_disagreement_q()),
    ).order_by()}
    medians = _median_days(recs, by_party=True)
    ids = set(rec_rows) | set(act_rows)
    parties = Party.objects.filter(Q(pk__in=ids) | Q(pilots__isnull=False)).distinct()
    rows = []
    for party in parties:
        r, a = rec_rows.get(party.pk, {}), act_rows.get(party.pk, {})
        row = ScorecardRow(
            party=party, recommendations=r.get("total", 0), responded=r.get("responded", 0),
            answerable=r.get("responded", 0) + r.get("awaiting", 0),
            median_days=medians.get(party.pk), overdue_responses=r.get("overdue", 0),
            actions=a.get("total", 0), implemented=a.get("implemented", 0),
            overdue_actions=a.get("overdue", 0), disagreements=a.get("disagreement", 0))
        row.response_rate = _share(row.responded, row.answerable)
        row.implementation_share = _share(row.implemented, row.actions)
        rows.append(row)
    return rows
