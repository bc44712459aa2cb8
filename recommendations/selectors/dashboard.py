"""The UNODC dashboard and the cross-country scorecard: every number is computed in the
database (aggregate / annotate with filtered counts), in a fixed number of queries
whatever the number of rows. The public version counts public rows only."""

from __future__ import annotations

import datetime as dt
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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultations.models import Cluster, Instrument, Party
from portal.core.forms import collation_key
from portal.core.read_models import read_model
from recommendations.models import (
    ActionStatus,
    Assessment,
    FollowUpAction,
    Recommendation,
    Theme,
    Verdict,
)
from recommendations.selectors.followup import public_actions

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


def dashboard_recommendations(*, public: bool, party: Party | int | None = None
                              ) -> QuerySet[Recommendation]:
    qs = Recommendation.objects.exclude(status=Recommendation.Status.DRAFT)
    if public:
        qs = qs.filter(is_public=True)
    if party is not None:
        qs = qs.filter(party=party)
    return qs


def dashboard_actions(*, public: bool, party: Party | int | None = None
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
    as_of: dt.datetime | None = None  # when the numbers were computed
    stale: bool = False  # a change since: a newer version is being computed


def dashboard(*, public: bool, party: Party | None = None) -> Dashboard:
    """The dashboard of one State or of all, read from its stored read model
    (portal.core.read_models: computed by a task after the changes that affect it, never
    in the request) with the labels of instruments, clusters and themes in the reader's
    language; ``as_of`` says when its numbers were computed."""
    snapshot = read_model("dashboard", public=public, party=party.pk if party else None)
    n = snapshot.value
    S = Recommendation.Status
    statuses = [s for s in S.values if s != S.DRAFT]
    d = Dashboard(public=public, party=party, recommendations_total=n["total"],
                  as_of=snapshot.as_of, stale=snapshot.stale)
    labels = dict(S.choices)
    d.by_status = [(s, labels[s], n["statuses"].get(s, 0)) for s in statuses]
    d.responded = n["statuses"].get(S.RESPONDED, 0)
    d.awaiting = sum(n["statuses"].get(s, 0) for s in AWAITING)
    d.answerable = d.responded + d.awaiting
    d.response_rate = _share(d.responded, d.answerable)
    d.overdue_responses = n["overdue"]
    d.by_instrument = [(i.code, str(i), n["instruments"].get(str(i.pk), 0))
                       for i in Instrument.objects.order_by("order", "code")]
    d.by_cluster = [(str(c.number), str(c), n["clusters"].get(str(c.pk), 0))
                    for c in Cluster.objects.order_by("number")] + (
        [("none", gettext("No cluster"), n["no_cluster"])] if n["no_cluster"] else [])
    d.by_theme = sorted(((t.slug, str(t), n["themes"].get(str(t.pk), 0))
                         for t in Theme.objects.all()),
                        key=lambda row: collation_key(row[1]))
    d.median_days_to_respond = n["median_days"]
    a = n["actions"]
    d.actions_total = a["total"]
    d.actions_by_status = [(s, label, a["statuses"].get(s, 0))
                           for s, label in ActionStatus.choices]
    d.overdue_actions = a["overdue"]
    d.implemented_actions = a["statuses"].get(ActionStatus.IMPLEMENTED, 0)
    d.implementation_share = _share(d.implemented_actions, d.actions_total)
    d.average_percent = round(a["avg"], 1) if a["avg"] is not None else None
    d.disagreements = a["disagreement"]
    return d


def dashboard_numbers(*, day, public: bool, party: int | None) -> dict:
    """The dashboard's numbers (JSON, no labels): seven queries (eight with the Python
    median on SQLite) whatever the data size. The read model "dashboard"."""
    recs = dashboard_recommendations(public=public, party=party)
    actions = dashboard_actions(public=public, party=party)
    S = Recommendation.Status
    statuses = [s for s in S.values if s != S.DRAFT]
    agg = recs.aggregate(
        total=Count("pk"),
        no_cluster=Count("pk", filter=Q(cluster__isnull=True)),
        overdue=Count("pk", filter=Q(status__in=AWAITING, response_due_on__lt=day)),
        **{f"s_{s}": Count("pk", filter=Q(status=s)) for s in statuses},
    )
    rec_ids = recs.values("pk")

    def counts(model) -> dict[str, int]:
        return {str(pk): n for pk, n in model.objects.annotate(
            n=Count("recommendations", filter=Q(recommendations__in=rec_ids), distinct=True)
        ).values_list("pk", "n").order_by()}

    A = ActionStatus
    aagg = actions.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(due_on__lt=day) & ~Q(status=A.IMPLEMENTED)),
        disagreement=Count("pk", filter=_disagreement_q()),
        avg=Avg("percent"),
        **{f"a_{s}": Count("pk", filter=Q(status=s)) for s in A.values},
    )
    return {
        "total": agg["total"], "no_cluster": agg["no_cluster"], "overdue": agg["overdue"],
        "statuses": {s: agg[f"s_{s}"] for s in statuses},
        "instruments": counts(Instrument), "clusters": counts(Cluster),
        "themes": counts(Theme), "median_days": _median_days(recs),
        "actions": {"total": aagg["total"], "overdue": aagg["overdue"],
                    "disagreement": aagg["disagreement"],
                    "avg": float(aagg["avg"]) if aagg["avg"] is not None else None,
                    "statuses": {s: aagg[f"a_{s}"] for s in A.values}},
    }


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
    as_of: dt.datetime | None = None

    @property
    def state(self) -> str:
        return self.party.local_name


