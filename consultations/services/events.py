"""Writes of events, registrations and outcomes. Each function: one transaction, the
policy checked, rows changed, a domain event recorded, the implied notifications
written to the outbox."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from consultations import policies
from consultations.models import (
    ActionItem,
    Attendance,
    Event,
    EventDocument,
    Milestone,
    Organization,
    Registration,
)
from consultations.roles import roles_of
from consultations.uploads import validate_upload
from portal.core.errors import StateConflict
from portal.core.events import event_record
from portal.notifications.messages import msg
from portal.notifications.models import Category
from portal.notifications.services import notifications_create

EVENT_FIELDS = ("kind", "title", "description", "party", "pilot", "working_group", "cluster",
                "network", "starts_at", "ends_at", "timezone", "mode", "venue", "online_url",
                "capacity", "registration_deadline")
#: fields whose change registrants are told about
NOTIFIED_FIELDS = ("starts_at", "ends_at", "timezone", "mode", "venue", "online_url")

#: allowed status changes
TRANSITIONS = {
    Event.Status.DRAFT: {Event.Status.PUBLISHED, Event.Status.REGISTRATION_OPEN,
                         Event.Status.CANCELLED},
    Event.Status.PUBLISHED: {Event.Status.REGISTRATION_OPEN, Event.Status.HELD,
                             Event.Status.CANCELLED, Event.Status.DRAFT},
    Event.Status.REGISTRATION_OPEN: {Event.Status.PUBLISHED, Event.Status.HELD,
                                     Event.Status.CANCELLED},
    Event.Status.HELD: set(),
    Event.Status.CANCELLED: set(),
}
STATUS_EVENT_KIND = {
    Event.Status.DRAFT: "event.unpublished",
    Event.Status.PUBLISHED: "event.published",
    Event.Status.REGISTRATION_OPEN: "event.registration_opened",
    Event.Status.HELD: "event.held",
    Event.Status.CANCELLED: "event.cancelled",
}


def _url(event: Event) -> str:
    return reverse("events:detail", args=[event.pk])


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You are not allowed to do this."))


def _active_registrants(event: Event) -> list:
    return [r.user for r in Registration.objects.filter(
        event=event, status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
    ).select_related("user")]


def _lock(event: Event) -> Event:
    """Lock the event row for the rest of the transaction (serializes registrations)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _full_clean(event: Event) -> None:
    event.full_clean(exclude=["created_by"], validate_unique=False,
                     validate_constraints=False)


# --- Events -------------------------------------------------------------------------


def event_create(*, actor, data: dict, organizers: Iterable[Organization] = ()) -> Event:
    with transaction.atomic():
        _require(policies.can_create_event(actor, data.get("party")))
        if data.get("party") is None and not roles_of(actor).is_unodc_staff:
            raise ValidationError({"party": _("Choose your State.")})
        event = Event(**{k: v for k, v in data.items() if k in EVENT_FIELDS},
                      created_by=actor, status=Event.Status.DRAFT)
        _full_clean(event)
        event.save()
        event.organizers.set(list(organizers))
        event_record(kind="event.created", target=event, actor=actor,
                     payload={"title": event.title})
        return event


def event_update(*, actor, event: Event, data: dict,
                 organizers: Iterable[Organization] | None = None) -> Event:
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
            if key in EVENT_FIELDS:
                setattr(event, key, value)
        _full_clean(event)
        event.save()
        if organizers is not None:
            event.organizers.set(list(organizers))
        changed = [f for f in NOTIFIED_FIELDS if getattr(event, f) != before[f]]
        record = event_record(kind="event.updated", target=event, actor=actor,
                              payload={"changed": changed})
        _promote(event, actor)
        if changed and event.status != Event.Status.DRAFT:
            notifications_create(
                recipients=_active_registrants(event), category=Category.EVENT,
                kind="event.updated", url=_url(event), event=record,
                payload={"subject": msg(gettext_noop("Changed: %(title)s"), title=event.title),
                         "summary": msg(gettext_noop("The date, time or place of an event you "
                                                     "registered for has changed: %(title)s."),
                                        title=event.title)},
            )
        return event


def event_status_change(*, actor, event: Event, status: str, reason: str = "") -> Event:
    with transaction.atomic():
        event = _lock(event)
        _require(policies.can_manage_event(actor, event))
        if status not in TRANSITIONS.get(event.status, set()):
            raise StateConflict({"status": _("An event that is “%(current)s” cannot become "
                                               "“%(new)s”.") % {
                "current": event.get_status_display(),
                "new": Event.Status(status).label if status in Event.Status.values else status,
            }})
        if status == Event.Status.HELD and event.starts_at > timezone.now():
            raise StateConflict({"status": _("An event can be marked as held only once it "
                                               "has started.")})
        previous = event.status
        event.status = status
        event.save(update_fields=["status"])
        kind = STATUS_EVENT_KIND[status]
        record = event_record(kind=kind, target=event, actor=actor, note=reason,
                              payload={"from": previous, "to": status})
        if status == Event.Status.HELD:  # milestones tied to the event are done
            event.milestones.filter(status=Milestone.Status.PLANNED).update(
                status=Milestone.Status.DONE)
        if status == Event.Status.CANCELLED:
            notifications_create(
                recipients=_active_registrants(event), category=Category.EVENT, kind=kind,
                url=_url(event), event=record,
                payload={"subject": msg(gettext_noop("Cancelled: %(title)s"),
                                        title=event.title),
                         "summary": msg(gettext_noop("The event %(title)s has been cancelled."),
                                        title=event.title)},
            )
        return event


