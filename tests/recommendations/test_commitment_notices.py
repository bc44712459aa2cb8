"""Every commitment and every reassignment tells the lead body's agency contacts at once,
and agency contacts see their own actions first on /follow-up/ (issue 16)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.notifications.models import Notification
from portal.notifications.services import notification_subject
from recommendations.services import followup as services
from recommendations.services import responses as rsvc
from tests.factories import AgencyContactFactory, FollowUpActionFactory
from tests.recommendations import filing_support
from tests.recommendations.followup_support import (  # noqa: F401
    fast_passwords,
    governmental,
    make_world,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


@pytest.fixture
def world():
    return make_world()


def _lead_notes(user):
    return Notification.objects.filter(recipient=user, kind="action.lead_assigned")


def test_a_published_commitment_notifies_the_lead_bodys_contacts_at_once(
        django_capture_on_commit_callbacks):
    w = filing_support.make_world()
    second = AgencyContactFactory(party=w.party, agency=w.gov_body).user
    rec = w.submitted()
    rec.refresh_from_db()
    due = timezone.localdate() + dt.timedelta(days=90)
    with django_capture_on_commit_callbacks():
        rsvc.response_create(actor=filing_support.fresh(w.focal), recommendation=rec,
                             expected_version=rec.version, position="supported",
                             commitments=[rsvc.Commitment(w.gov_body, "Draft a bill", due)])
    for contact in (w.agency, second):
        note = _lead_notes(contact).get()
        assert note.category == "follow_up" and "/follow-up/" in note.url
        assert "Draft a bill" in notification_subject(note)
        # agency contacts get follow-up e-mails straight away, not in a digest
        assert note.email_status in ("pending", "sent")


def test_creating_an_action_with_a_lead_body_notifies_its_contacts(world):
    other_contact = AgencyContactFactory(party=world.party, agency=world.agency).user
    services.action_create(actor=world.focal, party=world.party, title="Train judges",
                           lead_body=world.agency)
    assert _lead_notes(world.contact).count() == 1
    assert _lead_notes(other_contact).count() == 1


def test_the_responsible_person_gets_one_notice_not_two(world):
    services.action_create(actor=world.focal, party=world.party, title="Train judges",
                           lead_body=world.agency, responsible=world.contact)
    notes = Notification.objects.filter(recipient=world.contact)
    assert [n.kind for n in notes] == ["action.assigned"]


def test_reassigning_the_lead_body_notifies_the_new_bodys_contacts(world):
    new_body = governmental(world.party)
    new_contact = AgencyContactFactory(party=world.party, agency=new_body).user
    action = world.private_action
    kwargs = dict(actor=world.focal, action=action, title=action.title,
                  status=action.status, percent=action.percent)
    services.action_update(lead_body=new_body, **kwargs)
    assert _lead_notes(new_contact).count() == 1
    # saving again without a change tells nobody again
    services.action_update(lead_body=new_body, **kwargs)
    assert _lead_notes(new_contact).count() == 1
    services.action_update(lead_body=new_body, responsible=new_contact, **kwargs)
    assert Notification.objects.filter(recipient=new_contact,
                                       kind="action.assigned").count() == 1


def _titles(response):
    return {a.title for a in response.context["actions"]}


def test_follow_up_shows_the_agency_contact_their_own_actions_by_default(client, world):
    FollowUpActionFactory(party=world.party, title="Someone else's action",
                          recommendations=[world.public_rec])
    FollowUpActionFactory(party=world.party, title="Led by my agency", lead_body=world.agency,
                          recommendations=[world.public_rec])
    client.force_login(world.contact)
    mine = client.get(reverse("followup:list"))
    assert _titles(mine) == {"Public action", "Led by my agency"}
    assert "Mine: my agency" in mine.content.decode()
    everything = client.get(reverse("followup:list"), {"scope": "all"})
    assert "Someone else's action" in _titles(everything)
    # other roles have no "mine" choice
    client.force_login(world.focal)
    page = client.get(reverse("followup:list"))
    assert "Someone else's action" in _titles(page) and "Mine: my agency" not in (
        page.content.decode())


def test_mine_list_query_budget(client, world, django_assert_max_num_queries):
    for _ in range(20):
        FollowUpActionFactory(party=world.party, lead_body=world.agency,
                              recommendations=[world.public_rec])
    client.force_login(world.contact)
    client.get(reverse("followup:list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("followup:list"))
    assert len(response.context["actions"]) == 21
