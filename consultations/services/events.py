"""Writes of events, registrations and outcomes. Each function: one transaction, the
policy checked, rows changed, a domain event recorded, the implied notifications
written to the outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.timezone import now
from django.utils.translation import gettext as _

from consultations import policies
from consultations.events import (
    event_action_item_created_event,
    event_action_item_updated_event,
    event_attendance_recorded_event,
    event_cancelled_event,
    event_created_event,
    event_document_added_event,
    event_document_removed_event,
    event_held_event,
    event_minutes_recorded_event,
    event_published_event,
    event_registration_opened_event,
    event_unpublished_event,
    event_updated_event,
    registration_cancelled_event,
    registration_created_event,
    registration_promoted_event,
)
from consultations.models import (
    ActionItem,
    Attendance,
    Cluster,
    Event,
    EventDocument,
    Milestone,
    Organization,
    Party,
    PilotInitiative,
    RegionalNetwork,
    Registration,
    WorkingGroup,
)
from consultations.notifications import (
    event_cancelled_notify,
    event_changed_notify,
    registration_cancelled_notify,
    registration_created_notify,
    registration_promoted_notify,
)
from consultations.roles import roles_of
from consultations.selectors.recipients import active_user_by_email
from consultations.uploads import validate_upload
from portal.accounts.models import User
from portal.core.errors import StateConflict
from portal.core.models import DomainEvent
from portal.core.unchanged import UNCHANGED, Unchanged, given

#: fields whose change registrants are told about
NOTIFIED_FIELDS = ("starts_at", "ends_at", "timezone", "mode", "venue", "online_url")

#: allowed status changes
TRANSITIONS: dict[str, set[str]] = {
    Event.Status.DRAFT: {Event.Status.PUBLISHED, Event.Status.REGISTRATION_OPEN,
                         Event.Status.CANCELLED},
    Event.Status.PUBLISHED: {Event.Status.REGISTRATION_OPEN, Event.Status.HELD,
                             Event.Status.CANCELLED, Event.Status.DRAFT},
    Event.Status.REGISTRATION_OPEN: {Event.Status.PUBLISHED, Event.Status.HELD,
                                     Event.Status.CANCELLED},
    Event.Status.HELD: set(),
    Event.Status.CANCELLED: set(),
}
#: the event each status change records
STATUS_EVENTS: dict[str, Callable[..., DomainEvent]] = {
    Event.Status.DRAFT: event_unpublished_event,
    Event.Status.PUBLISHED: event_published_event,
    Event.Status.REGISTRATION_OPEN: event_registration_opened_event,
    Event.Status.HELD: event_held_event,
    Event.Status.CANCELLED: event_cancelled_event,
}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You are not allowed to do this."))


def _lock(event: Event) -> Event:
    """Lock the event row for the rest of the transaction (serializes registrations)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _full_clean(event: Event) -> None:
    event.full_clean(exclude=["created_by"], validate_unique=False,
                     validate_constraints=False)


# --- Events -------------------------------------------------------------------------


def event_create(
    *, actor: User, kind: str, title: str, starts_at: dt.datetime, ends_at: dt.datetime,
    description: str = "", party: Party | None = None, pilot: PilotInitiative | None = None,
    working_group: WorkingGroup | None = None, cluster: Cluster | None = None,
    network: RegionalNetwork | None = None, timezone: str = "UTC",
    mode: str = Event.Mode.IN_PERSON, venue: str = "", online_url: str = "",
    capacity: int | None = None, registration_deadline: dt.datetime | None = None,
    organizers: Iterable[Organization] = (),
) -> Event:
    """A new event, in draft (where it happens: ``Event.clean``)."""
    with transaction.atomic():
        _require(policies.can_create_event(actor, party))
        if party is None and not roles_of(actor).is_unodc_staff:
            raise ValidationError({"party": _("Choose your State.")})
        event = Event(kind=kind, title=title, description=description, party=party,
                      pilot=pilot, working_group=working_group, cluster=cluster,
                      network=network, starts_at=starts_at, ends_at=ends_at,
                      timezone=timezone, mode=mode, venue=venue, online_url=online_url,
                      capacity=capacity, registration_deadline=registration_deadline,
                      created_by=actor, status=Event.Status.DRAFT)
        _full_clean(event)
        event.save()
        event.organizers.set(list(organizers))
        event_created_event(event=event, actor=actor)
        return event


