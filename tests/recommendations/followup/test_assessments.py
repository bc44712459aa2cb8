"""Assessments of follow-up actions by the alliance and UNODC's validations: who is told,
when the views disagree, bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.core.models import DomainEvent
from portal.notifications.models import Notification
from recommendations.models import (
    ActionStatus,
    Assessment,
    Validation,
    Verdict,
)
from recommendations.services import followup as services
from tests.recommendations.followup_support import client_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

# --- Assessments and validations -------------------------------------------------------------


def test_alliance_disagreement_notifies_focal_person_and_unodc_and_is_flagged(
    client, world, django_capture_on_commit_callbacks
):
    world.action.status, world.action.percent = ActionStatus.IMPLEMENTED, 100
    world.action.save()
    client_as(client, world.coordinator)
    with django_capture_on_commit_callbacks():
        response = client.post(
            reverse("followup:assess", args=[world.action.pk]),
            {
                "organization": world.alliance.pk,
                "verdict": "disagree",
                "comment": "Nothing has changed on the ground.",
            },
        )
    assert response.status_code == 302
    assessment = Assessment.objects.get(action=world.action)
    assert (assessment.verdict, assessment.author) == (Verdict.DISAGREE, world.coordinator)
    recipients = set(
        Notification.objects.filter(kind="action.assessed").values_list(
            "recipient__email", flat=True
        )
    )
    assert recipients == {world.focal.email, world.staff.email}
    html = client.get(reverse("followup:detail", args=[world.action.pk])).content.decode()
    assert "The views disagree." in html and "Nothing has changed on the ground." in html


def test_agreement_notifies_nobody_and_is_not_flagged(client, world):
    services.assessment_record(
        actor=world.coordinator, action=world.action, organization=world.alliance, verdict="agree"
    )
    assert not Notification.objects.exists()
    html = client.get(reverse("followup:detail", args=[world.action.pk])).content.decode()
    assert "The views disagree." not in html


def test_disagreeing_needs_a_comment(client, world):
    client_as(client, world.coordinator)
    response = client.post(
        reverse("followup:assess", args=[world.action.pk]),
        {"organization": world.alliance.pk, "verdict": "disagree", "comment": ""},
    )
    assert response.status_code == 400
    assert "Explain where you do not agree." in response.content.decode()
    assert not Assessment.objects.exists()


def test_reassessing_updates_the_alliance_view(world):
    services.assessment_record(
        actor=world.coordinator, action=world.action, organization=world.alliance, verdict="agree"
    )
    services.assessment_record(
        actor=world.coordinator,
        action=world.action,
        organization=world.alliance,
        verdict="partly",
        comment="Only in two provinces.",
    )
    assert Assessment.objects.get().verdict == "partly"
    assert DomainEvent.objects.filter(kind="action.assessed").count() == 2


def test_unodc_validation_differing_from_the_government_is_flagged(client, world):
    client_as(client, world.staff)
    response = client.post(
        reverse("followup:validate", args=[world.action.pk]),
        {"status": "stalled", "percent": "20", "comment": "No activity since 2023."},
    )
    assert response.status_code == 302
    assert Validation.objects.get(action=world.action).status == "stalled"
    html = client.get(reverse("followup:detail", args=[world.action.pk])).content.decode()
    assert "The views disagree." in html and "No activity since 2023." in html


def test_validation_percent_out_of_range(client, world):
    client_as(client, world.staff)
    response = client.post(
        reverse("followup:validate", args=[world.action.pk]),
        {"status": "stalled", "percent": "120"},
    )
    assert response.status_code == 400
    assert not Validation.objects.exists()
