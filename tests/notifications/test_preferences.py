"""Preferences per category and channel, role defaults, urgent never held, daily digest."""

import pytest

from consultations.models import Membership
from portal.notifications.digest import notifications_digest_send
from portal.notifications.inbox import preferences_update
from portal.notifications.models import Category, Channel, Mode, Notification
from portal.notifications.preferences import preferences_of
from portal.notifications.services import notification_deliver, notifications_create
from tests.factories import (
    AgencyContactFactory,
    FocalPersonFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
S = Notification.EmailStatus


def notify(user, category, urgent=False, kind="test.happened"):
    [row] = notifications_create(recipients=[user], category=category, kind=kind,
                                 payload={"subject": f"About {category}",
                                          "summary": "Something changed."}, urgent=urgent)
    return row


@pytest.mark.parametrize("role, category, expected", [
    ("focal", Category.SUBMISSION, S.PENDING),
    ("focal", Category.ASSESSMENT, S.PENDING),
    ("agency", Category.FOLLOW_UP, S.PENDING),
    ("agency", Category.SUBMISSION, S.HELD),
    ("staff", Category.SUBMISSION, S.HELD),
    ("staff", Category.ORGANIZATION, S.PENDING),
    ("member", Category.RESPONSE, S.PENDING),
    ("member", Category.COSIGN, S.PENDING),
    ("member", Category.PROGRESS, S.HELD),
    ("coordinator", Category.SUBMISSION, S.PENDING),
    ("nobody", Category.REMINDER, S.PENDING),
    ("nobody", Category.COMMENT, S.HELD),
])
def test_defaults_per_role(role, category, expected):
    user = {
        "focal": lambda: FocalPersonFactory().user,
        "agency": lambda: AgencyContactFactory().user,
        "staff": lambda: UserFactory(is_unodc_staff=True),
        "member": lambda: MembershipFactory().user,
        "coordinator": lambda: MembershipFactory(role=Membership.Role.COORDINATOR).user,
        "nobody": UserFactory,
    }[role]()
    assert notify(user, category).email_status == expected


def test_the_most_immediate_default_of_several_roles_wins():
    user = FocalPersonFactory().user
    user.is_unodc_staff = True
    user.save()
    assert notify(user, Category.SUBMISSION).email_status == S.PENDING


def test_explicit_choices_override_defaults_per_channel():
    user = FocalPersonFactory().user
    preferences_update(user=user, choices={
        (Category.SUBMISSION, Channel.EMAIL): Mode.OFF,
        (Category.RESPONSE, Channel.EMAIL): Mode.DIGEST,
        (Category.RESPONSE, Channel.IN_APP): Mode.OFF,
    })
    skipped = notify(user, Category.SUBMISSION)
    held = notify(user, Category.RESPONSE)
    assert skipped.email_status == S.SKIPPED and skipped.read_at is None
    assert held.email_status == S.HELD and held.read_at is not None  # filed as read
    prefs = preferences_of(user)
    assert prefs[Category.SUBMISSION] == {Channel.EMAIL: Mode.OFF, Channel.IN_APP: Mode.IMMEDIATE}
    # Changing one's mind updates the same row.
    preferences_update(user=user, choices={(Category.SUBMISSION, Channel.EMAIL): Mode.IMMEDIATE})
    assert notify(user, Category.SUBMISSION).email_status == S.PENDING
    assert user.notification_preferences.count() == 3


def test_urgent_notifications_are_never_held_for_the_digest():
    user = UserFactory()
    preferences_update(user=user, choices={(Category.REMINDER, Channel.EMAIL): Mode.DIGEST})
    assert notify(user, Category.REMINDER).email_status == S.HELD
    assert notify(user, Category.REMINDER, urgent=True).email_status == S.PENDING


def test_invalid_choices_are_refused():
    from django.core.exceptions import ValidationError

    user = UserFactory()
    with pytest.raises(ValidationError):
        preferences_update(user=user, choices={(Category.EVENT, Channel.IN_APP): Mode.DIGEST})
    with pytest.raises(ValidationError):
        preferences_update(user=user, choices={("nonsense", Channel.EMAIL): Mode.OFF})
    assert not user.notification_preferences.exists()


def test_preferences_cost_the_same_queries_for_one_or_many_recipients(
        django_assert_max_num_queries):
    few = [MembershipFactory().user for _ in range(2)]
    many = [MembershipFactory().user for _ in range(30)]
    for users in (few, many):
        with django_assert_max_num_queries(6):
            notifications_create(recipients=users, category=Category.EVENT, kind="event.changed")


def test_the_daily_digest_carries_held_emails_once(mailoutbox, enqueued,
                                                  django_capture_on_commit_callbacks):
    staff = UserFactory(is_unodc_staff=True, email="staff@example.org")
    other = UserFactory()
    held = [notify(staff, Category.SUBMISSION, kind=f"recommendation.submitted{i}")
            for i in range(3)]
    notify(other, Category.RESPONSE)  # immediate: not in any digest
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_digest_send() == 1
        assert notifications_digest_send() == 0
    digest = Notification.objects.get(kind=Notification.DIGEST_KIND)
    assert digest.recipient == staff and digest.payload["count"] == 3
    assert digest.read_at is not None  # not an inbox item of its own
    assert enqueued[-1] == digest.pk
    for row in held:
        row.refresh_from_db()
        assert row.email_status == S.DIGESTED and row.digest == digest
    assert notification_deliver(notification_id=digest.pk) == "sent"
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "About submission" in body and body.count("About submission") == 3
    assert "digest" in mailoutbox[0].subject.lower()


def test_at_most_one_digest_per_user_and_day_whoever_runs_it(enqueued,
                                                             django_capture_on_commit_callbacks):
    """A second beat (or a rerun) the same day sends no second digest: what was held
    since waits for the next day's."""
    from datetime import timedelta

    from django.utils import timezone

    staff = UserFactory(is_unodc_staff=True, email="staff@example.org")
    notify(staff, Category.SUBMISSION)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_digest_send(now=now) == 1
        later = notify(staff, Category.SUBMISSION)
        assert notifications_digest_send(now=now + timedelta(minutes=1)) == 0
    assert Notification.objects.filter(kind=Notification.DIGEST_KIND).count() == 1
    later.refresh_from_db()
    assert later.email_status == S.HELD
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_digest_send(now=now + timedelta(days=1)) == 1
    later.refresh_from_db()
    assert later.email_status == S.DIGESTED
    assert Notification.objects.filter(kind=Notification.DIGEST_KIND).count() == 2
