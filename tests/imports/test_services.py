"""Spreadsheet imports through the services: the Pakistan alliance's recommendations,
re-import, corrections, suggestions for unknown values, staff on behalf, attendance,
all or nothing, and one notification digest per import."""

from __future__ import annotations

import pytest

from portal.core.models import DomainEvent
from portal.imports.events import ImportEventKind
from portal.imports.models import ImportJob
from portal.imports.services import (
    import_job_confirm,
    import_job_create,
    import_job_run,
)
from portal.notifications.models import Notification
from recommendations.models import Recommendation
from tests.factories import EventFactory
from tests.imports.support import csv_bytes, fixture, map_and_check, pakistan_world, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return pakistan_world()


def run(user, kind, file, *, scope, all_or_nothing=False, capture=None, mapping=None):
    job = import_job_create(actor=user, kind=kind, file=file, scope_id=scope.pk if scope else None)
    job = map_and_check(user, job, mapping or job.mapping)
    if capture is not None:
        with capture(execute=False) as callbacks:
            import_job_confirm(actor=user, job=job, all_or_nothing=all_or_nothing)
        assert len(callbacks) == 1  # the task is enqueued on commit, once
    else:
        import_job_confirm(actor=user, job=job, all_or_nothing=all_or_nothing)
    return import_job_run(job_id=job.pk)


def test_alliance_recommendations_import_then_reimport_changes_nothing(
    world, django_capture_on_commit_callbacks
):
    coordinator, alliance = world["coordinator"], world["alliance"]
    job = import_job_create(
        actor=coordinator,
        kind="recommendations",
        file=fixture("pakistan-alliance-recommendations.xlsx"),
        scope_id=alliance.pk,
    )
    assert set(job.mapping.values()) == {
        "external_id",
        "title",
        "text",
        "instruments",
        "themes",
        "status",
    }
    job = map_and_check(coordinator, job, job.mapping)
    assert job.total == 5 and job.preview["failing"] == 0
    assert len(job.preview["rows"]) == 5
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_job_confirm(actor=coordinator, job=job, all_or_nothing=False)
    assert len(callbacks) == 1
    job = import_job_run(job_id=job.pk)
    assert (job.status, job.created, job.updated, job.skipped, job.failed) == ("done", 5, 0, 0, 0)
    recs = list(Recommendation.objects.filter(organization=alliance).order_by("reference"))
    assert [r.status for r in recs] == ["submitted"] * 5
    assert all(r.reference.startswith("PAK-") for r in recs)
    ratify = next(r for r in recs if r.title.startswith("Ratify"))
    assert {i.code for i in ratify.instruments.all()} == {"som", "firearms"}
    # the focal person hears of the five in one digest e-mail, not five
    focal_rows = Notification.objects.filter(recipient=world["focal"])
    assert focal_rows.filter(kind="recommendation.submitted").count() == 5
    assert focal_rows.filter(kind="recommendation.submitted", email_status="pending").count() == 0
    digest = focal_rows.get(kind=Notification.DIGEST_KIND)
    assert digest.payload["count"] == 5 and digest.email_status == "pending"
    assert DomainEvent.objects.filter(kind=ImportEventKind.COMPLETED).count() == 1

    again = run(
        coordinator,
        "recommendations",
        fixture("pakistan-alliance-recommendations.xlsx"),
        scope=alliance,
    )
    assert (again.created, again.updated, again.skipped, again.failed) == (0, 0, 5, 0)
    assert Recommendation.objects.filter(organization=alliance).count() == 5


def test_corrected_file_updates_the_changed_row_only(world):
    coordinator, alliance = world["coordinator"], world["alliance"]
    header = ["External id", "Title", "Recommendation", "Instruments", "Status"]
    rows = [
        header,
        ["A1", "Ratify the Firearms Protocol", "Ratify it.", "firearms", "Draft"],
        ["A2", "Fund research", "Fund research on organized crime.", "UNTOC", "Draft"],
    ]
    run(coordinator, "recommendations", upload("a.csv", csv_bytes(rows)), scope=alliance)
    rows[2][2] = "Fund research on organized crime and open the national data."
    job = run(coordinator, "recommendations", upload("a.csv", csv_bytes(rows)), scope=alliance)
    assert (job.created, job.updated, job.skipped, job.failed) == (0, 1, 1, 0)
    assert Recommendation.objects.get(title="Fund research").text.endswith("national data.")


def test_unknown_value_names_row_column_and_suggestion(world):
    coordinator, alliance = world["coordinator"], world["alliance"]
    rows = [["Title", "Instrument"]] + [[f"Recommendation {n}", "UNTOC"] for n in range(12)]
    rows.append(["Ratify the protocol", "Firearm protocol"])
    job = import_job_create(
        actor=coordinator,
        kind="recommendations",
        file=upload("r.csv", csv_bytes(rows)),
        scope_id=alliance.pk,
    )
    job = map_and_check(coordinator, job, job.mapping)
    from portal.imports.services import problem_text

    assert [problem_text(p) for p in job.preview["problems"]] == [
        "row 14, column 'Instrument': unknown value 'Firearm protocol'; did you mean "
        "'Firearms Protocol'?"
    ]
    assert Recommendation.objects.count() == 0  # the preview writes nothing