def event_update(
    *, actor: User, event: Event, kind: str | Unchanged = UNCHANGED,
    title: str | Unchanged = UNCHANGED, starts_at: dt.datetime | Unchanged = UNCHANGED,
    ends_at: dt.datetime | Unchanged = UNCHANGED, description: str | Unchanged = UNCHANGED,
    party: Party | None | Unchanged = UNCHANGED,
    pilot: PilotInitiative | None | Unchanged = UNCHANGED,
    working_group: WorkingGroup | None | Unchanged = UNCHANGED,
    cluster: Cluster | None | Unchanged = UNCHANGED,
    network: RegionalNetwork | None | Unchanged = UNCHANGED,
    timezone: str | Unchanged = UNCHANGED, mode: str | Unchanged = UNCHANGED,
    venue: str | Unchanged = UNCHANGED, online_url: str | Unchanged = UNCHANGED,
    capacity: int | None | Unchanged = UNCHANGED,
    registration_deadline: dt.datetime | None | Unchanged = UNCHANGED,
    organizers: Iterable[Organization] | None = None,
) -> Event:
    """Change the fields given (the others keep their value; ``organizers``: None keeps
    them). Registrants are told when the date, time or place changes."""
    data = given(kind=kind, title=title, starts_at=starts_at, ends_at=ends_at,
                 description=description, party=party, pilot=pilot,
                 working_group=working_group, cluster=cluster, network=network,
                 timezone=timezone, mode=mode, venue=venue, online_url=online_url,
                 capacity=capacity, registration_deadline=registration_deadline)
    with transaction.atomic():
        event = _lock(event)
        _require(policies.can_manage_event(actor, event))
        if event.status in (Event.Status.CANCELLED,):
            raise StateConflict(_("A cancelled event cannot be changed."))
        if "party" in data and data["party"] != event.party:
            _require(policies.can_create_event(actor, data["party"]))
            if data["party"] is None and not roles_of(actor).is_unodc_staff:
                raise ValidationError({"party": _("Choose your State.")})
        before = {f: getattr(event, f) for f in NOTIFIED_FIELDS}
        for key, value in data.items():
            setattr(event, key, value)
        _full_clean(event)
        event.save()
        if organizers is not None:
            event.organizers.set(list(organizers))
        changed = [f for f in NOTIFIED_FIELDS if getattr(event, f) != before[f]]
        record = event_updated_event(event=event, actor=actor, changed=changed)
        _promote(event, actor)
        if changed and event.status != Event.Status.DRAFT:
            event_changed_notify(event=event, record=record)
        return event


def event_status_change(*, actor: User, event: Event, status: str, reason: str = "") -> Event:
    with transaction.atomic():
        event = _lock(event)
        _require(policies.can_manage_event(actor, event))
        if status not in TRANSITIONS.get(event.status, set()):
            raise StateConflict({"status": _("An event that is “%(current)s” cannot become "
                                               "“%(new)s”.") % {
                "current": event.get_status_display(),
                "new": Event.Status(status).label if status in Event.Status.values else status,
            }})
        if status == Event.Status.HELD and event.starts_at > now():
            raise StateConflict({"status": _("An event can be marked as held only once it "
                                               "has started.")})
        previous = event.status
        event.status = status
        event.save(update_fields=["status"])
        record = STATUS_EVENTS[status](event=event, actor=actor, previous=previous,
                                       reason=reason)
        if status == Event.Status.HELD:  # milestones tied to the event are done
            event.milestones.filter(status=Milestone.Status.PLANNED).update(
                status=Milestone.Status.DONE)
        if status == Event.Status.CANCELLED:
            event_cancelled_notify(event=event, record=record)
        return event


# --- Registrations --------------------------------------------------------------------


def _place_left(event: Event) -> bool:
    if event.capacity is None:
        return True
    confirmed = Registration.objects.filter(event=event,
                                            status=Registration.Status.CONFIRMED).count()
    return confirmed < event.capacity


