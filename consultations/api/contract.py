"""Descriptions and examples of the consultations API's operations (applied to the
schema by portal.api.contract)."""

from __future__ import annotations

OPERATIONS = {
    "alliance_memberships_list": (
        "Accepted memberships between verified organizations are public; invitations, "
        "requests and ended memberships are listed only to the coordinators of the "
        "organizations involved and to UNODC staff."
    ),
    "alliance_memberships_retrieve": (
        "A membership you may see (see the list); any other is a 404."
    ),
    "alliance_memberships_accept_create": (
        "The side that was asked accepts: the invited organization's coordinators accept an "
        "invitation, the alliance's coordinators a request to join. The organization then "
        "appears among the alliance's members and may see drafts shared with it."
    ),
    "alliance_memberships_decline_create": (
        "The side that was asked declines an open invitation or request; nothing is shared."
    ),
    "alliance_memberships_end_create": (
        "Either side's coordinators end an accepted membership, or withdraw their own open "
        "invitation or request. Drafts shared with the alliance are no longer visible to "
        "the organization that left."
    ),
    "clusters_list": "The review clusters of the Implementation Review Mechanism (public).",
    "clusters_retrieve": "One cluster with the articles it reviews (public).",
    "dashboard_staff": (
        "Counts by status, instrument, cluster and theme over every recommendation and "
        "action, for UNODC staff; `party` (ISO3 code or id) narrows it to one State."
    ),
    "dashboard_public": (
        "The same counts over public recommendations and actions only, for everybody."
    ),
    "dashboard_scorecard_public": (
        "One row per State with its public recommendations, answers and actions."
    ),
    "dashboard_scorecard_staff": ("One row per State over everything, for UNODC staff."),
    "events_ical": (
        "The event as an iCalendar file to add to a calendar. The online meeting link is "
        "included only for people the event's policy gives it to (registered participants, "
        "its managers); a draft event is a 404 to anybody else."
    ),
    "events_calendar_feed": (
        "Every upcoming published event, as an iCalendar feed a calendar application can "
        "subscribe to without a token; it never contains online meeting links."
    ),
    "instruments_list": "The Convention and its Protocols, with their stable codes (public).",
    "instruments_retrieve": "One instrument with its articles (public).",
    "invitations_list": (
        "Open, accepted and revoked invitations to join the organizations you coordinate; "
        "UNODC staff see all. Tokens are never shown."
    ),
    "invitations_revoke_create": (
        "The invitation's link stops working at once; an accepted invitation cannot be "
        "revoked (remove the member instead)."
    ),
    "invitations_accept_create": (
        "Joins the organization with the role the invitation gives. The token comes from "
        "the link in the e-mail, which was sent to your address: another account's "
        "invitation is refused."
    ),
    "join_requests_list": (
        "Requests to join the organizations you coordinate (UNODC staff: all), newest first."
    ),
    "join_requests_decide_create": (
        "`approve` is required (true or false, in JSON and form bodies alike): true makes "
        "the requester a member, false declines. A decided request cannot be decided "
        "again."
    ),
    "memberships_list": "Memberships of your organizations (UNODC staff: all).",
    "memberships_retrieve": "One membership of one of your organizations.",
    "memberships_partial_update": (
        "Coordinators change a member's role. An organization keeps at least one "
        "coordinator: demoting the last one is a 400."
    ),
    "memberships_destroy": (
        "Coordinators remove a member; a member may leave. The last coordinator of an "
        "organization with other members cannot leave (400)."
    ),
    "official_roles_retrieve": "One assignment, for UNODC staff.",
    "official_roles_revoke": (
        "The person loses the role at once (and what it gave them to see); they are "
        "notified. UNODC staff only."
    ),
    "parties_list": "Every State party with its ISO3 code (public).",
    "parties_retrieve": (
        "The State's treaty actions (signature, ratification, accession…) and "
        "reservations and declarations per instrument (public)."
    ),
    "pilots_milestones_list": "The milestones of a pilot initiative, in date order (public).",
    "pilots_milestones_create": (
        "UNODC staff and the State's focal persons add a milestone to the roadmap."
    ),
    "pilots_milestones_retrieve": "One milestone of a pilot initiative (public).",
    "pilots_milestones_partial_update": (
        "UNODC staff and the State's focal persons change a milestone (its status, date "
        "or the event it happened at)."
    ),
    "registrations_list": "Your registrations to events, newest first.",
    "registrations_cancel_create": (
        "Cancels your registration, or one of your event's registrations as its manager; "
        "the first person on the waiting list is then confirmed."
    ),
    "unodc_staff_revoke": (
        "The person is no longer UNODC staff; they are notified. Nobody can remove their "
        "own role (400), so that the portal keeps at least one member of staff."
    ),
}

EXAMPLES = {
    "official_roles_create": {
        "request": {"email": "focal.person@example.org", "role": "focal_person", "party": "PAK"},
        "response": {
            "id": 7,
            "user": {"id": 12, "email": "focal.person@example.org", "full_name": "Amina Khan"},
            "role": "focal_person",
            "party": {"id": 1, "name": "Pakistan", "iso3": "PAK"},
            "agency": None,
            "assigned_at": "2026-11-30T08:00:00Z",
        },
    },
    "join_requests_decide_create": {"request": {"approve": True}},
}