def test_headers_in_another_language_are_matched(world):
    coordinator, alliance = world["coordinator"], world["alliance"]
    from django.utils import translation

    with translation.override("fr"):
        titre = str(Recommendation._meta.get_field("title").verbose_name)
    job = import_job_create(
        actor=coordinator,
        kind="recommendations",
        file=upload("r.csv", csv_bytes([[titre.capitalize()], ["X"]])),
        scope_id=alliance.pk,
    )
    assert job.mapping == {"0": "title"}


def test_mapping_is_remembered_per_user_and_kind(world):
    coordinator, alliance = world["coordinator"], world["alliance"]
    data = csv_bytes([["Headline", "Body"], ["A title", "A text"]])
    job = import_job_create(
        actor=coordinator, kind="recommendations", file=upload("r.csv", data), scope_id=alliance.pk
    )
    assert job.mapping == {"0": "", "1": ""}
    map_and_check(coordinator, job, {"0": "title", "1": "text"})
    again = import_job_create(
        actor=coordinator, kind="recommendations", file=upload("r.csv", data), scope_id=alliance.pk
    )
    assert again.mapping == {"0": "title", "1": "text"}
    other = import_job_create(
        actor=world["staff"],
        kind="recommendations",
        file=upload("r.csv", data),
        scope_id=alliance.pk,
    )
    assert other.mapping == {"0": "", "1": ""}


def test_staff_import_on_behalf_is_recorded(world):
    job = run(
        world["staff"],
        "recommendations",
        upload(
            "r.csv",
            csv_bytes(
                [
                    ["Title", "Recommendation", "Instruments"],
                    ["Protect witnesses", "Fund it.", "UNTOC"],
                ]
            ),
        ),
        scope=world["alliance"],
    )
    assert job.created == 1
    rec = Recommendation.objects.get()
    assert DomainEvent.objects.filter(
        kind="recommendation.filed_on_behalf", target_id=rec.pk
    ).exists()


def test_all_or_nothing_leaves_nothing_when_a_row_fails(world):
    coordinator, alliance = world["coordinator"], world["alliance"]
    rows = [
        ["Title", "Instruments", "Status"],
        ["Good one", "UNTOC", "Draft"],
        ["Bad one", "UNTOC", "Responded"],
    ]
    job = run(
        coordinator,
        "recommendations",
        upload("r.csv", csv_bytes(rows)),
        scope=alliance,
        all_or_nothing=True,
    )
    assert job.status == "failed" and job.created == 0 and job.failed == 1
    assert "Nothing was imported" in job.message
    assert Recommendation.objects.count() == 0
    job = run(coordinator, "recommendations", upload("r.csv", csv_bytes(rows)), scope=alliance)
    assert (job.status, job.created, job.failed) == ("done", 1, 1)
    assert job.report[0]["row"] == 3 and job.report[0]["column"] == "Status"


def test_launch_attendance_45_participants(world):
    event = EventFactory(party=world["pakistan"], status="held")
    job = run(world["focal"], "attendance", fixture("pakistan-launch-attendance.csv"), scope=event)
    assert (job.status, job.created, job.failed) == ("done", 45, 0)
    counts = dict(event.attendance.values_list("category", "count"))
    assert counts == {
        "government": 14,
        "civil_society": 18,
        "academia": 6,
        "private_sector": 4,
        "intergovernmental": 3,
    }
    again = run(
        world["focal"], "attendance", fixture("pakistan-launch-attendance.csv"), scope=event
    )
    assert (again.skipped, again.created, again.updated) == (45, 0, 0)


def test_rerun_of_a_finished_job_does_nothing(world):
    job = run(
        world["coordinator"],
        "recommendations",
        upload("r.csv", csv_bytes([["Title"], ["One"]])),
        scope=world["alliance"],
    )
    assert import_job_run(job_id=job.pk).created == 1
    assert Recommendation.objects.count() == 1
    assert ImportJob.objects.get(pk=job.pk).status == "done"


def test_progress_reports_by_the_agency_contact_and_the_export_round_trip(world):
    from recommendations.exports import export_response
    from recommendations.models import ProgressReport
    from tests.factories import AgencyContactFactory, FollowUpActionFactory
    from tests.imports.test_round_trip import _content

    agency = AgencyContactFactory(party=world["pakistan"])
    action = FollowUpActionFactory(
        party=world["pakistan"], responsible=agency.user, lead_body=agency.agency
    )
    rows = [
        ["action_id", "date", "status", "percent", "progress"],
        [action.pk, "2024-01-31", "In progress", "40", "Draft law sent to Cabinet."],
        [action.pk, "2024-03-31", "Implemented", "80", "Law adopted."],
        [999999, "2024-03-31", "In progress", "50", "Elsewhere."],
    ]
    job = run(agency.user, "progress", upload("p.csv", csv_bytes(rows)), scope=None)
    assert (job.created, job.failed) == (1, 2)
    assert [(p["row"], p["column"]) for p in job.report] == [(3, "percent"), (4, "action_id")]
    action.refresh_from_db()
    assert (action.status, action.percent) == ("in_progress", 40)
    data = _content(export_response(agency.user, "progress", "csv", {}))
    again = run(agency.user, "progress", upload("progress.csv", data), scope=None)
    assert (again.created, again.updated, again.skipped, again.failed) == (0, 0, 1, 0)
    assert ProgressReport.objects.count() == 1
    # the outsider may not import progress at all
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(world["outsider"], "progress", upload("p.csv", csv_bytes(rows)), scope=None)


