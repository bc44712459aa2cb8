"""The State's answer: a position, a justification and commitments that become
follow-up actions; optionally approved by a second official before it is published.

Concurrency: the caller passes the recommendation's ``version`` the official saw; the
row is locked with select_for_update; if somebody answered (or changed it) meanwhile,
``ConflictError`` carries the answer that won and nothing is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import Organization
from portal.core import content_language
from portal.core.errors import StateConflict
from recommendations import policies
from recommendations.events import (
    action_created_event,
    response_drafted_event,
    response_returned_event,
)
from recommendations.models import (
    ActionStatus,
    FollowUpAction,
    Position,
    Recommendation,
    Response,
)
from recommendations.notifications import (
    action_lead_notify,
    recommendation_responded_notify,
    response_drafted_notify,
)
from recommendations.services.recommendations import (
    ConflictError,
    lock,
)
from recommendations.transitions import OPEN, transition

S = Recommendation.Status
NEEDS_JUSTIFICATION = (Position.SUPPORTED_IN_PART, Position.NOTED)


@dataclass(frozen=True)
class Commitment:
    lead_body: Organization
    action: str
    due_on: dt.date | None = None


def _existing_response(rec: Recommendation) -> Response | None:
    return Response.objects.select_related("responded_by").filter(recommendation=rec).first()


def _validate(rec: Recommendation, position: str, justification: str,
              commitments: Sequence[Commitment]) -> None:
    errors: dict[str, list[str]] = {}
    if position not in Position.values:
        errors["position"] = [_("Choose a position.")]
    if position in NEEDS_JUSTIFICATION and not justification.strip():
        errors["justification"] = [_("Explain the position: a justification is required "
                                     "when a recommendation is supported in part or noted.")]
    if position == Position.NOTED and commitments:
        errors.setdefault("__all__", []).append(
            _("A noted recommendation has no commitments; remove them or choose another "
              "position."))
    for c in commitments:
        if not c.lead_body.is_governmental or c.lead_body.country_id != rec.party_id:
            errors.setdefault("__all__", []).append(
                _("%(body)s is not a government body of %(state)s.")
                % {"body": c.lead_body.name, "state": rec.party.name})
        if not c.action.strip():
            errors.setdefault("__all__", []).append(_("Describe each commitment's action."))
        if c.due_on and c.due_on < timezone.localdate():
            errors.setdefault("__all__", []).append(
                _("The target date of “%(action)s” is in the past.") % {"action": c.action})
    if errors:
        raise ValidationError(errors)


def response_create(*, actor, recommendation: Recommendation, expected_version: int,
                    position: str, justification: str = "",
                    commitments: Sequence[Commitment] = (),
                    language: str | None = None) -> Response:
    """Answer a recommendation. Published at once, or held for a second official's
    approval when the State requires it."""
    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.is_focal_person_of(actor, rec.party_id):
            raise PermissionDenied
        if rec.status == S.WITHDRAWN:
            raise StateConflict(_("This recommendation was withdrawn by the filing "
                                    "organization: it can no longer be answered."))
        existing = _existing_response(rec)
        if existing is not None or rec.status not in OPEN:
            raise ConflictError(
                _("Another official answered this recommendation while you were writing. "
                  "Your answer was not saved; this is the answer that was recorded."),
                recommendation=rec, response=existing)
        if rec.version != expected_version:
            raise ConflictError(
                _("This recommendation changed while you were writing your answer (for "
                  "example a corrected version). Your answer was not saved: read the "
                  "current text and answer again."), recommendation=rec)
        _validate(rec, position, justification, commitments)
        language = content_language.clean(language)
        pending = rec.party.requires_second_approval
        response = Response.objects.create(
            recommendation=rec, position=position, justification=justification.strip(),
            responded_by=actor, language=language,
            status=Response.Status.PENDING_APPROVAL if pending else Response.Status.PUBLISHED,
            commitments=[{"lead_body": c.lead_body.pk, "lead_body_name": c.lead_body.name,
                          "action": c.action.strip(),
                          "due_on": c.due_on.isoformat() if c.due_on else None}
                         for c in commitments])
        if pending:
            if rec.status == S.SUBMITTED:
                transition(rec, S.UNDER_CONSIDERATION, actor=actor)
            else:
                rec.version += 1
                rec.save(update_fields=["version", "updated_at"])
            ev = response_drafted_event(response=response, actor=actor)
            response_drafted_notify(response=response, actor=actor, event=ev)
            return response
        _publish(rec, response, actor=actor)
        return response


def response_approve(*, actor, recommendation: Recommendation,
                     expected_version: int) -> Response:
    """A second official of the same State approves and publishes the response."""
    with transaction.atomic():
        rec = lock(recommendation)
        response = _existing_response(rec)
        if response is None:
            raise StateConflict(_("There is no response to approve."))
        if not policies.is_focal_person_of(actor, rec.party_id):
            raise PermissionDenied
        if response.status == Response.Status.PUBLISHED or rec.version != expected_version:
            raise ConflictError(_("This response was already approved or changed by "
                                  "another official."), recommendation=rec, response=response)
        if response.responded_by_id == actor.pk:
            raise StateConflict(_("A second official must approve: you cannot approve "
                                    "your own response."))
        if rec.status == S.WITHDRAWN:
            raise StateConflict(_("This recommendation was withdrawn."))
        response.approved_by = actor
        _publish(rec, response, actor=actor)
        return response


def response_reject(*, actor, recommendation: Recommendation, expected_version: int,
                    note: str) -> None:
    """The second official sends the proposed response back: it is deleted and the
    recommendation can be answered again."""
    with transaction.atomic():
        rec = lock(recommendation)
        response = _existing_response(rec)
        if response is None or response.status != Response.Status.PENDING_APPROVAL:
            raise StateConflict(_("There is no response awaiting approval."))
        if not policies.can_approve_response(actor, rec):
            raise PermissionDenied
        if rec.version != expected_version:
            raise ConflictError(_("This response was changed by another official."),
                                recommendation=rec, response=response)
        if not note.strip():
            raise ValidationError({"note": _("Say why the response is sent back.")})
        response_returned_event(recommendation=rec, actor=actor, note=note.strip())
        response.delete()
        rec.version += 1
        rec.save(update_fields=["version", "updated_at"])


def _publish(rec: Recommendation, response: Response, *, actor) -> None:
    now = timezone.now()
    response.status = Response.Status.PUBLISHED
    response.published_at = now
    response.version += 1
    response.save(update_fields=["status", "published_at", "version", "approved_by"])
    rec.position = response.position
    rec.responded_at = now
    if rec.party.publish_on_response:
        rec.is_public = True
    ev = transition(rec, S.RESPONDED, actor=actor, response=response,
                    fields=("position", "responded_at", "is_public"))
    for item in response.commitments:
        action = FollowUpAction.objects.create(
            party=rec.party, title=item["action"][:300], lead_body_id=item["lead_body"],
            due_on=dt.date.fromisoformat(item["due_on"]) if item.get("due_on") else None,
            start_on=None, status=ActionStatus.PLANNED, created_by=actor,
            description=_("Commitment in the response to %(ref)s.") % {"ref": rec.reference})
        action.recommendations.add(rec)
        action_ev = action_created_event(action=action, actor=actor,
                                         payload={"recommendation": rec.pk,
                                                  "from_response": response.pk})
        action_lead_notify(action=action, event=action_ev, body_changed=True,
                           responsible_changed=False)
    recommendation_responded_notify(recommendation=rec, response=response, event=ev)
