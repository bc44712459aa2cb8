"""Reminder e-mails name the State in the recipient's language (the scans run in no
one's language: they store the State, and the e-mail names it when it is written)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from portal.notifications.models import Notification
from portal.notifications.reminders import reminders_dispatch
from portal.notifications.services import notification_deliver
from recommendations.models import FollowUpAction
from recommendations.reminders import reminders_scan_actions, reminders_scan_responses
from tests.factories import (
    FocalPersonFactory,
    OrganizationFactory,
    PartyFactory,
    RecommendationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)
LATER = dt.datetime(2036, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _mail(mailoutbox, recipient, kind):
    note = Notification.objects.get(recipient=recipient, kind=kind)
    before = len(mailoutbox)
    assert notification_deliver(notification_id=note.pk) == "sent"
    [message] = mailoutbox[before:]
    return message


@pytest.mark.parametrize(
    "language, name",
    [("fr", "Allemagne"), ("ar", "ألمانيا"), ("ru", "Германия"), ("en", "Germany")],
)
def test_the_action_reminder_names_the_state_in_the_recipients_language(
    mailoutbox, django_capture_on_commit_callbacks, language, name
):
    germany = PartyFactory(iso3="DEU", iso2="DE", name="Germany")
    focal = FocalPersonFactory(party=germany, user__language=language).user
    FollowUpAction.objects.create(
        party=germany, title="Referral plan", due_on=TODAY + dt.timedelta(days=6)
    )
    with translation.override("en"):
        reminders_scan_actions(today=TODAY)
        with django_capture_on_commit_callbacks(execute=True):
            assert reminders_dispatch(now=LATER) == 1
    message = _mail(mailoutbox, focal, "reminder.action_due")
    assert f"({name})" in message.body
    assert language == "en" or "Germany" not in message.body


def test_the_escalation_names_the_state_in_each_staff_members_language(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.REMINDER_ESCALATION_DAYS = 30
    germany = PartyFactory(iso3="DEU", iso2="DE", name="Germany")
    staff = UserFactory(is_unodc_staff=True, language="es")
    rec = RecommendationFactory(
        organization=OrganizationFactory(country=germany),
        party=germany,
        reference="DEU-2025-0001",
        response_due_on=TODAY - dt.timedelta(days=40),
    )
    with translation.override("fr"):  # whatever language the scan happens to run in
        reminders_scan_responses(today=TODAY)
        with django_capture_on_commit_callbacks(execute=True):
            reminders_dispatch(now=LATER)
    message = _mail(mailoutbox, staff, "reminder.response_escalation")
    assert "Alemania" in message.subject and rec.reference in message.subject
    assert "Allemagne" not in message.body + message.subject
