"""The inbox, the header count, the preferences page and the staff outbox."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.notifications.models import Category, Notification
from portal.notifications.services import notifications_create
from recommendations.events import RecommendationEventKind
from tests.factories import FocalPersonFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Notification.EmailStatus
INBOX = reverse("notifications:inbox")
PREFS = reverse("notifications:preferences")
OUTBOX = reverse("notifications:outbox")


def notify(user, n=1, **extra):
    for i in range(n):
        notifications_create(recipients=[user], category=Category.RESPONSE,
                             kind=RecommendationEventKind.RESPONDED, url="/recommendations/1/",
                             payload={"subject": f"Response {i} published",
                                      "summary": "Supported."}, **extra)
    return Notification.objects.filter(recipient=user)


@pytest.fixture
def user(client):
    user = MembershipFactory().user
    client.force_login(user)
    return user


def test_inbox_lists_own_notifications_with_the_unread_count(client, user):
    notify(user, 3)
    notify(UserFactory(), 1)
    response = client.get(INBOX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("Response ") >= 3 and "Response 0 published" in body
    assert '<span class="badge">3<span class="visually-hidden"> unread' in body


def _counts(ctx):
    return [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()
            and "notifications_notification" in q["sql"]]


def test_the_header_count_is_one_cached_query(client, user,
                                             django_capture_on_commit_callbacks):
    notify(user, 2)
    with CaptureQueriesContext(connection) as ctx:
        client.get(PREFS)
    assert len(_counts(ctx)) == 1  # one query, although the header shows it
    with CaptureQueriesContext(connection) as ctx:
        client.get(PREFS)
    assert _counts(ctx) == []  # then served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, 1)  # a new notification clears the cached count
    assert '<span class="badge">3<' in client.get(PREFS).content.decode()


def test_inbox_queries_do_not_grow_with_rows(client, user, django_assert_max_num_queries):
    notify(user, 2)
    with django_assert_max_num_queries(10):
        client.get(INBOX)
    notify(user, 40)
    with django_assert_max_num_queries(10):
        assert client.get(INBOX).status_code == 200


def test_mark_read_and_mark_all_read(client, user, django_capture_on_commit_callbacks):
    rows = list(notify(user, 3))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:mark_read", args=[rows[0].pk]))
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=user, read_at__isnull=True).count() == 2
    assert '<span class="badge">2<' in client.get(INBOX).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert "visually-hidden\"> unread" not in client.get(INBOX).content.decode()
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_opening_a_notification_marks_it_read_and_goes_to_the_item(client, user):
    row = notify(user).get()
    response = client.get(reverse("notifications:open", args=[row.pk]))
    assert response.status_code == 302 and response["Location"] == "/recommendations/1/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_someone_elses_notification_is_not_found(client, user):
    other = notify(UserFactory()).get()
    assert client.post(reverse("notifications:mark_read", args=[other.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (INBOX, PREFS, OUTBOX):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_preferences_page_saves_choices(client, user):
    response = client.get(PREFS)
    assert response.status_code == 200
    data = {f"{c}__{ch}": "immediate" for c in Category.values for ch in ("email", "in_app")}
    data["progress__email"] = "off"
    data["comment__email"] = "digest"
    response = client.post(PREFS, data)
    assert response.status_code == 302
    assert user.notification_preferences.get(category="progress", channel="email").mode == "off"
    assert user.notification_preferences.get(category="comment", channel="email").mode == \
        "digest"
    assert 'value="off" ' in client.get(PREFS).content.decode()


def test_preferences_page_refuses_wrong_input_with_400(client, user):
    data = {f"{c}__{ch}": "immediate" for c in Category.values for ch in ("email", "in_app")}
    data["event__in_app"] = "digest"
    response = client.post(PREFS, data)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not user.notification_preferences.exists()


@pytest.mark.parametrize("who, status", [
    ("member", 403), ("coordinator", 403), ("focal", 403), ("staff", 200),
])
def test_outbox_is_for_unodc_staff(client, who, status):
    user = {
        "member": lambda: MembershipFactory().user,
        "coordinator": lambda: MembershipFactory(role="coordinator").user,
        "focal": lambda: FocalPersonFactory().user,
        "staff": lambda: UserFactory(is_unodc_staff=True),
    }[who]()
    client.force_login(user)
    assert client.get(OUTBOX).status_code == status


def test_outbox_filters_and_retries_failed_emails(client, django_assert_max_num_queries,
                                                 enqueued, django_capture_on_commit_callbacks):
    staff = UserFactory(is_unodc_staff=True)
    client.force_login(staff)
    recipient = UserFactory(email="someone@example.org")
    rows = list(notify(recipient, 3))
    Notification.objects.filter(pk=rows[0].pk).update(email_status=S.FAILED,
                                                      last_error="SMTPDataError: 554")
    Notification.objects.filter(pk=rows[1].pk).update(email_status=S.SENT)
    with django_assert_max_num_queries(12):
        response = client.get(OUTBOX, {"status": "failed"})
    body = response.content.decode()
    assert "SMTPDataError: 554" in body and "someone@example.org" in body
    assert reverse("notifications:retry", args=[rows[0].pk]) in body
    assert reverse("notifications:retry", args=[rows[1].pk]) not in body
    notify(recipient, 40)
    with django_assert_max_num_queries(12):
        assert client.get(OUTBOX).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:retry", args=[rows[0].pk]))
    assert response.status_code == 302
    assert Notification.objects.get(pk=rows[0].pk).email_status == S.PENDING
    assert enqueued[-1] == rows[0].pk
    # A sent one cannot be retried.
    client.post(reverse("notifications:retry", args=[rows[1].pk]))
    assert Notification.objects.get(pk=rows[1].pk).email_status == S.SENT


def test_retry_is_forbidden_to_others(client):
    client.force_login(MembershipFactory().user)
    row = notify(UserFactory()).get()
    Notification.objects.filter(pk=row.pk).update(email_status=S.FAILED)
    assert client.post(reverse("notifications:retry", args=[row.pk])).status_code == 403
    assert Notification.objects.get(pk=row.pk).email_status == S.FAILED