def test_organizations_by_staff_registered_verified_and_found_again(world):
    from consultations.models import Membership, Organization

    rows = [
        ["Organization", "Acronym", "Category", "Country", "Website"],
        ["Lahore Legal Aid Forum", "LLAF", "NGO", "Pakistan", "https://llaf.example"],
        ["Karachi University Crime Lab", "", "Academia", "PAK", ""],
        ["Bad", "", "Charity shop", "Pakistan", ""],
    ]
    job = run(world["staff"], "organizations", upload("o.csv", csv_bytes(rows)), scope=None)
    assert (job.created, job.failed) == (2, 1), job.report
    assert [(p["row"], p["column"]) for p in job.report] == [(4, "Category")]
    forum = Organization.objects.get(name="Lahore Legal Aid Forum")
    assert forum.status == "verified" and forum.category == "civil_society"
    assert not Membership.objects.filter(user=world["staff"]).exists()
    rows[1][1] = "LLAF-PK"
    again = run(world["staff"], "organizations", upload("o.csv", csv_bytes(rows)), scope=None)
    assert (again.created, again.updated, again.skipped, again.failed) == (0, 1, 1, 1)
    forum.refresh_from_db()
    assert forum.acronym == "LLAF-PK"
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(world["coordinator"], "organizations", upload("o.csv", csv_bytes(rows)), scope=None)


def test_follow_up_actions_by_the_focal_person_and_the_export_round_trip(world):
    from recommendations.exports import export_response
    from recommendations.models import FollowUpAction
    from tests.factories import AgencyContactFactory, RecommendationFactory
    from tests.imports.test_round_trip import _content

    agency = AgencyContactFactory(party=world["pakistan"])
    rec = RecommendationFactory(organization=world["alliance"], reference="PAK-2022-0001")
    rows = [
        [
            "External id",
            "Action",
            "Recommendations",
            "Lead institution",
            "Responsible",
            "Due",
            "Status",
            "Percent",
        ],
        [
            "FU-1",
            "Draft the anti-smuggling law",
            "PAK-2022-0001",
            agency.agency.name,
            agency.user.email,
            "2026-12-31",
            "In progress",
            "20",
        ],
        ["FU-2", "Train prosecutors", "PAK-2022-0099", "", "", "", "Planned", "0"],
    ]
    job = run(world["focal"], "actions", upload("a.csv", csv_bytes(rows)), scope=world["pakistan"])
    assert (job.created, job.failed) == (1, 1), job.report
    assert job.report[0]["column"] == "Recommendations"
    action = FollowUpAction.objects.get()
    assert list(action.recommendations.all()) == [rec]
    assert action.responsible == agency.user and action.percent == 20
    rows[1][7] = "25"
    again = run(
        world["focal"], "actions", upload("a.csv", csv_bytes(rows[:2])), scope=world["pakistan"]
    )
    assert (again.created, again.updated, again.skipped) == (0, 1, 0)
    data = _content(export_response(world["focal"], "actions", "xlsx", {}))
    trip = run(world["focal"], "actions", upload("actions.xlsx", data), scope=world["pakistan"])
    assert (trip.created, trip.updated, trip.skipped, trip.failed) == (0, 0, 1, 0), trip.report
    assert FollowUpAction.objects.get().percent == 25


def test_sweep_enqueues_confirmed_imports_that_never_started(world, monkeypatch):
    import datetime as dt

    from portal.imports import services

    job = import_job_create(
        actor=world["coordinator"],
        kind="recommendations",
        file=upload("r.csv", csv_bytes([["Title"], ["One"]])),
        scope_id=world["alliance"].pk,
    )
    job = map_and_check(world["coordinator"], job, job.mapping)
    job = import_job_confirm(actor=world["coordinator"], job=job, all_or_nothing=False)
    sent = []
    monkeypatch.setattr(services, "_enqueue", sent.append)
    assert services.import_jobs_sweep() == 0  # just confirmed: its message is on its way
    ImportJob.objects.filter(pk=job.pk).update(queued_at=job.queued_at - dt.timedelta(minutes=5))
    assert services.import_jobs_sweep() == 1 and sent == [job.pk]
    import_job_run(job_id=job.pk)
    assert services.import_jobs_sweep() == 0  # the run is done
