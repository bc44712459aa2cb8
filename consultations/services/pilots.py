"""Writes of pilot initiatives and their roadmap."""

from __future__ import annotations

import datetime as dt

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
from consultations.models import Event, Milestone, Organization, Party, PilotInitiative
from portal.accounts.models import User
from portal.core.unchanged import UNCHANGED, Unchanged, given


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You are not allowed to do this."))


def pilot_update(
    *, actor: User, pilot: PilotInitiative, title: str | Unchanged = UNCHANGED,
    summary: str | Unchanged = UNCHANGED, launched_on: dt.date | None | Unchanged = UNCHANGED,
    status: str | Unchanged = UNCHANGED, alliance: Organization | None | Unchanged = UNCHANGED,
    focal_person: User | None | Unchanged = UNCHANGED,
    unodc_contact: User | None | Unchanged = UNCHANGED,
) -> PilotInitiative:
    """Change the fields given (the others keep their value)."""
    data = given(title=title, summary=summary, launched_on=launched_on, status=status,
                 alliance=alliance, focal_person=focal_person, unodc_contact=unodc_contact)
    with transaction.atomic():
        pilot = PilotInitiative.objects.select_for_update().get(pk=pilot.pk)
        _require(policies.can_manage_pilot(actor, pilot))
        changed = []
        for key, value in data.items():
            if getattr(pilot, key) != value:
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


def milestone_create(*, actor: User, pilot: PilotInitiative, title: str, due_on: dt.date,
                     status: str = Milestone.Status.PLANNED,
                     event: Event | None = None) -> Milestone:
    with transaction.atomic():
        _require(policies.can_manage_pilot(actor, pilot))
        milestone = Milestone(pilot=pilot, title=title.strip(), due_on=due_on, status=status,
                              event=event)
        milestone_follow_event(milestone)
        milestone.full_clean()
        milestone.save()
        pilot_milestone_added_event(milestone=milestone, actor=actor)
        return milestone


def milestone_update(
    *, actor: User, milestone: Milestone, title: str | Unchanged = UNCHANGED,
    due_on: dt.date | Unchanged = UNCHANGED, status: str | Unchanged = UNCHANGED,
    event: Event | None | Unchanged = UNCHANGED,
) -> Milestone:
    """Change the fields given (the others keep their value)."""
    data = given(title=title, due_on=due_on, status=status, event=event)
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().select_related("pilot").get(
            pk=milestone.pk)
        _require(policies.can_manage_pilot(actor, milestone.pilot))
        for key, value in data.items():
            setattr(milestone, key, value)
        milestone_follow_event(milestone)
        milestone.full_clean()
        milestone.save()
        pilot_milestone_updated_event(milestone=milestone, actor=actor)
        return milestone


def pilot_create(
    *, actor: User, party: Party, title: str, summary: str = "",
    launched_on: dt.date | None = None, status: str = PilotInitiative.Status.PREPARING,
    alliance: Organization | None = None, focal_person: User | None = None,
    unodc_contact: User | None = None,
) -> PilotInitiative:
    """A new pilot initiative for a State (UNODC staff, as in the admin)."""
    with transaction.atomic():
        _require(policies.is_unodc_staff(actor))
        pilot = PilotInitiative(party=party, title=title, summary=summary,
                                launched_on=launched_on, status=status, alliance=alliance,
                                focal_person=focal_person, unodc_contact=unodc_contact)
        pilot.full_clean()
        pilot.save()
        pilot_created_event(pilot=pilot, actor=actor)
        return pilot
