"""An event's action items carry on as follow-up actions: the button on the event page,
the prefilled form, exactly one action per item, and the refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.models import ActionItem
from portal.core.models import DomainEvent
from recommendations.models import FollowUpAction
from recommendations.services import followup as services
from tests.factories import EventFactory, PartyFactory
from tests.recommendations.followup_support import fast_passwords, make_world  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def item(world):
    event = EventFactory(party=world.party, title="Follow-up conference")
    return ActionItem.objects.create(event=event, title="Set up the working group",
                                     owner_organization=world.agency,
                                     owner_name="Ministry of Interior",
                                     due_on=dt.date(2025, 3, 31))


def _post(world, item, **overrides):
    data = {"title": item.title, "description": "", "lead_body": world.agency.pk,
            "responsible": world.contact.pk, "start_on": "2025-01-01",
            "due_on": "2025-03-31", "status": "planned", "percent": "0",
            "source_action_item": item.pk}
    data.update(overrides)
    return data


def test_event_page_offers_the_conversion_to_those_who_create_actions(client, world, item):
    url = reverse("events:detail", args=[item.event.pk])
    create = reverse("followup:create", args=["TST"]) + f"?item={item.pk}"
    client.force_login(world.focal)
    assert create in client.get(url).content.decode()
    client.force_login(world.member)
    page = client.get(url).content.decode()
    assert "Set up the working group" in page and create not in page


def test_the_form_is_prefilled_from_the_item(client, world, item):
    client.force_login(world.focal)
    page = client.get(reverse("followup:create", args=["TST"]) + f"?item={item.pk}")
    form = page.context["form"]
    assert form.initial["title"] == "Set up the working group"
    assert form.initial["due_on"] == dt.date(2025, 3, 31)
    assert form.initial["lead_body"] == world.agency.pk
    assert "Follow-up conference" in form.initial["description"]
    assert f'name="source_action_item" value="{item.pk}"' in page.content.decode()


def test_converting_links_action_item_and_event_and_records_it(client, world, item):
    client.force_login(world.focal)
    response = client.post(reverse("followup:create", args=["TST"]), _post(world, item))
    assert response.status_code == 302
    action = FollowUpAction.objects.get(source_action_item=item)
    assert action.source_action_item == item and action.source_event == item.event
    assert DomainEvent.objects.filter(kind="event.action_item_followed_up",
                                      target_id=item.event.pk).count() == 1
    page = client.get(reverse("events:detail", args=[item.event.pk])).content.decode()
    assert reverse("followup:detail", args=[action.pk]) in page


def test_a_second_conversion_is_refused_and_nothing_is_saved(client, world, item):
    client.force_login(world.focal)
    client.post(reverse("followup:create", args=["TST"]), _post(world, item))
    before = FollowUpAction.objects.count()
    again = client.post(reverse("followup:create", args=["TST"]), _post(world, item))
    assert again.status_code == 400
    assert "already has a follow-up action" in again.content.decode()
    assert FollowUpAction.objects.count() == before
    # Following the event page's link again leads to the existing action.
    link = client.get(reverse("followup:create", args=["TST"]) + f"?item={item.pk}")
    assert link.status_code == 302
    assert link["Location"] == reverse("followup:detail",
                                       args=[item.follow_up_action.pk])


def test_service_refuses_items_of_another_state_and_dropped_items(world, item):
    before = FollowUpAction.objects.count()
    other = EventFactory(party=PartyFactory())
    foreign = ActionItem.objects.create(event=other, title="Elsewhere",
                                        due_on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.action_create(actor=world.focal, party=world.party, title="x",
                               source_action_item=foreign)
    assert "source_action_item" in exc.value.message_dict
    item.status = ActionItem.Status.DROPPED
    item.save()
    with pytest.raises(ValidationError) as exc:
        services.action_create(actor=world.focal, party=world.party, title="x",
                               source_action_item=item)
    assert "dropped" in str(exc.value.message_dict["source_action_item"])
    assert FollowUpAction.objects.count() == before


def test_item_of_another_state_is_a_404_on_the_form(client, world):
    foreign = ActionItem.objects.create(event=EventFactory(party=PartyFactory()),
                                        title="Elsewhere", due_on=dt.date(2025, 1, 1))
    client.force_login(world.focal)
    url = reverse("followup:create", args=["TST"]) + f"?item={foreign.pk}"
    assert client.get(url).status_code == 404


def _items(world, event, n: int) -> None:
    """n more action items, every other one already followed up."""
    start = ActionItem.objects.count()
    for k in range(start, start + n):
        extra = ActionItem.objects.create(event=event, title=f"Item {k}",
                                          due_on=dt.date(2025, 1, 1))
        if k % 2:
            services.action_create(actor=world.focal, party=world.party, title=f"A {k}",
                                   source_action_item=extra)


def test_event_page_queries_do_not_grow_with_action_items(client, world, item,
                                                          django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.focal)
    url = reverse("events:detail", args=[item.event.pk])
    _items(world, item.event, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _items(world, item.event, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
