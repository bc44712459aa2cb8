"""The event page: the event, registration, and the recommendations presented at it."""

from __future__ import annotations

import zoneinfo

from django.shortcuts import render

from consultations import policies
from consultations.forms.events import EventStatusForm, RegistrationForm
from consultations.models import Registration
from consultations.selectors import events as selectors
from consultations.services import events as services
from portal.core.events import events_for
from recommendations.policies import can_follow_up_event
from recommendations.selectors.recommendations import recommendations_presented_at


def event_detail(request, pk: int):
    event = selectors.event_get_for(request.user, pk, full=True)
    user = request.user
    registration = selectors.registration_of(user, event)
    can_manage = policies.can_manage_event(user, event)
    organizations = selectors.organizations_for_registration(user)
    active = registration and registration.status != Registration.Status.CANCELLED
    return render(request, "consultations/events/detail.html", {
        "event": event,
        "event_zone": zoneinfo.ZoneInfo(event.timezone),
        "registration": registration if active else None,
        "waitlist_position": selectors.waitlist_position(registration) if active else None,
        "registration_open": policies.event_registration_is_open(event),
        "can_register": (not active) and policies.can_register(user, event),
        "can_manage": can_manage,
        "can_view_online_link": policies.can_view_online_link(user, event),
        "can_follow_up": can_follow_up_event(user, event),
        "register_form": RegistrationForm(organizations=organizations),
        "recommendations": list(recommendations_presented_at(user, event)),
        "attendance_total": sum(a.count for a in event.attendance.all()),
        "timeline": list(events_for(event)) if can_manage else [],
        "status_form": EventStatusForm() if can_manage else None,
        "status_choices": sorted(services.TRANSITIONS.get(event.status, ())),
    })
