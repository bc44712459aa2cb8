"""The pilot page: a pilot initiative with its roadmap, its events, the
recommendations to its State, follow-up actions and open action items, in a fixed
number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Sum
from django.http import Http404
from django.shortcuts import render

from consultations import policies
from consultations.models import ActionItem, Attendance, Milestone, PilotInitiative
from consultations.selectors.events import EventFilters, event_list
from consultations.selectors.pilots import RECENT
from recommendations.models import ActionStatus, Recommendation
from recommendations.selectors.followup import actions_visible_to
from recommendations.selectors.recommendations import recommendations_visible_to


@dataclass
class PilotPage:
    pilot: PilotInitiative
    events: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)
    recommendation_counts: dict[str, int] = field(default_factory=dict)
    recommendation_total: int = 0
    actions: list = field(default_factory=list)
    action_counts: dict[str, int] = field(default_factory=dict)
    action_items: list = field(default_factory=list)

    def recommendation_rows(self) -> list[tuple[str, int]]:
        return [(label, self.recommendation_counts.get(value, 0))
                for value, label in Recommendation.Status.choices
                if value != Recommendation.Status.DRAFT]

    def action_rows(self) -> list[tuple[str, int]]:
        return [(label, self.action_counts.get(value, 0))
                for value, label in ActionStatus.choices]


def _add_attendance(events: list) -> None:
    """``attended``: the recorded attendance of each event (one query), shown for held
    events instead of the registrations."""
    totals = dict(Attendance.objects.filter(event_id__in=[e.pk for e in events])
                  .values("event_id").annotate(n=Sum("count")).order_by()
                  .values_list("event_id", "n"))
    for event in events:
        event.attended = totals.get(event.pk)


def pilot_page(user, pk: int) -> PilotPage:
    """A pilot with its roadmap, its events (those the user may see), the
    recommendations to its State, follow-up actions and open action items."""
    try:
        pilot = (PilotInitiative.objects
                 .select_related("party", "alliance", "alliance__lead_organization",
                                 "focal_person", "unodc_contact")
                 .prefetch_related(Prefetch("milestones",
                                            queryset=Milestone.objects.select_related("event")
                                            .order_by("due_on", "pk")))
                 .get(pk=pk))
    except PilotInitiative.DoesNotExist as exc:
        raise Http404 from exc
    page = PilotPage(pilot=pilot)
    page.events = list(event_list(user, EventFilters(when="all", pilot=pilot.pk)))
    _add_attendance(page.events)
    recs = recommendations_visible_to(user).filter(party_id=pilot.party_id)
    for row in recs.values("status").annotate(n=Count("pk")).order_by():
        page.recommendation_counts[row["status"]] = row["n"]
    page.recommendation_total = sum(page.recommendation_counts.values())
    page.recommendations = list(
        recs.select_related("organization", "event")
        .order_by(F("submitted_at").desc(nulls_last=True), "-pk")[:RECENT])
    actions = actions_visible_to(user).filter(party_id=pilot.party_id)
    for row in actions.values("status").annotate(n=Count("pk")).order_by():
        page.action_counts[row["status"]] = row["n"]
    page.actions = list(actions.select_related("lead_body")
                        .order_by(F("due_on").asc(nulls_last=True), "pk")[:RECENT])
    event_ids = [e.pk for e in page.events]
    page.action_items = list(
        ActionItem.objects.filter(event_id__in=event_ids, status=ActionItem.Status.OPEN)
        .select_related("event", "owner_organization").order_by("due_on", "pk"))
    return page


def pilot_detail(request, pk: int):
    page = pilot_page(request.user, pk)
    return render(request, "consultations/pilots/detail.html", {
        "page": page, "pilot": page.pilot,
        "can_manage": policies.can_manage_pilot(request.user, page.pilot),
        "can_create_event": policies.can_create_event(request.user, page.pilot.party),
    })
