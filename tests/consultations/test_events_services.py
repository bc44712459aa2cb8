import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultations import ical
from consultations.models import (
    ActionItem,
    Attendance,
    Event,
    EventDocument,
    Organization,
    Registration,
)
from consultations.selectors.events import registrations_confirmed_for, waitlist_position
from consultations.services import events as services
from portal.core.models import DomainEvent
from portal.notifications.messages import render_message
from portal.notifications.models import Notification
from tests.consultations.events_support import fast_passwords, make_world, open_event
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    fast_passwords(settings)
    return make_world()


def _member(world, **org):
    return MembershipFactory(organization=OrganizationFactory(country=world.party, **org))


def test_registration_confirmed_then_waitlisted_then_promoted(world):
    event = open_event(world.party, capacity=1)
    first, second, third = _member(world), _member(world), _member(world)
    r1 = services.registration_create(actor=first.user, event=event,
                                      organization=first.organization)
    r2 = services.registration_create(actor=second.user, event=event,
                                      organization=second.organization)
    r3 = services.registration_create(actor=third.user, event=event,
                                      organization=third.organization)
    assert (r1.status, r2.status, r3.status) == ("confirmed", "waitlisted", "waitlisted")
    assert waitlist_position(r2) == 1 and waitlist_position(r3) == 2
    services.registration_cancel(actor=first.user, registration=r1)
    r2.refresh_from_db()
    r3.refresh_from_db()
    assert r2.status == "confirmed" and r3.status == "waitlisted"
    assert list(registrations_confirmed_for(event)) == [r2]
    kinds = list(Notification.objects.filter(recipient=second.user).values_list("kind",
                                                                                 flat=True))
    assert sorted(kinds) == ["registration.created", "registration.promoted"]
    assert Notification.objects.filter(recipient=first.user, kind="registration.cancelled",
                                       category="event").exists()
    assert DomainEvent.objects.filter(kind="registration.promoted", target_id=r2.pk).exists()


def test_notifications_carry_subject_and_link(world, django_capture_on_commit_callbacks):
    event = open_event(world.party)
    with django_capture_on_commit_callbacks() as callbacks:
        services.registration_create(actor=world.member, event=event, organization=world.org)
    assert callbacks  # delivery is enqueued after commit
    note = Notification.objects.get(recipient=world.member)
    assert render_message(note.payload["subject"]).startswith("Registration confirmed")
    assert note.url == f"/events/{event.pk}/"
    assert note.event.kind == "registration.created"


def test_registering_twice_is_refused_with_a_clear_message(world):
    event = open_event(world.party)
    services.registration_create(actor=world.member, event=event, organization=world.org)
    with pytest.raises(ValidationError, match="already registered"):
        services.registration_create(actor=world.member, event=event, organization=world.org)
    assert Registration.objects.filter(event=event).count() == 1


def test_register_again_after_cancelling(world):
    event = open_event(world.party)
    reg = services.registration_create(actor=world.member, event=event,
                                       organization=world.org)
    services.registration_cancel(actor=world.member, registration=reg)
    again = services.registration_create(actor=world.member, event=event,
                                         organization=world.org)
    assert again.pk == reg.pk and again.status == "confirmed"


@pytest.mark.parametrize("change, message", [
    ({"status": Event.Status.CANCELLED}, "cancelled"),
    ({"status": Event.Status.PUBLISHED}, "not open"),
    ({"status": Event.Status.DRAFT}, "not open"),
    ({"registration_deadline": timezone.now() - dt.timedelta(hours=1)}, "deadline"),
])
def test_registration_refused_when_closed(world, change, message):
    event = open_event(world.party, **change)
    with pytest.raises(ValidationError, match=message):
        services.registration_create(actor=world.member, event=event, organization=world.org)
    assert not Registration.objects.exists()


def test_registration_needs_a_verified_organization(world):
    event = open_event(world.party)
    pending = MembershipFactory(organization=OrganizationFactory(
        country=world.party, status=Organization.Status.PENDING))
    with pytest.raises(ValidationError, match="verified organization"):
        services.registration_create(actor=pending.user, event=event,
                                     organization=pending.organization)
    other = OrganizationFactory(country=world.party)
    with pytest.raises(ValidationError) as info:
        services.registration_create(actor=world.member, event=event, organization=other)
    assert "organization" in info.value.message_dict