def _promote(event: Event, actor: User) -> list[Registration]:
    """Fill free places from the waiting list, first come first served. The caller holds
    the event's row lock."""
    promoted: list[Registration] = []
    if event.status in (Event.Status.CANCELLED, Event.Status.HELD):
        return promoted
    while _place_left(event):
        nxt = (Registration.objects.select_for_update()
               .filter(event=event, status=Registration.Status.WAITLISTED)
               .select_related("user").order_by("created_at", "pk").first())
        if nxt is None:
            break
        nxt.status = Registration.Status.CONFIRMED
        nxt.save(update_fields=["status"])
        nxt.event = event
        record = registration_promoted_event(registration=nxt, actor=actor)
        registration_promoted_notify(registration=nxt, record=record)
        promoted.append(nxt)
    return promoted


def registration_create(*, actor: User, event: Event, user: User | None = None,
                        organization: Organization | None = None) -> Registration:
    """Register ``user`` (default: the actor) for the event: confirmed while a place is
    left, else on the waiting list. Staff and the State's focal person may register
    someone else, also after the deadline."""
    user = user or actor
    on_behalf = user.pk != actor.pk
    try:
        with transaction.atomic():
            event = _lock(event)
            if on_behalf:
                _require(policies.can_manage_event(actor, event))
            if event.status == Event.Status.CANCELLED:
                raise StateConflict(_("This event has been cancelled."))
            if event.status != Event.Status.REGISTRATION_OPEN and not (
                    on_behalf and event.status == Event.Status.PUBLISHED):
                raise StateConflict(_("Registration is not open for this event."))
            if now() >= event.starts_at:
                raise StateConflict(_("This event has already started."))
            if not on_behalf:
                roles = roles_of(user)
                if not roles.verified_org_ids:
                    raise StateConflict(_("Only members of a verified organization can "
                                            "register."))
                if not policies.event_registration_is_open(event):
                    raise StateConflict(_("The registration deadline has passed."))
                if organization is None or organization.pk not in roles.verified_org_ids:
                    raise ValidationError({"organization": _(
                        "Choose one of your verified organizations.")})
            existing = (Registration.objects.select_for_update()
                        .filter(event=event, user=user).first())
            if existing and existing.status != Registration.Status.CANCELLED:
                if on_behalf:
                    raise StateConflict({"email": _("%(person)s is already registered for "
                                                      "this event.") % {"person": user}})
                raise StateConflict(_("You have already registered for this event."))
            status = (Registration.Status.CONFIRMED if _place_left(event)
                      else Registration.Status.WAITLISTED)
            if existing:
                registration = existing
                registration.status = status
                registration.organization = organization
                registration.registered_by = actor
                registration.created_at = now()
                registration.cancelled_at = None
                registration.save()
            else:
                registration = Registration.objects.create(
                    event=event, user=user, organization=organization, status=status,
                    registered_by=actor)
            record = registration_created_event(registration=registration, actor=actor)
            registration_created_notify(registration=registration, record=record)
            return registration
    except IntegrityError as exc:  # a parallel request of the same person won the race
        raise StateConflict(_("You have already registered for this event.")) from exc


def registration_invite(*, actor: User, event: Event, email: str,
                        organization: Organization | None = None) -> Registration:
    """Staff or the focal person registers a person with an account, by e-mail."""
    user = active_user_by_email(email.strip())
    if user is None:
        raise ValidationError({"email": _("No active account uses this e-mail address. Ask "
                                          "the person to create an account first.")})
    return registration_create(actor=actor, event=event, user=user, organization=organization)