# --- Registrations --------------------------------------------------------------------


def _place_left(event: Event) -> bool:
    if event.capacity is None:
        return True
    confirmed = Registration.objects.filter(event=event,
                                            status=Registration.Status.CONFIRMED).count()
    return confirmed < event.capacity


def _promote(event: Event, actor) -> list[Registration]:
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
        record = event_record(kind="registration.promoted", target=nxt, actor=actor,
                              payload={"event": event.pk})
        notifications_create(
            recipients=[nxt.user], category=Category.EVENT, kind="registration.promoted",
            url=_url(event), event=record,
            payload={"subject": msg(gettext_noop("You have a place: %(title)s"),
                                    title=event.title),
                     "summary": msg(gettext_noop("A place became free and your registration "
                                                 "for %(title)s is now confirmed."),
                                    title=event.title)},
        )
        promoted.append(nxt)
    return promoted


def registration_create(*, actor, event: Event, user=None,
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
            if timezone.now() >= event.starts_at:
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
                registration.created_at = timezone.now()
                registration.cancelled_at = None
                registration.save()
            else:
                registration = Registration.objects.create(
                    event=event, user=user, organization=organization, status=status,
                    registered_by=actor)
            record = event_record(kind="registration.created", target=registration,
                                  actor=actor, payload={"event": event.pk, "status": status})
            if status == Registration.Status.CONFIRMED:
                subject = gettext_noop("Registration confirmed: %(title)s")
                summary = gettext_noop("Your place at %(title)s is confirmed.")
            else:
                subject = gettext_noop("Waiting list: %(title)s")
                summary = gettext_noop("%(title)s is full; you are on the waiting list and "
                                       "will be told if a place becomes free.")
            notifications_create(
                recipients=[user], category=Category.EVENT, kind="registration.created",
                url=_url(event), event=record,
                payload={"subject": msg(subject, title=event.title),
                         "summary": msg(summary, title=event.title), "status": status},
            )
            return registration
    except IntegrityError as exc:  # a parallel request of the same person won the race
        raise StateConflict(_("You have already registered for this event.")) from exc


def registration_invite(*, actor, event: Event, email: str,
                        organization: Organization | None = None) -> Registration:
    """Staff or the focal person registers a person with an account, by e-mail."""
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ValidationError({"email": _("No active account uses this e-mail address. Ask "
                                          "the person to create an account first.")})
    return registration_create(actor=actor, event=event, user=user, organization=organization)


def registration_cancel(*, actor, registration: Registration) -> Registration:
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
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        record = event_record(kind="registration.cancelled", target=registration, actor=actor,
                              payload={"event": event.pk, "previous": previous})
        notifications_create(
            recipients=[registration.user], category=Category.EVENT,
            kind="registration.cancelled", url=_url(event), event=record,
            payload={"subject": msg(gettext_noop("Registration cancelled: %(title)s"),
                                    title=event.title),
                     "summary": msg(gettext_noop("Your registration for %(title)s has been "
                                                 "cancelled."), title=event.title)},
        )
        if previous == Registration.Status.CONFIRMED:
            _promote(event, actor)
        return registration


# --- After the event ------------------------------------------------------------------


def attendance_record(*, actor, event: Event, counts: dict[str, int | None]) -> Event:
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
        event_record(kind="event.attendance_recorded", target=event, actor=actor,
                     payload={"total": total})
        return event


def minutes_record(*, actor, event: Event, minutes: str) -> Event:
    with transaction.atomic():
        event = _lock(event)
        _require(policies.can_manage_event(actor, event))
        event.minutes = minutes.strip()
        event.save(update_fields=["minutes"])
        event_record(kind="event.minutes_recorded", target=event, actor=actor)
        return event


def event_document_add(*, actor, event: Event, file, title: str = "",
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
                                 filename=name, size=file.size, uploaded_by=actor)
        document.file.save(name, file, save=False)
        stored = document.file.name
        try:
            document.save()
            event_record(kind="event.document_added", target=event, actor=actor,
                         payload={"document": document.pk, "name": name})
        except Exception:
            document.file.storage.delete(stored)
            raise
        return document


def event_document_delete(*, actor, document: EventDocument) -> None:
    with transaction.atomic():
        _require(policies.can_manage_event(actor, document.event))
        stored, storage = document.file.name, document.file.storage
        event_record(kind="event.document_removed", target=document.event, actor=actor,
                     payload={"name": document.filename})
        document.delete()
        transaction.on_commit(lambda: storage.delete(stored))


def action_item_create(*, actor, event: Event, title: str, due_on,
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
        event_record(kind="event.action_item_created", target=event, actor=actor,
                     payload={"action_item": item.pk, "title": item.title,
                              "due_on": str(due_on)})
        return item


def action_item_status_set(*, actor, item: ActionItem, status: str) -> ActionItem:
    with transaction.atomic():
        _require(policies.can_manage_event(actor, item.event))
        if status not in ActionItem.Status.values:
            raise ValidationError({"status": _("Choose a status.")})
        item.status = status
        item.save(update_fields=["status"])
        event_record(kind="event.action_item_updated", target=item.event, actor=actor,
                     payload={"action_item": item.pk, "status": status})
        return item
