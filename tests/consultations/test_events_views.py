import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from consultations.models import ActionItem, Attendance, Event, EventDocument, Registration
from consultations.services import events as services
from tests.consultations.events_support import fast_passwords, make_world, open_event
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    fast_passwords(settings)
    return make_world()


def _client(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


# --- Permission matrix ------------------------------------------------------------------

#: role -> (sees the draft, manages the event)
MATRIX = {
    "anonymous": (False, False),
    "member": (False, False),
    "coordinator": (False, False),
    "focal": (True, True),
    "other_focal": (False, False),
    "agency": (False, False),
    "staff": (True, True),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_permission_matrix(client, world, role):
    sees_draft, manages = MATRIX[role]
    user = world.users()[role]
    draft = open_event(world.party, status=Event.Status.DRAFT, title="Secret draft")
    public = open_event(world.party, title="Public event")
    c = _client(client, user)
    assert c.get(reverse("events:detail", args=[draft.pk])).status_code == (
        200 if sees_draft else 404)
    assert c.get(reverse("events:ical", args=[draft.pk])).status_code == (
        200 if sees_draft else 404)
    listing = c.get(reverse("events:list")).content.decode()
    assert ("Secret draft" in listing) == sees_draft
    assert "Public event" in listing
    detail = c.get(reverse("events:detail", args=[public.pk]))
    assert detail.status_code == 200
    assert detail.context["can_manage"] is manages
    expected = 200 if manages else (302 if user is None else 403)
    for name in ("edit", "registrations", "outcomes", "document_upload", "action_item_create"):
        assert c.get(reverse(f"events:{name}", args=[public.pk])).status_code == expected, name
    status = c.post(reverse("events:status", args=[public.pk]), {"status": "published"})
    assert status.status_code == (302 if manages or user is None else 403)
    public.refresh_from_db()
    assert (public.status == "published") is manages
    can_create = role in ("focal", "other_focal", "staff")
    assert c.get(reverse("events:create")).status_code == (
        200 if can_create else (302 if user is None else 403))
    # Registration: members of a verified organization only.
    reg = c.post(reverse("events:register", args=[public.pk]), {"organization": world.org.pk})
    if role in ("member", "coordinator"):
        assert reg.status_code == 302
        assert Registration.objects.filter(user=user, event=public).exists()
    elif user is None:
        assert reg.status_code == 302 and "/accounts/login/" in reg["Location"]
    else:
        assert reg.status_code == 400
        assert not Registration.objects.filter(user=user).exists()


def test_another_persons_registration_cannot_be_cancelled(client, world):
    event = open_event(world.party)
    reg = services.registration_create(actor=world.member, event=event, organization=world.org)
    _client(client, world.coordinator)
    response = client.post(reverse("events:registration_cancel", args=[event.pk, reg.pk]))
    assert response.status_code == 404
    reg.refresh_from_db()
    assert reg.status == "confirmed"
    _client(client, world.focal)  # the State's focal person manages registrations
    response = client.post(reverse("events:registration_cancel", args=[event.pk, reg.pk]))
    assert response.status_code == 302
    reg.refresh_from_db()
    assert reg.status == "cancelled"


# --- Registration pages -----------------------------------------------------------------------


def test_member_registers_sees_it_and_cancels(client, world):
    event = open_event(world.party, capacity=1, title="Follow-up conference")
    _client(client, world.member)
    response = client.post(reverse("events:register", args=[event.pk]),
                           {"organization": world.org.pk}, follow=True)
    assert "You are registered" in response.content.decode()
    mine = client.get(reverse("events:my_registrations"))
    assert "Follow-up conference" in mine.content.decode()
    again = client.post(reverse("events:register", args=[event.pk]),
                        {"organization": world.org.pk})
    assert again.status_code == 400
    assert "already registered" in again.content.decode()
    # Somebody else gets the waiting list; cancelling promotes them.
    _client(client, world.coordinator)
    response = client.post(reverse("events:register", args=[event.pk]),
                           {"organization": world.org.pk}, follow=True)
    assert "waiting list" in response.content.decode()
    reg = Registration.objects.get(user=world.member)
    _client(client, world.member)
    client.post(reverse("events:registration_cancel", args=[event.pk, reg.pk]))
    assert Registration.objects.get(user=world.coordinator).status == "confirmed"


def test_registration_for_a_cancelled_event_is_refused(client, world):
    event = open_event(world.party, status=Event.Status.CANCELLED)
    _client(client, world.member)
    response = client.post(reverse("events:register", args=[event.pk]),
                           {"organization": world.org.pk})
    assert response.status_code == 400
    assert "cancelled" in response.content.decode()
    assert not Registration.objects.exists()


def test_staff_register_a_person_by_email(client, world):
    event = open_event(world.party)
    _client(client, world.staff)
    url = reverse("events:registrations", args=[event.pk])
    response = client.post(url, {"email": "nobody@example.org"})
    assert response.status_code == 400
    assert "No active account" in response.content.decode()
    response = client.post(url, {"email": world.member.email, "organization": world.org.pk})
    assert response.status_code == 302
    response = client.post(url, {"email": world.member.email})
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    page = client.get(url).content.decode()
    assert str(world.member) in page


# --- Event form: time zones and bad input -----------------------------------------------------


def _form_data(world, **extra):
    data = {"kind": "follow_up_conference", "title": "Follow-up conference",
            "description": "", "party": world.party.pk, "starts_at": "2030-11-28T10:00",
            "ends_at": "2030-11-28T17:00", "timezone": "Asia/Karachi", "mode": "in_person",
            "venue": "Islamabad", "online_url": "", "capacity": "60",
            "registration_deadline": "2030-11-21T10:00"}
    data.update(extra)
    return data


def test_focal_person_creates_an_event_in_local_time(client, world):
    _client(client, world.focal)
    response = client.post(reverse("events:create"), _form_data(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert event.starts_at == dt.datetime(2030, 11, 28, 5, 0, tzinfo=dt.UTC)  # PKT = UTC+5
    assert event.timezone == "Asia/Karachi" and event.status == "draft"
    assert event.created_by == world.focal
    # The edit form shows the local time again.
    form = client.get(reverse("events:edit", args=[event.pk])).context["form"]
    assert form.initial["starts_at"] == "2030-11-28T10:00"
    # The detail page shows the viewer's zone and the event's local time.
    world.member.timezone = "Europe/Vienna"
    world.member.save()
    client.post(reverse("events:status", args=[event.pk]), {"status": "published"})
    _client(client, world.member)
    html = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "06:00" in html  # Vienna (UTC+1 in November)
    assert "10:00" in html and "Asia/Karachi" in html


@pytest.mark.parametrize("change, field, message", [
    ({"ends_at": "2030-11-28T09:00"}, "ends_at", "cannot end before it starts"),
    ({"registration_deadline": "2030-11-29T10:00"}, "registration_deadline",
     "must be before the event starts"),
    ({"mode": "online"}, "online_url", "Give the link"),
    ({"mode": "hybrid", "online_url": "https://meet.example.org/x", "venue": ""}, "venue",
     "Give the venue"),
    ({"starts_at": "not a date"}, "starts_at", "valid date"),
    ({"timezone": "Mars/Olympus"}, "timezone", "valid choice"),
    ({"party": ""}, "party", "required"),
])
def test_bad_input_is_refused_and_nothing_saved(client, world, change, field, message):
    _client(client, world.focal)
    response = client.post(reverse("events:create"), _form_data(world, **change))
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    html = response.content.decode()
    assert 'class="error-summary"' in html and f'href="#id_{field}"' in html
    assert not Event.objects.exists()


def test_focal_person_cannot_create_for_another_state(client, world):
    _client(client, world.focal)
    response = client.post(reverse("events:create"),
                           _form_data(world, party=world.other_party.pk))
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_edit_notifies_registrants_of_a_new_time(client, world):
    event = open_event(world.party)
    services.registration_create(actor=world.member, event=event, organization=world.org)
    _client(client, world.staff)
    local = event.starts_at.astimezone(ZoneInfo("Asia/Karachi")) + dt.timedelta(hours=1)
    data = _form_data(world, title=event.title, starts_at=local.strftime("%Y-%m-%dT%H:%M"),
                      ends_at=(local + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
                      registration_deadline="", capacity="2")
    response = client.post(reverse("events:edit", args=[event.pk]), data)
    assert response.status_code == 302
    from portal.notifications.models import Notification
    assert Notification.objects.filter(recipient=world.member, kind="event.updated").exists()


# --- Outcomes, documents, action items ---------------------------------------------------------


def test_outcomes_pages(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = open_event(world.party, status=Event.Status.HELD)
    _client(client, world.focal)
    url = reverse("events:outcomes", args=[event.pk])
    response = client.post(url, {"form": "attendance", "attendance-government": "-3"})
    assert response.status_code == 400
    response = client.post(url, {"form": "attendance", "attendance-government": "15",
                                 "attendance-civil_society": "18", "attendance-academia": "7",
                                 "attendance-private_sector": "3",
                                 "attendance-intergovernmental": "2"})
    assert response.status_code == 302
    assert sum(Attendance.objects.values_list("count", flat=True)) == 45
    client.post(url, {"form": "minutes", "minutes-minutes": "Opened by the focal person."})
    response = client.post(reverse("events:action_item_create", args=[event.pk]),
                           {"title": "Publish statistics", "owner_name": "",
                            "due_on": "2030-01-01"})
    assert response.status_code == 400  # an owner is needed
    client.post(reverse("events:action_item_create", args=[event.pk]),
                {"title": "Publish statistics", "owner_name": "FIA", "due_on": "2030-01-01"})
    item = ActionItem.objects.get()
    client.post(reverse("events:action_item_status", args=[event.pk, item.pk]),
                {"status": "done"})
    item.refresh_from_db()
    assert item.status == "done"
    html = _client(client, None).get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Opened by the focal person." in html and "45" in html
    assert "Publish statistics" in html


def test_upload_and_download_documents(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_BYTES = 1000
    event = open_event(world.party)
    _client(client, world.staff)
    url = reverse("events:document_upload", args=[event.pk])
    bad = [SimpleUploadedFile("evil.exe", b"MZ"),
           SimpleUploadedFile("fake.pdf", b"<html>"),
           SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2000)]
    for upload in bad:
        response = client.post(url, {"kind": "minutes", "file": upload})
        assert response.status_code == 400
        assert response.context["form"].errors["file"]
    assert not EventDocument.objects.exists() and not list(tmp_path.rglob("*.*"))
    response = client.post(url, {"kind": "minutes", "title": "Chair's summary", "file":
                                 SimpleUploadedFile("../../etc/Chair summary.pdf",
                                                    b"%PDF-1.4 summary")})
    assert response.status_code == 302
    document = EventDocument.objects.get()
    assert document.filename == "Chair_summary.pdf"
    download = _client(client, None).get(reverse("events:document",
                                                 args=[event.pk, document.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert 'filename="Chair_summary.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == b"%PDF-1.4 summary"
    # A draft event's documents are as invisible as the event.
    event.status = Event.Status.DRAFT
    event.save()
    assert client.get(reverse("events:document", args=[event.pk, document.pk])
                      ).status_code == 404


# --- Lists, filters, feeds, query budgets ---------------------------------------------------


def test_list_filters_upcoming_past_state_kind_dates(client, world):
    now = timezone.now()
    EventFactory(party=world.party, title="Past launch", kind="pilot_launch",
                 starts_at=now - dt.timedelta(days=300), ends_at=now - dt.timedelta(days=299))
    EventFactory(party=world.party, title="Next training", kind="training",
                 starts_at=now + dt.timedelta(days=5), ends_at=now + dt.timedelta(days=5))
    EventFactory(party=world.other_party, title="Other dialogue", kind="constructive_dialogue",
                 starts_at=now + dt.timedelta(days=50), ends_at=now + dt.timedelta(days=50))

    def titles(**params):
        response = client.get(reverse("events:list"), params)
        return {e.title for e in response.context["events"]}

    assert titles() == {"Next training", "Other dialogue"}
    assert titles(when="past") == {"Past launch"}
    assert titles(when="all", party=world.party.pk) == {"Past launch", "Next training"}
    assert titles(when="all", kind="constructive_dialogue") == {"Other dialogue"}
    soon = (now + dt.timedelta(days=20)).date().isoformat()
    assert titles(when="all", date_from=now.date().isoformat(), date_to=soon) == {
        "Next training"}
    assert client.get(reverse("events:list"), {"date_from": "2030-01-02",
                                               "date_to": "2030-01-01"}).status_code == 400


def test_list_query_budget_does_not_grow(client, world, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            event = open_event(PartyFactory(), capacity=3)
            m = MembershipFactory(organization=OrganizationFactory(country=event.party))
            Registration.objects.create(event=event, user=m.user, organization=m.organization)
    add(1)
    _client(client, world.member)
    with django_assert_max_num_queries(8):
        client.get(reverse("events:list"))
    add(15)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("events:list"))
    assert len(response.context["events"]) == 16


def test_detail_query_budget_does_not_grow(client, world, django_assert_max_num_queries,
                                           settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = open_event(world.party, status=Event.Status.HELD)

    def add(n):
        for i in range(n):
            event.organizers.add(OrganizationFactory(country=world.party))
            EventDocument.objects.create(event=event, title=f"Doc {i}", file="x.pdf",
                                         filename="x.pdf", size=1)
            ActionItem.objects.create(event=event, title=f"Item {i}", due_on=dt.date(2030, 1, 1),
                                      owner_organization=OrganizationFactory())
            RecommendationFactory(organization__country=world.party, event=event)
        for category, count in (("government", 15), ("academia", 7)):
            Attendance.objects.update_or_create(event=event, category=category,
                                                defaults={"count": count})
    add(1)
    _client(client, world.staff)
    with django_assert_max_num_queries(20) as first:
        client.get(reverse("events:detail", args=[event.pk]))
    add(10)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("events:detail", args=[event.pk]))
    assert len(response.context["recommendations"]) == 11


def test_ical_downloads(client, world):
    event = open_event(world.party, title="Follow-up conference")
    open_event(world.party, status=Event.Status.DRAFT, title="Hidden draft")
    open_event(world.party, status=Event.Status.CANCELLED, title="Cancelled one")
    response = client.get(reverse("events:ical", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert "SUMMARY:Follow-up conference" in body and "\r\n" in body
    feed = client.get(reverse("events:feed")).content.decode()
    assert "Follow-up conference" in feed
    assert "Hidden draft" not in feed and "Cancelled one" not in feed


def test_nav_has_events_link(client):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("events:list")}"' in html


@pytest.mark.parametrize("change, field", [
    ({"mode": "online", "online_url": ""}, "online_url"),
    ({"mode": "hybrid", "online_url": "https://meet.example.org/x", "venue": ""}, "venue"),
])
def test_a_change_obeys_the_place_rule_on_the_web_and_in_the_api(client, world, change, field):
    """Where an event happens is one rule (Event.clean): editing on the web and
    PATCH in the API refuse the same change, on the same field, and change nothing."""
    event = open_event(world.party, title="In Islamabad")
    _client(client, world.focal)
    response = client.post(reverse("events:edit", args=[event.pk]),
                           _form_data(world, title="In Islamabad", **change))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    api = APIClient()
    api.force_authenticate(world.focal)
    response = api.patch(f"/api/v1/events/{event.pk}/", change, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    event.refresh_from_db()
    assert (event.mode, event.venue, event.online_url) == ("in_person", "Islamabad", "")