def scorecard(*, public: bool, sort: str = "state", descending: bool = False
              ) -> list[ScorecardRow]:
    """One row per State with a pilot, recommendations or actions, read from the stored
    read model "scorecard" (plus one query for the States), sorted by any column (empty
    values last). Each row's ``as_of`` says when its numbers were computed."""
    snapshot = read_model("scorecard", public=public)
    parties = Party.objects.in_bulk([r["party"] for r in snapshot.value])
    rows = []
    for r in snapshot.value:
        if r["party"] not in parties:
            continue
        row = ScorecardRow(party=parties[r["party"]], as_of=snapshot.as_of,
                           **{k: v for k, v in r.items() if k != "party"})
        row.response_rate = _share(row.responded, row.answerable)
        row.implementation_share = _share(row.implemented, row.actions)
        rows.append(row)
    if sort not in SCORECARD_KEYS:
        sort = "state"
    present = [x for x in rows if getattr(x, sort) is not None]
    missing = [x for x in rows if getattr(x, sort) is None]
    present.sort(key=lambda x: collation_key(x.state))
    present.sort(key=lambda x: collation_key(x.state) if sort == "state" else getattr(x, sort),
                 reverse=descending)  # stable: ties by name
    return present + sorted(missing, key=lambda x: collation_key(x.state))


def scorecard_numbers(*, day, public: bool) -> list[dict]:
    """The scorecard's numbers per State (JSON): four queries (five on SQLite). The
    read model "scorecard"."""
    recs = dashboard_recommendations(public=public)
    actions = dashboard_actions(public=public)
    rec_rows = {r["party_id"]: r for r in recs.values("party_id").annotate(
        total=Count("pk"),
        responded=Count("pk", filter=Q(status=Recommendation.Status.RESPONDED)),
        awaiting=Count("pk", filter=Q(status__in=AWAITING)),
        overdue=Count("pk", filter=Q(status__in=AWAITING, response_due_on__lt=day)),
    ).order_by()}
    act_rows = {r["party_id"]: r for r in actions.values("party_id").annotate(
        total=Count("pk"),
        implemented=Count("pk", filter=Q(status=ActionStatus.IMPLEMENTED)),
        overdue=Count("pk", filter=Q(due_on__lt=day) & ~Q(status=ActionStatus.IMPLEMENTED)),
        disagreement=Count("pk", filter=_disagreement_q()),
    ).order_by()}
    medians = _median_days(recs, by_party=True)
    ids = set(rec_rows) | set(act_rows)
    party_ids = (Party.objects.filter(Q(pk__in=ids) | Q(pilots__isnull=False))
                 .values_list("pk", flat=True).distinct().order_by("pk"))
    rows = []
    for pk in party_ids:
        r, a = rec_rows.get(pk, {}), act_rows.get(pk, {})
        rows.append({
            "party": pk, "recommendations": r.get("total", 0),
            "responded": r.get("responded", 0),
            "answerable": r.get("responded", 0) + r.get("awaiting", 0),
            "median_days": medians.get(pk), "overdue_responses": r.get("overdue", 0),
            "actions": a.get("total", 0), "implemented": a.get("implemented", 0),
            "overdue_actions": a.get("overdue", 0),
            "disagreements": a.get("disagreement", 0)})
    return rows
