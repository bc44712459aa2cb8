"""Query budgets: every list and detail endpoint runs a fixed number of queries,
whatever the page size and the amount of data (a few rows and many rows, same bound)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.models import Event
from portal.notifications.models import Category
from portal.notifications.services import notifications_create
from recommendations.services import cosignatures as cosign
from recommendations.services import discussion as talk
from recommendations.services import recommendations as rec_services
from tests.api.conftest import token_client
from tests.factories import (
    EventFactory,
    FollowUpActionFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgressReportFactory,
    RegistrationFactory,
)
from tests.recommendations.filing_support import fresh

pytestmark = pytest.mark.django_db


def grow(world, n: int) -> None:
    """n more of everything the lists show, with their relations."""
    for i in range(n):
        org = OrganizationFactory(country=world.party)
        MembershipFactory(organization=org)
        MembershipFactory(organization=world.org)
        rec = world.submitted(title=f"Recommendation number {i}")
        rec = rec_services.recommendation_publish(actor=fresh(world.member),
                                                  recommendation=rec)
        cosign.endorsement_create(actor=fresh(world.other_member), recommendation=rec,
                                        organization=world.other_org)
        talk.comment_create(actor=fresh(world.other_member), recommendation=rec,
                                    text=f"Comment {i}")
        action = FollowUpActionFactory(party=world.party, recommendations=[rec],
                                       responsible=world.agency, lead_body=world.gov_body)
        ProgressReportFactory(action=action, author=world.agency)
        event = EventFactory(party=world.party, status=Event.Status.REGISTRATION_OPEN)
        event.organizers.add(org)
        RegistrationFactory(event=event, user=world.member, organization=world.org)
        RegistrationFactory(event=world.big_event, organization=org)
        notifications_create(recipients=[world.member], category=Category.STATUS,
                             kind="test.kind", url="/", payload={"subject": f"S{i}",
                                                                 "summary": "x"})


def measure(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(ctx.captured_queries)


# url template, role, the bound
BUDGETS = [
    ("/api/v1/instruments/", "member", 7),
    ("/api/v1/instruments/{untoc}/", "member", 7),
    ("/api/v1/clusters/", "member", 8),
    ("/api/v1/parties/", "member", 7),
    ("/api/v1/parties/{party}/", "member", 8),
    ("/api/v1/organizations/", "member", 7),
    ("/api/v1/organizations/{org}/", "member", 8),
    ("/api/v1/memberships/", "coordinator", 7),
    ("/api/v1/events/", "member", 7),
    ("/api/v1/events/{event}/", "member", 10),
    ("/api/v1/events/{event}/registrations/", "focal", 13),
    ("/api/v1/registrations/", "member", 9),
    ("/api/v1/recommendations/", "member", 8),
    ("/api/v1/recommendations/?page_size=100", "staff", 9),
    ("/api/v1/recommendations/{rec}/", "member", 16),
    ("/api/v1/recommendations/{rec}/comments/", "member", 16),
    ("/api/v1/actions/", "focal", 9),
    ("/api/v1/actions/{action}/", "focal", 10),
    ("/api/v1/actions/{action}/progress-reports/", "focal", 10),
    ("/api/v1/notifications/", "member", 6),
    ("/api/v1/me/", "member", 5),
]


def test_query_budgets_do_not_grow_with_data(world, settings):
    settings.API_TOKEN_TOUCH_SECONDS = 24 * 3600  # last use written once, before measuring
    first_rec = world.submitted(title="The first recommendation")
    world.big_event = EventFactory(party=world.party, status=Event.Status.REGISTRATION_OPEN)
    action = FollowUpActionFactory(party=world.party, recommendations=[first_rec])
    grow(world, 2)
    ids = {"untoc": world.untoc.pk, "party": world.party.pk, "org": world.org.pk,
           "event": world.big_event.pk, "rec": first_rec.pk, "action": action.pk}
    clients = {role: token_client(world.user(role))
               for role in {role for _url, role, _n in BUDGETS}}
    for client in clients.values():
        client.get("/api/v1/me/")  # the first use writes last_used_at
    few = {url: measure(clients[role], url.format(**ids)) for url, role, _n in BUDGETS}
    grow(world, 12)
    many = {url: measure(clients[role], url.format(**ids)) for url, role, _n in BUDGETS}
    report = {url: (few[url], many[url], n) for url, _role, n in BUDGETS}
    over = {url: counts for url, counts in report.items()
            if counts[0] > counts[2] or counts[1] > counts[2] or counts[1] > counts[0]}
    assert not over, over
