"""Follow-up actions: creating and editing them, the recommendations they may link to
(one rule for the web form and the API), their report due dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from portal.core.models import DomainEvent
from portal.notifications.models import Notification
from recommendations.models import (
    FollowUpAction,
    Recommendation,
)
from recommendations.selectors.followup import add_months, report_due_dates
from recommendations.services import followup as services
from tests.factories import FollowUpActionFactory, RecommendationFactory
from tests.recommendations.followup_support import action_post, client_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

# --- Creating actions --------------------------------------------------------------------


def test_focal_person_creates_an_action_and_the_responsible_person_is_notified(
    client, world, django_capture_on_commit_callbacks
):
    client_as(client, world.focal)
    with django_capture_on_commit_callbacks():
        response = client.post(reverse("followup:create", args=["TST"]), action_post(world))
    assert response.status_code == 302
    action = FollowUpAction.objects.get(title="Adopt a national referral mechanism")
    assert response["Location"] == reverse("followup:detail", args=[action.pk])
    assert list(action.recommendations.all()) == [world.public_rec]
    assert action.responsible == world.contact and action.report_every_months == 6
    assert action.created_by == world.focal
    assert DomainEvent.objects.filter(kind="action.created", target_id=action.pk).exists()
    notes = Notification.objects.filter(kind="action.assigned")
    assert [n.recipient for n in notes] == [world.contact]
    assert notes[0].category == "follow_up"
    assert notes[0].url == reverse("followup:detail", args=[action.pk])


def test_an_action_can_come_from_an_event_action_item(client, world):
    from tests.factories import EventFactory

    event = EventFactory(
        party=world.party, title="Follow-up conference", minutes="Agree on a referral mechanism."
    )
    client_as(client, world.staff)
    page = client.get(reverse("followup:create", args=["TST"]) + f"?event={event.pk}")
    assert "Follow-up conference" in page.content.decode()
    client.post(reverse("followup:create", args=["TST"]) + f"?event={event.pk}", action_post(world))
    assert (
        FollowUpAction.objects.get(title="Adopt a national referral mechanism").source_event
        == event
    )


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        (
            {"start_on": "2024-06-01", "due_on": "2024-01-01"},
            "due_on",
            "The due date must be on or after the start date.",
        ),
        ({"percent": "150"}, "percent", "Progress must be a whole number between 0 and 100."),
        ({"percent": "-5"}, "percent", "Progress must be a whole number between 0 and 100."),
        (
            {"status": "implemented", "percent": "40"},
            "confirm_implemented",
            "Tick the box to confirm",
        ),
        ({"due_on": "31/12/2024"}, "due_on", "Enter a real date"),
    ],
)
def test_bad_action_input_is_refused_with_a_clear_message_and_nothing_saved(
    client, world, overrides, field, message
):
    client_as(client, world.focal)
    before = FollowUpAction.objects.count()
    response = client.post(
        reverse("followup:create", args=["TST"]), action_post(world, **overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert FollowUpAction.objects.count() == before
    assert not Notification.objects.exists()


def test_implemented_below_100_needs_an_explicit_confirmation(client, world):
    client_as(client, world.focal)
    url = reverse("followup:create", args=["TST"])
    first = client.post(url, action_post(world, status="implemented", percent="40"))
    html = first.content.decode()
    assert first.status_code == 400
    assert "Warning:" in html and 'name="confirm_implemented"' in html
    second = client.post(
        url, action_post(world, status="implemented", percent="40", confirm_implemented="on")
    )
    assert second.status_code == 302
    assert FollowUpAction.objects.get(title="Adopt a national referral mechanism").percent == 40


def test_the_confirmation_checkbox_is_only_shown_when_needed(client, world):
    client_as(client, world.focal)
    html = client.get(reverse("followup:create", args=["TST"])).content.decode()
    assert 'name="confirm_implemented"' not in html


def test_responsible_must_be_an_agency_contact_of_the_state(world):
    with pytest.raises(ValidationError) as exc:
        services.action_create(
            actor=world.focal, party=world.party, title="x", responsible=world.coordinator
        )
    assert "responsible" in exc.value.message_dict


def test_recommendations_of_another_state_are_refused(world):
    foreign = RecommendationFactory()
    with pytest.raises(ValidationError) as exc:
        services.action_create(
            actor=world.focal, party=world.party, title="x", recommendations=[foreign]
        )
    assert "recommendations" in exc.value.message_dict


@pytest.mark.parametrize("who", ["coordinator", "member", "contact", "other_focal", "outsider"])
def test_only_the_focal_person_and_unodc_staff_create_actions(world, who):
    with pytest.raises(PermissionDenied):
        services.action_create(actor=getattr(world, who), party=world.party, title="x")


def test_editing_an_action_records_the_changes(client, world):
    client_as(client, world.staff)
    response = client.post(
        reverse("followup:edit", args=[world.action.pk]),
        action_post(world, title="Public action (revised)", status="in_progress", percent="50"),
    )
    assert response.status_code == 302
    world.action.refresh_from_db()
    assert world.action.title == "Public action (revised)" and world.action.percent == 50
    event = DomainEvent.objects.get(kind="action.updated", target_id=world.action.pk)
    assert event.payload["changes"]["title"] == ["Public action", "Public action (revised)"]


# --- Report due dates ------------------------------------------------------------------------


def test_reporting_frequency_produces_report_due_dates(world):
    action = FollowUpActionFactory(
        party=world.party,
        start_on=dt.date(2024, 1, 31),
        due_on=dt.date(2025, 3, 31),
        report_every_months=6,
    )
    assert report_due_dates(action) == [
        dt.date(2024, 7, 31),
        dt.date(2025, 1, 31),
        dt.date(2025, 3, 31),
    ]
    assert add_months(dt.date(2024, 8, 31), 6) == dt.date(2025, 2, 28)
    assert report_due_dates(FollowUpActionFactory(party=world.party)) == []


def test_the_progress_report_form_starts_on_today(client, world):
    client_as(client, world.contact)
    page = client.get(reverse("followup:report", args=[world.action.pk]))
    assert page.context["form"].initial["reported_on"] == timezone.localdate()


def test_web_form_and_api_refuse_to_link_a_withdrawn_recommendation(client, world):
    """One rule (services.followup.action_linkable_recommendations) for both."""
    Recommendation.objects.filter(pk=world.public_rec.pk).update(
        status=Recommendation.Status.WITHDRAWN
    )
    client_as(client, world.focal)
    response = client.post(reverse("followup:create", args=["TST"]), action_post(world))
    assert response.status_code == 400
    assert "recommendations" in response.context["form"].errors
    api = APIClient()
    api.force_authenticate(world.focal)
    response = api.post(
        "/api/v1/actions/",
        {
            "party": world.party.pk,
            "title": "Adopt a national referral mechanism",
            "recommendations": [world.public_rec.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "recommendations" in response.json()["error"]["fields"]
    assert not FollowUpAction.objects.filter(title="Adopt a national referral mechanism").exists()
    with pytest.raises(ValidationError):
        services.action_create(
            actor=world.focal, party=world.party, title="Direct", recommendations=[world.public_rec]
        )
