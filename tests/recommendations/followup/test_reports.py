"""Progress reports on follow-up actions: evidence, bad input, closed actions, edits
that keep their history, and who may download the evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.notifications.models import Notification
from recommendations.models import (
    ActionStatus,
    Evidence,
    ProgressReport,
    ProgressReportRevision,
)
from recommendations.services import followup as services
from tests.recommendations.followup_support import PDF, client_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

# --- Progress reports ---------------------------------------------------------------------


def _report_post(**overrides):
    data = {
        "reported_on": "2024-06-30",
        "text": "Draft law sent to parliament.",
        "status": "in_progress",
        "percent": "55",
    }
    data.update(overrides)
    return data


def test_agency_contact_reports_progress_with_evidence(
    client, world, django_capture_on_commit_callbacks
):
    client_as(client, world.contact)
    upload = SimpleUploadedFile("minutes of the task force.pdf", PDF, "application/pdf")
    with django_capture_on_commit_callbacks():
        response = client.post(
            reverse("followup:report", args=[world.action.pk]),
            _report_post(
                evidence_file=upload,
                evidence_title="Minutes",
                evidence_url="https://example.org/law",
            ),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = ProgressReport.objects.get(action=world.action)
    assert (report.status, report.percent, report.author) == ("in_progress", 55, world.contact)
    world.action.refresh_from_db()
    assert (world.action.status, world.action.percent) == ("in_progress", 55)
    evidence = list(report.evidence.order_by("id"))
    assert [bool(e.file) for e in evidence] == [True, False]
    assert evidence[0].file.name.endswith(".pdf") and " " not in evidence[0].file.name
    assert evidence[1].url == "https://example.org/law"
    assert all(not e.is_public for e in evidence)
    recipients = set(
        Notification.objects.filter(kind="action.progress_reported").values_list(
            "recipient__email", flat=True
        )
    )
    assert recipients == {world.focal.email, world.coordinator.email}


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/octet-stream"),
            "The file must be a PDF",
        ),
        (
            SimpleUploadedFile("fake.pdf", b"GIF89a not a pdf", "application/pdf"),
            "does not match its type",
        ),
    ],
)
def test_evidence_of_the_wrong_type_is_refused_and_nothing_is_saved(client, world, upload, message):
    client_as(client, world.contact)
    response = client.post(
        reverse("followup:report", args=[world.action.pk]), _report_post(evidence_file=upload)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()
    world.action.refresh_from_db()
    assert world.action.percent == 30


def test_evidence_too_large_is_refused(client, world, settings):
    settings.UPLOAD_MAX_BYTES = 20
    client_as(client, world.contact)
    upload = SimpleUploadedFile("big.pdf", PDF + b"x" * 100, "application/pdf")
    response = client.post(
        reverse("followup:report", args=[world.action.pk]), _report_post(evidence_file=upload)
    )
    assert response.status_code == 400
    assert "smaller than" in response.content.decode()
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"percent": "101"}, "percent"),
        ({"status": "implemented", "percent": "40"}, "confirm_implemented"),
        ({"reported_on": ""}, "reported_on"),
        ({"text": ""}, "text"),
    ],
)
def test_bad_report_input(client, world, overrides, field):
    client_as(client, world.focal)
    response = client.post(
        reverse("followup:report", args=[world.action.pk]), _report_post(**overrides)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ProgressReport.objects.exists()


def test_a_future_report_date_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.progress_report_create(
            actor=world.focal,
            action=world.action,
            reported_on=timezone.localdate() + dt.timedelta(days=3),
            text="x",
            status="in_progress",
            percent=10,
        )
    assert "reported_on" in exc.value.message_dict


def _close(action, staff):
    action.status, action.percent = ActionStatus.IMPLEMENTED, 100
    action.save()
    services.validation_record(actor=staff, action=action, status="implemented", percent=100)


def test_a_closed_action_refuses_new_reports(client, world):
    _close(world.action, world.staff)
    with pytest.raises(ValidationError, match="closed"):
        services.progress_report_create(
            actor=world.contact,
            action=world.action,
            reported_on=dt.date(2024, 1, 1),
            text="More",
            status="implemented",
            percent=100,
        )
    client_as(client, world.contact)
    response = client.post(
        reverse("followup:report", args=[world.action.pk]), _report_post(), follow=True
    )
    assert "This action is closed" in response.content.decode()
    assert not ProgressReport.objects.exists()
    detail = client.get(reverse("followup:detail", args=[world.action.pk])).content.decode()
    assert "Closed: implemented and validated" in detail
    assert reverse("followup:report", args=[world.action.pk]) not in detail


def test_an_implemented_but_not_validated_action_still_takes_reports(world):
    world.action.status, world.action.percent = ActionStatus.IMPLEMENTED, 100
    world.action.save()
    services.validation_record(
        actor=world.staff, action=world.action, status="partially_implemented", percent=70
    )
    services.progress_report_create(
        actor=world.contact,
        action=world.action,
        reported_on=dt.date(2024, 1, 1),
        text="Answer to UNODC",
        status="implemented",
        percent=100,
    )
    assert ProgressReport.objects.count() == 1


def test_editing_a_report_keeps_its_history(client, world):
    report = services.progress_report_create(
        actor=world.contact,
        action=world.action,
        reported_on=dt.date(2024, 1, 31),
        text="First version",
        status="in_progress",
        percent=40,
    )
    client_as(client, world.contact)
    response = client.post(
        reverse("followup:report_edit", args=[world.action.pk, report.pk]),
        _report_post(text="Corrected version", percent="45"),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.text, report.percent) == ("Corrected version", 45)
    revision = ProgressReportRevision.objects.get(report=report)
    assert (revision.text, revision.percent, revision.edited_by) == (
        "First version",
        40,
        world.contact,
    )
    world.action.refresh_from_db()
    assert world.action.percent == 45
    html = client.get(reverse("followup:detail", args=[world.action.pk])).content.decode()
    assert "1 earlier version" in html and "First version" in html


def test_an_older_report_does_not_override_the_latest_status(world):
    services.progress_report_create(
        actor=world.contact,
        action=world.action,
        reported_on=dt.date(2024, 6, 1),
        text="Recent",
        status="in_progress",
        percent=60,
    )
    services.progress_report_create(
        actor=world.contact,
        action=world.action,
        reported_on=dt.date(2023, 6, 1),
        text="Back-filled",
        status="planned",
        percent=5,
    )
    world.action.refresh_from_db()
    assert (world.action.status, world.action.percent) == ("in_progress", 60)


# --- Evidence downloads ----------------------------------------------------------------------


def _evidence(world, *, action, public):
    return services.progress_report_create(
        actor=world.focal,
        action=action,
        reported_on=dt.date(2024, 1, 1),
        text="x",
        status="in_progress",
        percent=30,
        evidence=[services.EvidenceInput(file=SimpleUploadedFile("e.pdf", PDF), is_public=public)],
    ).evidence.get()


@pytest.mark.parametrize(
    "who, public_status, restricted_status",
    [
        ("anonymous", 200, 404),
        ("member", 200, 200),
        ("coordinator", 200, 200),
        ("focal", 200, 200),
        ("agency", 200, 200),
        ("staff", 200, 200),
        ("outsider", 200, 404),
    ],
)
def test_evidence_download_honours_public_and_restricted(
    client, world, who, public_status, restricted_status
):
    public = _evidence(world, action=world.action, public=True)
    restricted = _evidence(world, action=world.action, public=False)
    client_as(client, world.users()[who])
    response = client.get(reverse("followup:evidence", args=[public.pk]))
    assert response.status_code == public_status
    if public_status == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == PDF
    assert (
        client.get(reverse("followup:evidence", args=[restricted.pk])).status_code
        == restricted_status
    )
