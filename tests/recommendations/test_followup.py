"""Follow-up actions, progress reports, assessments and validations: services, views,
bad input and the permission matrix."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from portal.core.models import DomainEvent
from portal.notifications.models import Notification
from recommendations.models import (
    ActionStatus,
    Assessment,
    Evidence,
    FollowUpAction,
    ProgressReport,
    ProgressReportRevision,
    Recommendation,
    Validation,
    Verdict,
)
from recommendations.selectors.followup import add_months, report_due_dates
from recommendations.services import followup as services
from tests.factories import FollowUpActionFactory, ProgressReportFactory, RecommendationFactory
from tests.recommendations.followup_support import fast_passwords, make_world  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    return make_world()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _action_post(world, **overrides):
    data = {"title": "Adopt a national referral mechanism", "description": "",
            "recommendations": [world.public_rec.pk], "lead_body": world.agency.pk,
            "responsible": world.contact.pk, "start_on": "2024-01-01",
            "due_on": "2024-12-31", "status": "planned", "percent": "0",
            "report_every_months": "6"}
    data.update(overrides)
    return data


# --- Creating actions --------------------------------------------------------------------


def test_focal_person_creates_an_action_and_the_responsible_person_is_notified(
        client, world, django_capture_on_commit_callbacks):
    _client(client, world.focal)
    with django_capture_on_commit_callbacks():
        response = client.post(reverse("followup:create", args=["TST"]), _action_post(world))
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

    event = EventFactory(party=world.party, title="Follow-up conference",
                         minutes="Agree on a referral mechanism.")
    _client(client, world.staff)
    page = client.get(reverse("followup:create", args=["TST"]) + f"?event={event.pk}")
    assert "Follow-up conference" in page.content.decode()
    client.post(reverse("followup:create", args=["TST"]) + f"?event={event.pk}",
                _action_post(world))
    assert FollowUpAction.objects.get(title="Adopt a national referral mechanism"
                                      ).source_event == event


@pytest.mark.parametrize("overrides, field, message", [
    ({"start_on": "2024-06-01", "due_on": "2024-01-01"}, "due_on",
     "The due date must be on or after the start date."),
    ({"percent": "150"}, "percent", "Progress must be a whole number between 0 and 100."),
    ({"percent": "-5"}, "percent", "Progress must be a whole number between 0 and 100."),
    ({"status": "implemented", "percent": "40"}, "confirm_implemented",
     "Tick the box to confirm"),
    ({"due_on": "31/12/2024"}, "due_on", "Enter a real date"),
])
def test_bad_action_input_is_refused_with_a_clear_message_and_nothing_saved(
        client, world, overrides, field, message):
    _client(client, world.focal)
    before = FollowUpAction.objects.count()
    response = client.post(reverse("followup:create", args=["TST"]),
                           _action_post(world, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert FollowUpAction.objects.count() == before
    assert not Notification.objects.exists()


def test_implemented_below_100_needs_an_explicit_confirmation(client, world):
    _client(client, world.focal)
    url = reverse("followup:create", args=["TST"])
    first = client.post(url, _action_post(world, status="implemented", percent="40"))
    html = first.content.decode()
    assert first.status_code == 400
    assert "Warning:" in html and 'name="confirm_implemented"' in html
    second = client.post(url, _action_post(world, status="implemented", percent="40",
                                           confirm_implemented="on"))
    assert second.status_code == 302
    assert FollowUpAction.objects.get(title="Adopt a national referral mechanism"
                                      ).percent == 40


def test_the_confirmation_checkbox_is_only_shown_when_needed(client, world):
    _client(client, world.focal)
    html = client.get(reverse("followup:create", args=["TST"])).content.decode()
    assert 'name="confirm_implemented"' not in html


def test_responsible_must_be_an_agency_contact_of_the_state(world):
    with pytest.raises(ValidationError) as exc:
        services.action_create(actor=world.focal, party=world.party, title="x",
                               responsible=world.coordinator)
    assert "responsible" in exc.value.message_dict


def test_recommendations_of_another_state_are_refused(world):
    foreign = RecommendationFactory()
    with pytest.raises(ValidationError) as exc:
        services.action_create(actor=world.focal, party=world.party, title="x",
                               recommendations=[foreign])
    assert "recommendations" in exc.value.message_dict


@pytest.mark.parametrize("who", ["coordinator", "member", "contact", "other_focal",
                                 "outsider"])
def test_only_the_focal_person_and_unodc_staff_create_actions(world, who):
    with pytest.raises(PermissionDenied):
        services.action_create(actor=getattr(world, who), party=world.party, title="x")


def test_editing_an_action_records_the_changes(client, world):
    _client(client, world.staff)
    response = client.post(reverse("followup:edit", args=[world.action.pk]),
                           _action_post(world, title="Public action (revised)",
                                        status="in_progress", percent="50"))
    assert response.status_code == 302
    world.action.refresh_from_db()
    assert world.action.title == "Public action (revised)" and world.action.percent == 50
    event = DomainEvent.objects.get(kind="action.updated", target_id=world.action.pk)
    assert event.payload["changes"]["title"] == ["Public action", "Public action (revised)"]


# --- Progress reports ---------------------------------------------------------------------


def _report_post(**overrides):
    data = {"reported_on": "2024-06-30", "text": "Draft law sent to parliament.",
            "status": "in_progress", "percent": "55"}
    data.update(overrides)
    return data


def test_agency_contact_reports_progress_with_evidence(
        client, world, django_capture_on_commit_callbacks):
    _client(client, world.contact)
    upload = SimpleUploadedFile("minutes of the task force.pdf", PDF, "application/pdf")
    with django_capture_on_commit_callbacks():
        response = client.post(
            reverse("followup:report", args=[world.action.pk]),
            _report_post(evidence_file=upload, evidence_title="Minutes",
                         evidence_url="https://example.org/law"))
    assert response.status_code == 302, response.content.decode()[:2000]
    report = ProgressReport.objects.get(action=world.action)
    assert (report.status, report.percent, report.author) == ("in_progress", 55,
                                                              world.contact)
    world.action.refresh_from_db()
    assert (world.action.status, world.action.percent) == ("in_progress", 55)
    evidence = list(report.evidence.order_by("id"))
    assert [bool(e.file) for e in evidence] == [True, False]
    assert evidence[0].file.name.endswith(".pdf") and " " not in evidence[0].file.name
    assert evidence[1].url == "https://example.org/law"
    assert all(not e.is_public for e in evidence)
    recipients = set(Notification.objects.filter(kind="action.progress_reported")
                     .values_list("recipient__email", flat=True))
    assert recipients == {world.focal.email, world.coordinator.email}


@pytest.mark.parametrize("upload, message", [
    (SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/octet-stream"),
     "The file must be a PDF"),
    (SimpleUploadedFile("fake.pdf", b"GIF89a not a pdf", "application/pdf"),
     "does not match its type"),
])
def test_evidence_of_the_wrong_type_is_refused_and_nothing_is_saved(
        client, world, upload, message):
    _client(client, world.contact)
    response = client.post(reverse("followup:report", args=[world.action.pk]),
                           _report_post(evidence_file=upload))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()
    world.action.refresh_from_db()
    assert world.action.percent == 30


def test_evidence_too_large_is_refused(client, world, settings):
    settings.UPLOAD_MAX_BYTES = 20
    _client(client, world.contact)
    upload = SimpleUploadedFile("big.pdf", PDF + b"x" * 100, "application/pdf")
    response = client.post(reverse("followup:report", args=[world.action.pk]),
                           _report_post(evidence_file=upload))
    assert response.status_code == 400
    assert "smaller than" in response.content.decode()
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("overrides, field", [
    ({"percent": "101"}, "percent"),
    ({"status": "implemented", "percent": "40"}, "confirm_implemented"),
    ({"reported_on": ""}, "reported_on"),
    ({"text": ""}, "text"),
])
def test_bad_report_input(client, world, overrides, field):
    _client(client, world.focal)
    response = client.post(reverse("followup:report", args=[world.action.pk]),
                           _report_post(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ProgressReport.objects.exists()


def test_a_future_report_date_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.progress_report_create(
            actor=world.focal, action=world.action,
            reported_on=timezone.localdate() + dt.timedelta(days=3), text="x",
            status="in_progress", percent=10)
    assert "reported_on" in exc.value.message_dict


def _close(action, staff):
    action.status, action.percent = ActionStatus.IMPLEMENTED, 100
    action.save()
    services.validation_record(actor=staff, action=action, status="implemented", percent=100)


def test_a_closed_action_refuses_new_reports(client, world):
    _close(world.action, world.staff)
    with pytest.raises(ValidationError, match="closed"):
        services.progress_report_create(actor=world.contact, action=world.action,
                                        reported_on=dt.date(2024, 1, 1), text="More",
                                        status="implemented", percent=100)
    _client(client, world.contact)
    response = client.post(reverse("followup:report", args=[world.action.pk]),
                           _report_post(), follow=True)
    assert "This action is closed" in response.content.decode()
    assert not ProgressReport.objects.exists()
    detail = client.get(reverse("followup:detail", args=[world.action.pk])).content.decode()
    assert "Closed: implemented and validated" in detail
    assert reverse("followup:report", args=[world.action.pk]) not in detail


def test_an_implemented_but_not_validated_action_still_takes_reports(world):
    world.action.status, world.action.percent = ActionStatus.IMPLEMENTED, 100
    world.action.save()
    services.validation_record(actor=world.staff, action=world.action,
                               status="partially_implemented", percent=70)
    services.progress_report_create(actor=world.contact, action=world.action,
                                    reported_on=dt.date(2024, 1, 1), text="Answer to UNODC",
                                    status="implemented", percent=100)
    assert ProgressReport.objects.count() == 1


def test_editing_a_report_keeps_its_history(client, world):
    report = services.progress_report_create(
        actor=world.contact, action=world.action, reported_on=dt.date(2024, 1, 31),
        text="First version", status="in_progress", percent=40)
    _client(client, world.contact)
    response = client.post(reverse("followup:report_edit", args=[world.action.pk, report.pk]),
                           _report_post(text="Corrected version", percent="45"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.text, report.percent) == ("Corrected version", 45)
    revision = ProgressReportRevision.objects.get(report=report)
    assert (revision.text, revision.percent, revision.edited_by) == ("First version", 40,
                                                                      world.contact)
    world.action.refresh_from_db()
    assert world.action.percent == 45
    html = client.get(reverse("followup:detail", args=[world.action.pk])).content.decode()
    assert "1 earlier version" in html and "First version" in html


def test_an_older_report_does_not_override_the_latest_status(world):
    services.progress_report_create(actor=world.contact, action=world.action,
                                    reported_on=dt.date(2024, 6, 1), text="Recent",
                                    status="in_progress", percent=60)
    services.progress_report_create(actor=world.contact, action=world.action,
                                    reported_on=dt.date(2023, 6, 1), text="Back-filled",
                                    status="planned", percent=5)
    world.action.refresh_from_db()
    assert (world.action.status, world.action.percent) == ("in_progress", 60)


# --- Assessments and validations -------------------------------------------------------------


def test_alliance_disagreement_notifies_focal_person_and_unodc_and_is_flagged(
        client, world, django_capture_on_commit_callbacks):
    world.action.status, world.action.percent = ActionStatus.IMPLEMENTED, 100
    world.action.save()
    _client(client, world.coordinator)
    with django_capture_on_commit_callbacks():
        response = client.post(reverse("followup:assess", args=[world.action.pk]), {
            "organization": world.alliance.pk, "verdict": "disagree",
            "comment": "Nothing has changed on the ground."})
    assert response.status_code == 302
    assessment = Assessment.objects.get(action=world.action)
    assert (assessment.verdict, assessment.author) == (Verdict.DISAGREE, world.coordinator)
    recipients = set(Notification.objects.filter(kind="action.assessed")
                     .values_list("recipient__email", flat=True))
    assert recipients == {world.focal.email, world.staff.email}
    html = client.get(reverse("followup:detail", args=[world.action.pk])).content.decode()
    assert "The views disagree." in html and "Nothing has changed on the ground." in html


def test_agreement_notifies_nobody_and_is_not_flagged(client, world):
    services.assessment_record(actor=world.coordinator, action=world.action,
                               organization=world.alliance, verdict="agree")
    assert not Notification.objects.exists()
    html = client.get(reverse("followup:detail", args=[world.action.pk])).content.decode()
    assert "The views disagree." not in html


def test_disagreeing_needs_a_comment(client, world):
    _client(client, world.coordinator)
    response = client.post(reverse("followup:assess", args=[world.action.pk]), {
        "organization": world.alliance.pk, "verdict": "disagree", "comment": ""})
    assert response.status_code == 400
    assert "Explain where you do not agree." in response.content.decode()
    assert not Assessment.objects.exists()


def test_reassessing_updates_the_alliance_view(world):
    services.assessment_record(actor=world.coordinator, action=world.action,
                               organization=world.alliance, verdict="agree")
    services.assessment_record(actor=world.coordinator, action=world.action,
                               organization=world.alliance, verdict="partly",
                               comment="Only in two provinces.")
    assert Assessment.objects.get().verdict == "partly"
    assert DomainEvent.objects.filter(kind="action.assessed").count() == 2


def test_unodc_validation_differing_from_the_government_is_flagged(client, world):
    _client(client, world.staff)
    response = client.post(reverse("followup:validate", args=[world.action.pk]), {
        "status": "stalled", "percent": "20", "comment": "No activity since 2023."})
    assert response.status_code == 302
    assert Validation.objects.get(action=world.action).status == "stalled"
    html = client.get(reverse("followup:detail", args=[world.action.pk])).content.decode()
    assert "The views disagree." in html and "No activity since 2023." in html


def test_validation_percent_out_of_range(client, world):
    _client(client, world.staff)
    response = client.post(reverse("followup:validate", args=[world.action.pk]),
                           {"status": "stalled", "percent": "120"})
    assert response.status_code == 400
    assert not Validation.objects.exists()


# --- Evidence downloads ----------------------------------------------------------------------


def _evidence(world, *, action, public):
    return services.progress_report_create(
        actor=world.focal, action=action, reported_on=dt.date(2024, 1, 1), text="x",
        status="in_progress", percent=30,
        evidence=[services.EvidenceInput(file=SimpleUploadedFile("e.pdf", PDF),
                                         is_public=public)]).evidence.get()


@pytest.mark.parametrize("who, public_status, restricted_status", [
    ("anonymous", 200, 404), ("member", 200, 200), ("coordinator", 200, 200),
    ("focal", 200, 200), ("agency", 200, 200), ("staff", 200, 200), ("outsider", 200, 404),
])
def test_evidence_download_honours_public_and_restricted(client, world, who, public_status,
                                                         restricted_status):
    public = _evidence(world, action=world.action, public=True)
    restricted = _evidence(world, action=world.action, public=False)
    _client(client, world.users()[who])
    response = client.get(reverse("followup:evidence", args=[public.pk]))
    assert response.status_code == public_status
    if public_status == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == PDF
    assert client.get(reverse("followup:evidence",
                              args=[restricted.pk])).status_code == restricted_status


# --- Permission matrix --------------------------------------------------------------------------

MATRIX = {
    # who: (public detail, private detail, report, assess, validate, edit)
    "anonymous": (200, 404, 302, 302, 302, 302),
    "member": (200, 200, 403, 403, 403, 403),
    "coordinator": (200, 200, 403, 200, 403, 403),
    "focal": (200, 200, 200, 403, 403, 200),
    "agency": (200, 200, 200, 403, 403, 403),
    "staff": (200, 200, 403, 403, 200, 200),
    "outsider": (200, 404, 403, 403, 403, 403),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix(client, world, who):
    expected = MATRIX[who]
    _client(client, world.users()[who])
    a, p = world.action.pk, world.private_action.pk
    got = (client.get(reverse("followup:detail", args=[a])).status_code,
           client.get(reverse("followup:detail", args=[p])).status_code,
           client.get(reverse("followup:report", args=[a])).status_code,
           client.get(reverse("followup:assess", args=[a])).status_code,
           client.get(reverse("followup:validate", args=[a])).status_code,
           client.get(reverse("followup:edit", args=[a])).status_code)
    assert got == expected


@pytest.mark.parametrize("who, visible", [
    ("anonymous", {"Public action"}), ("member", {"Public action", "Private action"}),
    ("focal", {"Public action", "Private action"}),
    ("staff", {"Public action", "Private action"}), ("outsider", {"Public action"}),
])
def test_action_list_shows_only_visible_actions(client, world, who, visible):
    _client(client, world.users()[who])
    response = client.get(reverse("followup:list"))
    assert {a.title for a in response.context["actions"]} == visible


def test_the_private_action_of_another_state_is_hidden_from_its_focal_person(client, world):
    _client(client, world.other_focal)
    assert client.get(reverse("followup:detail",
                              args=[world.private_action.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.progress_report_create(actor=world.other_focal, action=world.action,
                                        reported_on=dt.date(2024, 1, 1), text="x",
                                        status="planned", percent=0)


def test_an_agency_contact_reports_only_on_actions_assigned_to_them(world):
    other = FollowUpActionFactory(party=world.party, recommendations=[world.public_rec])
    with pytest.raises(PermissionDenied):
        services.progress_report_create(actor=world.contact, action=other,
                                        reported_on=dt.date(2024, 1, 1), text="x",
                                        status="planned", percent=0)


# --- The list's filters and query budget ---------------------------------------------------------


def test_action_list_filters_overdue_and_disagreement(client, world):
    world.action.due_on = timezone.localdate() - dt.timedelta(days=1)
    world.action.save()
    services.assessment_record(actor=world.coordinator, action=world.private_action,
                               organization=world.alliance, verdict="disagree",
                               comment="No.")
    _client(client, world.staff)
    overdue = client.get(reverse("followup:list"), {"overdue": "on"}).context["actions"]
    assert [a.title for a in overdue] == ["Public action"]
    disagree = client.get(reverse("followup:list"),
                          {"disagreement": "on"}).context["actions"]
    assert [a.title for a in disagree] == ["Private action"]
    html = client.get(reverse("followup:list")).content.decode()
    assert "Overdue" in html and "Views disagree" in html


def _many_actions(world, n):
    for i in range(n):
        action = FollowUpActionFactory(party=world.party, lead_body=world.agency,
                                       responsible=world.contact,
                                       recommendations=[world.public_rec, world.private_rec])
        ProgressReportFactory(action=action)
        services.assessment_record(actor=world.coordinator, action=action,
                                   organization=world.alliance,
                                   verdict="agree" if i % 2 else "disagree", comment="c")


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "staff"])
def test_action_list_query_budget(client, world, who, django_assert_max_num_queries):
    _client(client, world.users()[who])
    client.get(reverse("followup:list"))  # warm the session
    _many_actions(world, 2)
    with django_assert_max_num_queries(12):
        client.get(reverse("followup:list"))
    _many_actions(world, 25)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("followup:list"))
    assert len(response.context["actions"]) >= 1


def test_action_detail_query_budget(client, world, django_assert_max_num_queries):
    _client(client, world.coordinator)
    for i in range(2):
        services.progress_report_create(actor=world.contact, action=world.action,
                                        reported_on=dt.date(2024, 1, 1 + i), text="x",
                                        status="in_progress", percent=30 + i)
    client.get(reverse("followup:detail", args=[world.action.pk]))
    with django_assert_max_num_queries(16):
        client.get(reverse("followup:detail", args=[world.action.pk]))
    for i in range(10):
        services.progress_report_create(
            actor=world.contact, action=world.action, reported_on=dt.date(2024, 2, 1 + i),
            text="x", status="in_progress", percent=40 + i,
            evidence=[services.EvidenceInput(url=f"https://example.org/{i}", is_public=True)])
    with django_assert_max_num_queries(16):
        client.get(reverse("followup:detail", args=[world.action.pk]))


# --- Report due dates ------------------------------------------------------------------------


def test_reporting_frequency_produces_report_due_dates(world):
    action = FollowUpActionFactory(party=world.party, start_on=dt.date(2024, 1, 31),
                                   due_on=dt.date(2025, 3, 31), report_every_months=6)
    assert report_due_dates(action) == [dt.date(2024, 7, 31), dt.date(2025, 1, 31),
                                        dt.date(2025, 3, 31)]
    assert add_months(dt.date(2024, 8, 31), 6) == dt.date(2025, 2, 28)
    assert report_due_dates(FollowUpActionFactory(party=world.party)) == []


def test_the_progress_report_form_starts_on_today(client, world):
    _client(client, world.contact)
    page = client.get(reverse("followup:report", args=[world.action.pk]))
    assert page.context["form"].initial["reported_on"] == timezone.localdate()


def test_web_form_and_api_refuse_to_link_a_withdrawn_recommendation(client, world):
    """One rule (services.followup.action_linkable_recommendations) for both."""
    Recommendation.objects.filter(pk=world.public_rec.pk).update(
        status=Recommendation.Status.WITHDRAWN)
    _client(client, world.focal)
    response = client.post(reverse("followup:create", args=["TST"]), _action_post(world))
    assert response.status_code == 400
    assert "recommendations" in response.context["form"].errors
    api = APIClient()
    api.force_authenticate(world.focal)
    response = api.post("/api/v1/actions/", {
        "party": world.party.pk, "title": "Adopt a national referral mechanism",
        "recommendations": [world.public_rec.pk]}, format="json")
    assert response.status_code == 400
    assert "recommendations" in response.json()["error"]["fields"]
    assert not FollowUpAction.objects.filter(
        title="Adopt a national referral mechanism").exists()
    with pytest.raises(ValidationError):
        services.action_create(actor=world.focal, party=world.party, title="Direct",
                               recommendations=[world.public_rec])
