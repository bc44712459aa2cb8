"""Reads of follow-up actions and their progress, always scoped to what the user may see."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import ActionItem, Organization
from consultations.roles import roles_of
from recommendations.models import (
    ActionStatus,
    Assessment,
    Evidence,
    FollowUpAction,
    ProgressReport,
    Recommendation,
    Verdict,
)
from recommendations.policies import can_view_evidence
from recommendations.selectors.translations import report_translations_prefetch


def today() -> dt.date:
    return timezone.localdate()


def public_recommendations_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_public": True}) & ~Q(**{f"{prefix}status":
                                                   Recommendation.Status.DRAFT})


def public_actions() -> QuerySet[FollowUpAction]:
    """Actions serving at least one recommendation, all of them public."""
    hidden = Recommendation.objects.exclude(public_recommendations_q()).filter(
        actions=OuterRef("pk"))
    return FollowUpAction.objects.filter(recommendations__isnull=False).exclude(
        Exists(hidden)).distinct()


def actions_visible_to(user) -> QuerySet[FollowUpAction]:
    roles = roles_of(user)
    qs = FollowUpAction.objects.all()
    if roles.is_unodc_staff:
        return qs
    public_ids = public_actions().values("pk")
    if not roles.is_authenticated:
        return qs.filter(pk__in=public_ids)
    own = FollowUpAction.objects.filter(
        recommendations__organization_id__in=roles.member_org_ids).values("pk")
    return qs.filter(Q(pk__in=public_ids) | Q(party_id__in=roles.official_party_ids)
                     | Q(pk__in=own))


def overdue_q(on: dt.date | None = None) -> Q:
    # "due_on IS NOT NULL" first: an action without a due date is never overdue (not NULL)
    return Q(due_on__isnull=False, due_on__lt=on or today()) & ~Q(status=ActionStatus.IMPLEMENTED)


def disagreement_q() -> Q:
    """The alliance disagrees, or UNODC validated another status than the government's."""
    disagree = Assessment.objects.filter(action=OuterRef("pk"), verdict=Verdict.DISAGREE)
    return Q(Exists(disagree)) | (Q(validation__isnull=False)
                                  & ~Q(validation__status=F("status")))


def closed_q() -> Q:
    return Q(status=ActionStatus.IMPLEMENTED, validation__status=ActionStatus.IMPLEMENTED)


def with_flags(qs: QuerySet[FollowUpAction]) -> QuerySet[FollowUpAction]:
    on = today()
    return qs.annotate(
        is_overdue=ExpressionWrapper(overdue_q(on), output_field=BooleanField()),
        in_disagreement=ExpressionWrapper(disagreement_q(), output_field=BooleanField()),
        last_report_on=Max("progress_reports__reported_on"),
        report_count=Count("progress_reports", distinct=True),
    )


def mine_q(user) -> Q:
    """An agency contact's own actions: those of the bodies the user is a contact of,
    and those the user is responsible for."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(responsible=user) | Q(lead_body_id__in=roles_of(user).agency_ids)


def action_list(user, *, party_id: int | None = None, status: str = "",
                overdue: bool = False, disagreement: bool = False, mine: bool = False
                ) -> QuerySet[FollowUpAction]:
    qs = actions_visible_to(user)
    if mine:
        qs = qs.filter(mine_q(user))
    if party_id:
        qs = qs.filter(party_id=party_id)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(overdue_q())
    if disagreement:
        qs = qs.filter(disagreement_q())
    return (with_flags(qs).select_related("party", "lead_body", "responsible", "validation")
            .prefetch_related(
                Prefetch("recommendations",
                         queryset=Recommendation.objects.select_related("organization")
                         .order_by("reference")),
                Prefetch("assessments",
                         queryset=Assessment.objects.select_related("organization")))
            .order_by(F("due_on").asc(nulls_last=True), "id"))


def action_detail(user, pk: int) -> FollowUpAction:
    """The action with everything its page shows, or Http404 if the user may not see it."""

    qs = with_flags(actions_visible_to(user)).select_related(
        "party", "lead_body", "responsible", "validation__validated_by", "source_event",
        "created_by",
    ).prefetch_related(
        Prefetch("recommendations",
                 queryset=Recommendation.objects.select_related("organization")
                 .order_by("reference")),
        Prefetch("assessments",
                 queryset=Assessment.objects.select_related("organization", "author")),
        Prefetch("progress_reports",
                 queryset=ProgressReport.objects.select_related("author")
                 .prefetch_related("evidence", "revisions__edited_by",
                                   report_translations_prefetch())),
    )
    return get_object_or_404(qs, pk=pk)


def action_item_of_party(party, item_pk: int):
    """An action item of one of this State's events (404 otherwise), with the follow-up
    action it already became, if any; the service decides whether it may become one."""
    return get_object_or_404(
        ActionItem.objects.select_related("event", "owner_organization", "follow_up_action"),
        pk=item_pk, event__party=party)


def action_initial_from_item(item) -> dict:
    """The follow-up form's starting values for an event action item: its title and due
    date, the event as context, and its owner as lead body when that is a government
    body."""
    owner = item.owner_organization
    initial = {"title": item.title, "due_on": item.due_on,
               "description": _("Agreed at %(event)s.") % {"event": item.event.title}}
    if item.owner_name:
        initial["description"] += " " + _("Owner: %(owner)s.") % {"owner": item.owner_name}
    if owner is not None and owner.category == Organization.Category.GOVERNMENTAL:
        initial["lead_body"] = owner.pk
    return initial


def evidence_for_download(user, pk: int) -> tuple[Evidence, FollowUpAction]:

    evidence = get_object_or_404(Evidence.objects.select_related("report"), pk=pk)
    action = action_detail(user, evidence.report.action_id)
    if not evidence.is_file or not can_view_evidence(user, evidence, action):
        raise Http404
    return evidence, action


def is_closed(action: FollowUpAction) -> bool:
    validation = getattr(action, "validation", None)
    return (action.status == ActionStatus.IMPLEMENTED and validation is not None
            and validation.status == ActionStatus.IMPLEMENTED)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def report_due_dates(action: FollowUpAction) -> list[dt.date]:
    """Every report due date of an action reporting every N months: from the start (or
    creation) every N months up to the due date (or, without one, two years ahead)."""
    if not action.report_every_months:
        return []
    start = action.start_on or timezone.localdate(action.created_at)
    end = action.due_on or add_months(today(), 24)
    dates: list[dt.date] = []
    k = 1
    while len(dates) < 120:
        day = add_months(start, action.report_every_months * k)
        if day > end:
            break
        dates.append(day)
        k += 1
    if action.due_on and (not dates or dates[-1] != action.due_on):
        dates.append(action.due_on)
    return dates


def next_report_due(action: FollowUpAction, last_report_on: dt.date | None) -> dt.date | None:
    for day in report_due_dates(action):
        if last_report_on is None or day > last_report_on:
            return day
    return None


@dataclass
class ThreeViews:
    """The government's self-report, the alliances' assessments and UNODC's validation."""

    government_status: str
    government_status_label: str
    government_percent: int
    assessments: list
    validation: object | None
    disagreement: bool


def three_views(action: FollowUpAction) -> ThreeViews:
    assessments = list(action.assessments.all())
    validation = getattr(action, "validation", None)
    disagreement = any(a.verdict == Verdict.DISAGREE for a in assessments) or (
        validation is not None and validation.status != action.status)
    return ThreeViews(action.status, action.get_status_display(), action.percent,
                      assessments, validation, disagreement)