def test_full_event_puts_people_on_the_waiting_list_never_over_capacity(world):
    event = open_event(world.party, capacity=2)
    members = [_member(world) for _ in range(4)]
    for m in members:
        services.registration_create(actor=m.user, event=event, organization=m.organization)
    assert registrations_confirmed_for(event).count() == 2
    assert Registration.objects.filter(event=event, status="waitlisted").count() == 2


def test_staff_register_someone_even_after_the_deadline(world):
    event = open_event(world.party, registration_deadline=timezone.now() - dt.timedelta(hours=1))
    reg = services.registration_invite(actor=world.staff, event=event,
                                       email=world.member.email.upper())
    assert reg.user == world.member and reg.registered_by == world.staff
    assert Notification.objects.filter(recipient=world.member).exists()
    with pytest.raises(ValidationError) as info:
        services.registration_invite(actor=world.staff, event=event, email="nobody@x.org")
    assert "email" in info.value.message_dict
    with pytest.raises(PermissionDenied):
        services.registration_invite(actor=world.other_focal, event=event,
                                     email=world.coordinator.email)


def test_capacity_increase_promotes_the_waiting_list(world):
    event = open_event(world.party, capacity=1)
    a, b = _member(world), _member(world)
    services.registration_create(actor=a.user, event=event, organization=a.organization)
    rb = services.registration_create(actor=b.user, event=event, organization=b.organization)
    services.event_update(actor=world.focal, event=event, capacity=2)
    rb.refresh_from_db()
    assert rb.status == "confirmed"


def test_event_change_and_cancellation_notify_registrants(world):
    event = open_event(world.party)
    services.registration_create(actor=world.member, event=event, organization=world.org)
    services.event_update(actor=world.staff, event=event, venue="Serena Hotel")
    assert Notification.objects.filter(recipient=world.member, kind="event.updated").exists()
    services.event_update(actor=world.staff, event=event, title="Renamed")
    assert Notification.objects.filter(recipient=world.member,
                                       kind="event.updated").count() == 1  # title: no mail
    services.event_status_change(actor=world.staff, event=event, status="cancelled")
    assert Notification.objects.filter(recipient=world.member, kind="event.cancelled").exists()
    with pytest.raises(ValidationError):
        services.registration_create(actor=world.coordinator, event=event,
                                     organization=world.org)
    with pytest.raises(ValidationError):  # a cancelled event stays cancelled
        services.event_status_change(actor=world.staff, event=event, status="published")


