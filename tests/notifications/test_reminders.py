"""Reminder scans and the dispatcher: the right people, the right steps, never twice."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from consultations.models import Event, Membership
from consultations.reminders import reminders_scan_events
from portal.notifications.models import Notification, Reminder
from portal.notifications.reminders import reminders_dispatch
from recommendations.models import ActionStatus, FollowUpAction, ProgressReport
from recommendations.reminders import (
    DeadlineReminderKind,
    action_step,
    reminders_scan_actions,
    reminders_scan_all,
    reminders_scan_responses,
    response_step,
)
from tests.factories import (
    EventFactory,
    FocalPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    RecommendationFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)
LATER = timezone.now() + dt.timedelta(days=3650)


def days(n):
    return TODAY + dt.timedelta(days=n)


@pytest.mark.parametrize("left, step", [
    (20, None), (14, "before-14"), (5, "before-14"), (3, "before-3"), (1, "before-3"),
    (0, "on-day"), (-1, "overdue-0"), (-7, "overdue-0"), (-8, "overdue-1"), (-30, "overdue-4"),
])
def test_response_steps(left, step):
    result = response_step(days(left), TODAY)
    assert (result and result[0].split(":")[1]) == step or (result is None and step is None)


@pytest.mark.parametrize("left, step", [
    (8, None), (7, "before-7"), (2, "before-7"), (1, "before-1"), (0, None), (-1, "overdue"),
    (-400, "overdue"),
])
def test_action_steps(left, step):
    result = action_step(days(left), TODAY)
    assert (result and result[0].split(":")[1]) == step or (result is None and step is None)


@pytest.fixture
def state():
    focal = FocalPersonFactory()
    org = OrganizationFactory(country=focal.party)
    return focal.party, focal.user, org


def test_response_reminders_go_to_the_focal_persons_and_escalate_to_staff(state):
    party, focal, org = state
    second_focal = FocalPersonFactory(party=party).user
    staff = UserFactory(is_unodc_staff=True)
    UserFactory(is_unodc_staff=True, is_active=False)
    due_soon = RecommendationFactory(organization=org, response_due_on=days(3))
    late = RecommendationFactory(organization=org, response_due_on=days(-40),
                                 status="under_consideration")
    RecommendationFactory(organization=org, response_due_on=days(-40), status="responded")
    RecommendationFactory(organization=org, response_due_on=days(30))
    reminders_scan_responses(today=TODAY)
    rows = {(r.target_id, r.purpose, r.step.split(":")[1], r.recipient_id, r.urgent)
            for r in Reminder.objects.all()}
    assert rows == {
        (due_soon.pk, "response", "before-3", focal.pk, False),
        (due_soon.pk, "response", "before-3", second_focal.pk, False),
        (late.pk, "response", "overdue-5", focal.pk, True),
        (late.pk, "response", "overdue-5", second_focal.pk, True),
        (late.pk, "response_escalation", "escalation", staff.pk, True),
    }
    # A week later, the overdue reminder comes again; the escalation does not.
    reminders_scan_responses(today=TODAY + dt.timedelta(days=7))
    assert Reminder.objects.filter(target_id=late.pk, purpose="response").count() == 4
    assert Reminder.objects.filter(purpose="response_escalation").count() == 1


def test_action_reminders_go_to_the_responsible_and_focal_persons(state):
    party, focal, _ = state
    agency = UserFactory()
    soon = FollowUpAction.objects.create(party=party, title="Publish statistics",
                                         responsible=agency, due_on=days(6))
    stalled = FollowUpAction.objects.create(party=party, title="Referral mechanism",
                                            responsible=agency, due_on=days(-45),
                                            status=ActionStatus.STALLED)
    FollowUpAction.objects.create(party=party, title="Done", responsible=agency,
                                  due_on=days(-45), status=ActionStatus.IMPLEMENTED)
    reporting = FollowUpAction.objects.create(party=party, title="Report monthly",
                                              due_on=days(300), start_on=days(-100),
                                              report_every_months=1)
    ProgressReport.objects.create(action=reporting, reported_on=dt.date(2026, 2, 11),
                                  text="First", status="in_progress", percent=10)
    reminders_scan_actions(today=TODAY)
    rows = {(r.target_id, r.purpose, r.step, r.recipient_id, r.urgent)
            for r in Reminder.objects.all()}
    assert rows == {
        (soon.pk, "action", f"{days(6)}:before-7", agency.pk, False),
        (soon.pk, "action", f"{days(6)}:before-7", focal.pk, False),
        (stalled.pk, "action", f"{days(-45)}:overdue", agency.pk, True),
        (stalled.pk, "action", f"{days(-45)}:overdue", focal.pk, True),
        (reporting.pk, "report", "2026-03-11:before-1", focal.pk, False),
    }
    assert Reminder.objects.get(target_id=soon.pk, recipient=agency).kind == \
        DeadlineReminderKind.ACTION_DUE


def test_event_reminders_the_day_before_and_registration_deadlines(state):
    party, _, org = state
    now = timezone.now()
    today = now.date()
    tomorrow = EventFactory(party=party, starts_at=now + dt.timedelta(days=1),
                            status=Event.Status.REGISTRATION_OPEN)
    going = RegistrationFactory(event=tomorrow).user
    RegistrationFactory(event=tomorrow, status="cancelled")
    later = EventFactory(party=party, starts_at=now + dt.timedelta(days=10),
                         registration_deadline=now + dt.timedelta(days=2),
                         status=Event.Status.REGISTRATION_OPEN)
    coordinator = MembershipFactory(organization=org, role=Membership.Role.COORDINATOR).user
    MembershipFactory(organization=org)  # members are not reminded of the deadline
    registered_org = OrganizationFactory(country=party)
    MembershipFactory(organization=registered_org, role=Membership.Role.COORDINATOR)
    RegistrationFactory(event=later, organization=registered_org)
    reminders_scan_events(today=today)
    reminders_scan_events(today=today)
    rows = {(r.target_id, r.purpose, r.recipient_id) for r in Reminder.objects.all()}
    assert rows == {(tomorrow.pk, "event", going.pk), (later.pk, "registration", coordinator.pk)}


def test_scans_twice_and_dispatch_twice_send_once(state, django_capture_on_commit_callbacks,
                                                  enqueued):
    party, focal, org = state
    RecommendationFactory(organization=org, response_due_on=days(-3))
    FollowUpAction.objects.create(party=party, title="Late", due_on=days(-1))
    reminders_scan_all(today=TODAY)
    reminders_scan_all(today=TODAY)
    assert Reminder.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_dispatch(now=LATER) == 2
        assert reminders_dispatch(now=LATER) == 0
    notifications = Notification.objects.filter(recipient=focal)
    assert notifications.count() == 2
    assert all(n.urgent and n.email_status == "pending" for n in notifications)
    assert sorted(enqueued) == sorted(n.pk for n in notifications)
    assert not Reminder.objects.filter(notification__isnull=True).exists()


def test_a_reminder_not_yet_due_waits_and_one_missed_is_sent_later(state):
    party, focal, org = state
    RecommendationFactory(organization=org, response_due_on=days(14))
    reminders_scan_responses(today=TODAY)
    reminder = Reminder.objects.get()
    assert reminders_dispatch(now=reminder.due_at - dt.timedelta(minutes=1)) == 0
    # The worker was down that day: it sends the reminder when it returns.
    assert reminders_dispatch(now=reminder.due_at + dt.timedelta(days=3)) == 1
    reminder.refresh_from_db()
    assert reminder.notification.kind == DeadlineReminderKind.RESPONSE_DUE


def test_a_rerun_after_a_crash_between_notification_and_reminder_creates_nothing(state):
    """The notification exists (dedupe key) but the reminder was not marked: no twin."""
    party, focal, org = state
    RecommendationFactory(organization=org, response_due_on=days(-2))
    reminders_scan_responses(today=TODAY)
    reminders_dispatch(now=LATER)
    Reminder.objects.update(notification=None)
    assert reminders_dispatch(now=LATER) == 1
    assert Notification.objects.count() == 1
    assert Reminder.objects.get().notification is not None


def test_scan_queries_grow_with_batches_not_rows(state, django_assert_max_num_queries,
                                                 monkeypatch):
    import recommendations.reminders as module

    party, focal, org = state
    monkeypatch.setattr(module, "CHUNK", 50)
    for n in range(120):
        FollowUpAction.objects.create(party=party, title=f"Action {n}", due_on=days(-1 - n % 3))
    # 120 actions x 1 focal person = 120 rows in 3 batches of 50.
    with django_assert_max_num_queries(14):
        reminders_scan_actions(today=TODAY)
    assert Reminder.objects.count() == 120


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_insert_each_reminder_once(postgres):
    focal = FocalPersonFactory()
    org = OrganizationFactory(country=focal.party)
    for n in range(60):
        RecommendationFactory(organization=org, response_due_on=days(-n))
        FollowUpAction.objects.create(party=focal.party, title=f"A{n}", due_on=days(-n - 1))
    barrier = threading.Barrier(2)
    errors = []

    def scan():
        try:
            barrier.wait()
            reminders_scan_all(today=TODAY)
            reminders_dispatch(now=LATER)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    keys = list(Reminder.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 120
    assert Notification.objects.count() == 120
    assert not Reminder.objects.filter(notification__isnull=True).exists()
