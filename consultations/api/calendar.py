"""Calendars over the API, the same files as the web's: one event (with its online link
where the policy gives it to the user) and the public feed of upcoming events (never an
online link)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from consultations import ical, policies
from consultations.models import Event
from consultations.selectors import events as selectors
from portal.api.examples import text_examples
from portal.api.negotiation import AnyAccept

CALENDAR = "text/calendar; charset=utf-8"


class EventCalendarView(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        summary="One event as an iCalendar file (text/calendar)",
        responses={(200, "text/calendar"): OpenApiTypes.STR},
        operation_id="events_ical",
    )
    def get(self, request, pk: int):
        event = selectors.event_get_for(request.user, pk)
        body = ical.calendar(
            [event],
            name=event.title,
            online_link_for=partial(policies.can_view_online_link, request.user),
        )
        response = HttpResponse(body, content_type=CALENDAR)
        response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
        return response


class EventFeedView(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        summary="The public calendar of upcoming events (iCalendar, to subscribe to)",
        responses={(200, "text/calendar"): OpenApiTypes.STR},
        operation_id="events_calendar_feed",
    )
    def get(self, request):
        events = selectors.events_upcoming_public()
        return HttpResponse(
            ical.calendar(events, name=_("UNTOC consultation events")), content_type=CALENDAR
        )


@text_examples("events_ical")
@text_examples("events_calendar_feed")
def _calendar_examples() -> dict[str, dict[str, str]]:
    """A calendar of one event, as the portal writes it."""
    starts = dt.datetime(2026, 12, 8, 4, 0, tzinfo=dt.UTC)
    event = Event(pk=7, title=_("Constructive dialogue on the review of Pakistan"),
                  kind=Event.Kind.CONSTRUCTIVE_DIALOGUE, venue="Islamabad", starts_at=starts,
                  ends_at=starts + dt.timedelta(hours=6))
    text = ical.calendar([event], name=_("UNTOC consultation events"), now=starts)
    return {"text/calendar": {_("A calendar"): text}}


urlpatterns = [
    path("events/calendar.ics", EventFeedView.as_view(), name="api-event-feed"),
    path("events/<id:pk>/event.ics", EventCalendarView.as_view(), name="api-event-ical"),
]