def test_event_create_validates_times_and_saves_nothing_on_error(world):
    start = dt.datetime(2030, 5, 1, 10, 0, tzinfo=ZoneInfo("Asia/Karachi"))
    base = dict(kind=Event.Kind.WORKSHOP, title="Workshop", party=world.party,
                starts_at=start, ends_at=start - dt.timedelta(hours=1), timezone="Asia/Karachi",
                venue="Islamabad")
    with pytest.raises(ValidationError) as info:
        services.event_create(actor=world.focal, **base)
    assert "ends_at" in info.value.message_dict
    base.update(ends_at=start + dt.timedelta(hours=2),
                registration_deadline=start + dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as info:
        services.event_create(actor=world.focal, **base)
    assert "registration_deadline" in info.value.message_dict
    assert not Event.objects.exists()
    base["registration_deadline"] = start - dt.timedelta(days=2)
    event = services.event_create(actor=world.focal, **base)
    assert event.status == Event.Status.DRAFT and event.created_by == world.focal
    assert DomainEvent.objects.filter(kind="event.created", target_id=event.pk).exists()


def test_only_staff_or_the_states_focal_person_create_and_manage(world):
    start = timezone.now() + dt.timedelta(days=3)
    data = dict(kind=Event.Kind.TRAINING, title="T", party=world.party, starts_at=start,
                ends_at=start + dt.timedelta(hours=1), venue="Islamabad")
    for user in (world.member, world.coordinator, world.agency, world.other_focal):
        with pytest.raises(PermissionDenied):
            services.event_create(actor=user, **data)
    with pytest.raises(ValidationError):  # a focal person cannot create a global event
        services.event_create(actor=world.focal, **{**data, "party": None})
    assert services.event_create(actor=world.staff, **{**data, "party": None}).party is None
    event = services.event_create(actor=world.focal, **data)
    with pytest.raises(PermissionDenied):
        services.event_status_change(actor=world.other_focal, event=event, status="published")
    services.event_status_change(actor=world.focal, event=event, status="registration_open")


def test_held_only_after_start(world):
    event = open_event(world.party)
    with pytest.raises(ValidationError, match="held"):
        services.event_status_change(actor=world.staff, event=event, status="held")


def test_outcomes_attendance_minutes_action_items(world):
    event = open_event(world.party, status=Event.Status.HELD)
    services.attendance_record(actor=world.focal, event=event, counts={
        "government": 15, "civil_society": 18, "academia": 7, "private_sector": 3,
        "intergovernmental": 2})
    assert sum(a.count for a in Attendance.objects.filter(event=event)) == 45
    services.attendance_record(actor=world.focal, event=event, counts={
        "government": 10, "civil_society": 0})
    assert dict(Attendance.objects.filter(event=event).values_list("category", "count")) == {
        "government": 10}
    with pytest.raises(ValidationError):
        services.attendance_record(actor=world.focal, event=event, counts={"government": -1})
    services.minutes_record(actor=world.staff, event=event, minutes="  Chair's summary.  ")
    event.refresh_from_db()
    assert event.minutes == "Chair's summary."
    item = services.action_item_create(actor=world.staff, event=event, title="Publish data",
                                       due_on=dt.date(2030, 1, 1), owner_name="FIA")
    assert item.owner_label == "FIA"
    with pytest.raises(ValidationError) as info:
        services.action_item_create(actor=world.staff, event=event, title="No owner",
                                    due_on=dt.date(2030, 1, 1))
    assert "owner_name" in info.value.message_dict
    services.action_item_status_set(actor=world.staff, item=item, status="done")
    assert ActionItem.objects.get().status == "done"
    with pytest.raises(PermissionDenied):
        services.minutes_record(actor=world.member, event=event, minutes="x")


def test_documents_checked_and_nothing_saved_on_error(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = open_event(world.party)
    with pytest.raises(ValidationError) as info:
        services.event_document_add(actor=world.staff, event=event,
                                    file=SimpleUploadedFile("x.pdf", b"MZ not a pdf"))
    assert "file" in info.value.message_dict
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        services.event_document_add(actor=world.staff, event=event,
                                    file=SimpleUploadedFile("x.pdf", b"%PDF-" + b"1" * 20))
    assert not EventDocument.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))
    settings.UPLOAD_MAX_BYTES = 1000
    doc = services.event_document_add(actor=world.staff, event=event, kind="minutes",
                                      file=SimpleUploadedFile("../../Minutes 1.pdf",
                                                              b"%PDF-1.4 ok"))
    assert doc.filename == "Minutes_1.pdf" and doc.title == "Minutes_1.pdf"
    assert doc.file.path.startswith(str(tmp_path))
    services.event_document_delete(actor=world.staff, document=doc)
    assert not EventDocument.objects.exists()


def test_icalendar_is_rfc5545(world):
    event = open_event(world.party, title="Dialogue; civil society, academia\nand more " * 3,
                       description="Line one\nLine two, with comma; semicolon \\ backslash")
    text = ical.calendar([event], name="Test")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert f"UID:event-{event.pk}@" in unfolded
    assert f"DTSTART:{event.starts_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}" in unfolded
    assert "DESCRIPTION:Line one\\nLine two\\, with comma\\; semicolon \\\\ backslash" in unfolded
    assert "SUMMARY:Dialogue\\; civil society\\, academia\\nand more" in unfolded


def test_ical_folds_multibyte_text_without_splitting_characters():
    line = "SUMMARY:" + "é" * 80
    folded = ical.fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == line
