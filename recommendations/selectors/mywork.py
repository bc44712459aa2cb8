"""The "my work" page: what waits for the signed-in user, one section per role they
hold (coordinator, member, focal person, agency contact, UNODC staff). Every section is
scoped by the user's roles, shows at most ``LIMIT`` rows and a total, and costs a fixed
number of queries whatever the amount of data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from consultations.models import Invitation, Organization
from consultations.roles import roles_of
from consultations.selectors.organizations import verification_queue
from portal.notifications.models import Notification
from recommendations.models import ActionStatus, CoSignature, FollowUpAction, Recommendation
from recommendations.models import Response as GovResponse
from recommendations.selectors.detail import cosignatures_with_confirmers
from recommendations.selectors.followup import (
    actions_visible_to,
    mine_q,
    next_report_due,
    overdue_q,
    today,
    with_flags,
)
from recommendations.selectors.recommendations import queue_for

LIMIT = 10
# A report due within this many days is listed as "due" (overdue ones always are).
REPORT_HORIZON_DAYS = 30


@dataclass
class Listing:
    """Up to LIMIT rows of a list and its total."""

    rows: list
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


def _listing(qs: QuerySet) -> Listing:
    rows = list(qs[: LIMIT + 1])
    if len(rows) <= LIMIT:
        return Listing(rows=rows, total=len(rows))
    return Listing(rows=rows[:LIMIT], total=qs.count())


@dataclass
class CoordinatorWork:
    drafts: Listing
    cosign_invitations: Listing  # co-signatures the user's organizations asked for
    member_invitations: Listing  # people invited to join the user's organizations
    answers: Listing  # published government responses to the organizations' filings


@dataclass
class ReportDue:
    action: FollowUpAction
    due_on: dt.date
    overdue: bool


@dataclass
class AgencyWork:
    actions: Listing
    reports_due: list[ReportDue]


@dataclass
class FocalWork:
    queue: Listing
    overdue_recommendations: Listing
    overdue_actions: Listing


@dataclass
class StaffWork:
    verification: Listing
    overdue_answers: Listing
    failed_emails: Listing


@dataclass
class MyWork:
    coordinator: CoordinatorWork | None = None
    to_confirm: Listing | None = None  # co-signatures the user may confirm
    own_drafts: Listing | None = None  # a member's drafts in organizations they do not lead
    focal: FocalWork | None = None
    agency: AgencyWork | None = None
    staff: StaffWork | None = None
    organizations: list[Organization] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.coordinator,
                self.to_confirm,
                self.own_drafts,
                self.focal,
                self.agency,
                self.staff,
            )
        )


def cosignatures_to_confirm(user) -> QuerySet[CoSignature]:
    """Open co-signing invitations the user may decide (``can_decide_cosignature``):
    for the verified organizations they coordinate, or belong to when it has no
    coordinator."""
    roles = roles_of(user)
    if not roles.verified_org_ids:
        return CoSignature.objects.none()
    coordinated = roles.verified_org_ids & roles.coordinator_org_ids
    return (
        cosignatures_with_confirmers()
        .filter(status=CoSignature.Status.INVITED, organization_id__in=roles.verified_org_ids)
        .filter(Q(organization_id__in=coordinated) | Q(org_has_coordinator=False))
        .exclude(recommendation__status=Recommendation.Status.WITHDRAWN)
        .select_related("recommendation", "recommendation__party")
        .order_by("-invited_at", "-id")
    )


def _coordinator_work(org_ids) -> CoordinatorWork:
    recs = Recommendation.objects.filter(organization_id__in=org_ids)
    drafts = (
        recs.filter(status=Recommendation.Status.DRAFT)
        .select_related("organization", "party")
        .order_by("-updated_at", "-pk")
    )
    cosigns = (
        CoSignature.objects.filter(
            recommendation__organization_id__in=org_ids, status=CoSignature.Status.INVITED
        )
        .select_related("organization", "recommendation")
        .order_by("-invited_at", "-id")
    )
    invitations = (
        Invitation.objects.filter(
            organization_id__in=org_ids,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("organization")
        .order_by("-created_at", "-id")
    )
    answers = (
        GovResponse.objects.filter(
            recommendation__organization_id__in=org_ids, status=GovResponse.Status.PUBLISHED
        )
        .select_related("recommendation", "recommendation__party")
        .order_by("-published_at", "-id")
    )
    return CoordinatorWork(
        drafts=_listing(drafts),
        cosign_invitations=_listing(cosigns),
        member_invitations=_listing(invitations),
        answers=_listing(answers),
    )


def _focal_work(user, party_ids) -> FocalWork:
    actions = (
        FollowUpAction.objects.filter(party_id__in=party_ids)
        .filter(overdue_q())
        .select_related("party", "lead_body")
        .order_by("due_on", "id")
    )
    return FocalWork(
        queue=_listing(queue_for(user)),
        overdue_recommendations=_listing(queue_for(user, overdue_only=True)),
        overdue_actions=_listing(actions),
    )


def _agency_work(user) -> AgencyWork:
    qs = (
        with_flags(actions_visible_to(user).filter(mine_q(user)))
        .exclude(status=ActionStatus.IMPLEMENTED)
        .select_related("party", "lead_body")
        .order_by("due_on", "id")
    )
    actions = _listing(qs)
    on = today()
    horizon = on + dt.timedelta(days=REPORT_HORIZON_DAYS)
    due = []
    for action in actions.rows:
        day = next_report_due(action, action.last_report_on)
        if day is None and not action.report_every_months and action.due_on:
            # Without a schedule, one report is due by the action's own due date.
            reported = action.last_report_on
            day = action.due_on if reported is None or reported < action.due_on else None
        if day is not None and day <= horizon:
            due.append(ReportDue(action=action, due_on=day, overdue=day < on))
    due.sort(key=lambda r: r.due_on)
    return AgencyWork(actions=actions, reports_due=due)


def _staff_work(user) -> StaffWork:
    failed = (
        Notification.objects.filter(email_status=Notification.EmailStatus.FAILED)
        .select_related("recipient")
        .order_by("-created_at", "-id")
    )
    return StaffWork(
        verification=_listing(verification_queue()),
        overdue_answers=_listing(queue_for(user, overdue_only=True)),
        failed_emails=_listing(failed),
    )


def my_work(user) -> MyWork:
    """Every section of the user's roles (a user with several roles gets several)."""
    roles = roles_of(user)
    work = MyWork()
    if not roles.is_authenticated:
        return work
    coordinated = roles.coordinator_org_ids & roles.verified_org_ids
    if coordinated:
        work.coordinator = _coordinator_work(coordinated)
    if roles.verified_org_ids:
        work.to_confirm = _listing(cosignatures_to_confirm(user))
    others = roles.member_org_ids - coordinated
    if others:
        work.own_drafts = _listing(
            Recommendation.objects.filter(
                organization_id__in=others, created_by=user, status=Recommendation.Status.DRAFT
            )
            .select_related("organization", "party")
            .order_by("-updated_at", "-pk")
        )
    if roles.focal_party_ids:
        work.focal = _focal_work(user, roles.focal_party_ids)
    if roles.agency_ids:
        work.agency = _agency_work(user)
    if roles.is_unodc_staff:
        work.staff = _staff_work(user)
    if roles.member_org_ids:
        work.organizations = list(
            Organization.objects.filter(pk__in=roles.member_org_ids).order_by("name")
        )
    return work
