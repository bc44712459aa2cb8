"""The one place that says which status a recommendation may move to, and that
records every move as a domain event (who, when, note): the timeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.errors import StateConflict
from portal.core.models import DomainEvent
from recommendations.events import (
    recommendation_responded_event,
    recommendation_returned_to_draft_event,
    recommendation_submitted_event,
    recommendation_under_consideration_event,
    recommendation_withdrawn_event,
)
from recommendations.models import Recommendation

S = Recommendation.Status

ALLOWED: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.UNDER_CONSIDERATION, S.RESPONDED, S.WITHDRAWN}),
    S.UNDER_CONSIDERATION: frozenset({S.RESPONDED, S.WITHDRAWN}),
    S.RESPONDED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

#: the domain event each move records
STATUS_EVENTS: dict[str, Callable[..., DomainEvent]] = {
    S.DRAFT: recommendation_returned_to_draft_event,
    S.SUBMITTED: recommendation_submitted_event,
    S.UNDER_CONSIDERATION: recommendation_under_consideration_event,
    S.RESPONDED: recommendation_responded_event,
    S.WITHDRAWN: recommendation_withdrawn_event,
}

#: statuses in which the State may still answer and the filer may still withdraw
OPEN = frozenset({S.SUBMITTED, S.UNDER_CONSIDERATION})


def can_transition(recommendation: Recommendation, to: str) -> bool:
    return to in ALLOWED.get(recommendation.status, frozenset())


def transition(recommendation: Recommendation, to: str, *, actor, note: str = "",
               fields: tuple[str, ...] = (), **event: Any) -> DomainEvent:
    """Move ``recommendation`` to ``to`` (the caller holds the row lock), bump its
    version, save the status with ``fields`` and record the move's event (``event``:
    what that event names besides, such as the response)."""
    if not can_transition(recommendation, to):
        raise StateConflict(
            _("A recommendation that is %(current)s cannot become %(target)s."),
            params={"current": recommendation.get_status_display().lower(),
                    "target": S(to).label.lower()},
            code="transition",
        )
    previous = recommendation.status
    recommendation.status = to
    recommendation.version += 1
    recommendation.updated_at = timezone.now()
    recommendation.save(update_fields=["status", "version", "updated_at", *fields])
    return STATUS_EVENTS[to](recommendation=recommendation, actor=actor, previous=previous,
                             note=note, **event)
