"""The one place that says which status a recommendation may move to, and that
records every move as a domain event (who, when, note): the timeline."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.errors import StateConflict
from portal.core.events import event_record
from recommendations.models import Recommendation

S = Recommendation.Status

ALLOWED: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.UNDER_CONSIDERATION, S.RESPONDED, S.WITHDRAWN}),
    S.UNDER_CONSIDERATION: frozenset({S.RESPONDED, S.WITHDRAWN}),
    S.RESPONDED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

#: statuses in which the State may still answer and the filer may still withdraw
OPEN = frozenset({S.SUBMITTED, S.UNDER_CONSIDERATION})


def can_transition(recommendation: Recommendation, to: str) -> bool:
    return to in ALLOWED.get(recommendation.status, frozenset())


def transition(recommendation: Recommendation, to: str, *, actor, note: str = "",
               payload: dict | None = None, fields: tuple[str, ...] = ()):
    """Move ``recommendation`` to ``to`` (the caller holds the row lock), bump its
    version, save the status with ``fields`` and record ``recommendation.<to>``."""
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
    return event_record(kind=f"recommendation.{to}", target=recommendation, actor=actor,
                        note=note, payload={"from": previous, "to": to, **(payload or {})})
