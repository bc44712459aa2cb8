"""Writes of pilot initiatives and their roadmap."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consultations import policies
from consultations.events import (
    pilot_created_event,
    pilot_milestone_added_event,
    pilot_milestone_updated_event,
    pilot_updated_event,
)
from consultations.models import Event, Milestone, PilotInitiative

PILOT_FIELDS = ("title", "summary", "launched_on", "status", "alliance", "focal_person",
                "unodc_contact")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You are not allowed to do this."))


def pilot_update(*, actor, pilot: PilotInitiative, data: dict) -> PilotInitiative:
    with transaction.atomic():
        pilot = PilotInitiative.objects.select_for_update().get(pk=pilot.pk)
        _require(policies.can_manage_pilot(actor, pilot))
        changed = []
        for key, value in data.items():
            if key in PILOT_FIELDS and getattr(pilot, key) != value:
                setattr(pilot, key, value)
                changed.append(key)
        pilot.full_clean()
        pilot.save()
        pilot_updated_event(pilot=pilot, actor=actor, changed=changed)
        return pilot


def milestone_follow_event(milestone: Milestone) -> None:
    """A milestone tied to an event is done once the event is held (the one rule, also
    applied when the event's status changes: consultations.services.events)."""
    if milestone.event_id is None:
        return
    # read from the database: the caller's event object may predate a status change
    status, pilot_id = Event.objects.values_list("status", "pilot_id").get(
        pk=milestone.event_id)
    if pilot_id not in (None, milestone.pilot_id):
        raise ValidationError({"event": _("Choose an event of this pilot initiative.")})
    if status == Event.Status.HELD:
        milestone.status = Milestone.Status.DONE


def milestone_create(*, actor, pilot: PilotInitiative, title: str, due_on,
                     status: str = Milestone.Status.PLANNED, event=None) -> Milestone:
    with transaction.atomic():
        _require(policies.can_manage_pilot(actor, pilot))
        milestone = Milestone(pilot=pilot, title=title.strip(), due_on=due_on, status=status,
                              event=event)
        milestone_follow_event(milestone)
        milestone.full_clean()
        milestone.save()
        pilot_milestone_added_event(milestone=milestone, actor=actor)
        return milestone


def milestone_update(*, actor, milestone: Milestone, data: dict) -> Milestone:
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().select_related("pilot").get(
            pk=milestone.pk)
        _require(policies.can_manage_pilot(actor, milestone.pilot))
        for key in ("title", "due_on", "status", "event"):
            if key in data:
                setattr(milestone, key, data[key])
        milestone_follow_event(milestone)
        milestone.full_clean()
        milestone.save()
        pilot_milestone_updated_event(milestone=milestone, actor=actor)
        return milestone


def pilot_create(*, actor, party, data: dict) -> PilotInitiative:
    """A new pilot initiative for a State (UNODC staff, as in the admin)."""
    with transaction.atomic():
        _require(policies.is_unodc_staff(actor))
        pilot = PilotInitiative(party=party,
                                **{k: v for k, v in data.items() if k in PILOT_FIELDS})
        pilot.full_clean()
        pilot.save()
        pilot_created_event(pilot=pilot, actor=actor)
        return pilot