def registration_cancel(*, actor: User, registration: Registration) -> Registration:
    """Cancel a registration; a freed place goes to the first on the waiting list."""
    with transaction.atomic():
        event = _lock(registration.event)
        registration = Registration.objects.select_for_update().select_related("user").get(
            pk=registration.pk)
        registration.event = event
        _require(policies.can_cancel_registration(actor, registration))
        if registration.status == Registration.Status.CANCELLED:
            raise StateConflict(_("This registration is already cancelled."))
        if event.status in (Event.Status.HELD, Event.Status.CANCELLED):
            raise StateConflict(_("Registrations of a past or cancelled event cannot be "
                                    "changed."))
        previous = registration.status
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now()
        registration.save(update_fields=["status", "cancelled_at"])
        record = registration_cancelled_event(registration=registration, actor=actor,
                                              previous=previous)
        registration_cancelled_notify(registration=registration, record=record)
        if previous == Registration.Status.CONFIRMED:
            _promote(event, actor)
        return registration


# --- After the event ------------------------------------------------------------------


def attendance_record(*, actor: User, event: Event, counts: dict[str, int | None]) -> Event:
    """Replace the attendance figures (participants by stakeholder category)."""
    with transaction.atomic():
        event = _lock(event)
        _require(policies.can_manage_event(actor, event))
        valid = set(Attendance.Category.values)
        errors = {}
        for category, count in counts.items():
            if category not in valid:
                errors[category] = _("Unknown category.")
            elif count is not None and count < 0:
                errors[category] = _("Enter zero or more participants.")
        if errors:
            raise ValidationError(errors)
        Attendance.objects.filter(event=event).exclude(
            category__in=[c for c, n in counts.items() if n]).delete()
        for category, count in counts.items():
            if count:
                Attendance.objects.update_or_create(event=event, category=category,
                                                    defaults={"count": count})
        total = sum(n or 0 for n in counts.values())
        event_attendance_recorded_event(event=event, actor=actor, total=total)
        return event


def minutes_record(*, actor: User, event: Event, minutes: str) -> Event:
    with transaction.atomic():
        event = _lock(event)
        _require(policies.can_manage_event(actor, event))
        event.minutes = minutes.strip()
        event.save(update_fields=["minutes"])
        event_minutes_recorded_event(event=event, actor=actor)
        return event


def event_document_add(*, actor: User, event: Event, file: UploadedFile, title: str = "",
                       kind: str = EventDocument.Kind.OTHER) -> EventDocument:
    """Store a checked file privately (MEDIA_ROOT); a failure leaves nothing behind."""
    with transaction.atomic():
        _require(policies.can_manage_event(actor, event))
        try:
            name = validate_upload(file)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        if kind not in EventDocument.Kind.values:
            raise ValidationError({"kind": _("Choose a type of document.")})
        document = EventDocument(event=event, kind=kind, title=(title or name)[:200],
                                 filename=name, size=file.size or 0, uploaded_by=actor)
        document.file.save(name, file, save=False)
        stored = document.file.name
        try:
            document.save()
            event_document_added_event(document=document, actor=actor)
        except Exception:
            document.file.storage.delete(stored)
            raise
        return document


def event_document_delete(*, actor: User, document: EventDocument) -> None:
    with transaction.atomic():
        _require(policies.can_manage_event(actor, document.event))
        stored, storage = document.file.name, document.file.storage
        event_document_removed_event(document=document, actor=actor)
        document.delete()
        transaction.on_commit(lambda: storage.delete(stored))


def action_item_create(*, actor: User, event: Event, title: str, due_on: dt.date,
                       owner_organization: Organization | None = None,
                       owner_name: str = "") -> ActionItem:
    with transaction.atomic():
        _require(policies.can_manage_event(actor, event))
        if not owner_organization and not owner_name.strip():
            raise ValidationError({"owner_name": _("Name the owner: an organization or a "
                                                   "person or body.")})
        item = ActionItem(event=event, title=title.strip(), due_on=due_on,
                          owner_organization=owner_organization, owner_name=owner_name.strip(),
                          created_by=actor)
        item.full_clean(exclude=["created_by"])
        item.save()
        event_action_item_created_event(item=item, actor=actor)
        return item


def action_item_status_set(*, actor: User, item: ActionItem, status: str) -> ActionItem:
    with transaction.atomic():
        _require(policies.can_manage_event(actor, item.event))
        if status not in ActionItem.Status.values:
            raise ValidationError({"status": _("Choose a status.")})
        item.status = status
        item.save(update_fields=["status"])
        event_action_item_updated_event(item=item, actor=actor)
        return item
