"""Imports through the API: upload (multipart), mapping with the preview, confirm, status,
error report; the same services, errors as JSON, jobs seen by their owner and staff."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from portal.imports.checking import import_job_check
from portal.imports.services import import_job_run
from recommendations.models import Recommendation
from tests.imports.support import csv_bytes, pakistan_world, upload

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def upload_recommendations(api: APIClient, world, content: bytes):
    """The coordinator's upload of a CSV of recommendations for the alliance."""
    return api.post(
        "/api/v1/imports/",
        {
            "kind": "recommendations",
            "scope": world["alliance"].pk,
            "file": upload("r.csv", content),
        },
        format="multipart",
    )


@override_settings(MFA_ENFORCE=False)
def test_upload_map_confirm_status_report(django_capture_on_commit_callbacks):
    world = pakistan_world()
    api = client_for(world["coordinator"])
    rows = [
        ["Title", "Recommendation", "Instruments", "Status"],
        ["Protect witnesses", "Fund a witness protection programme.", "UNTOC", "Submitted"],
        ["Ratify", "Ratify it.", "Firearm protocol", "Draft"],
    ]
    response = api.post(
        "/api/v1/imports/",
        {
            "kind": "recommendations",
            "scope": world["alliance"].pk,
            "file": upload("r.csv", csv_bytes(rows)),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    job = response.json()
    assert job["headers"] == rows[0] and job["status"] == "uploaded"
    assert job["mapping"] == {"0": "title", "1": "text", "2": "instruments", "3": "status"}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api.post(
            f"/api/v1/imports/{job['id']}/mapping/", {"mapping": job["mapping"]}, format="json"
        )
    # the rows are checked in the worker (its task enqueued on commit): follow the job
    assert response.status_code == 202 and response.json()["status"] == "checking"
    assert len(callbacks) == 1
    confirm = api.post(f"/api/v1/imports/{job['id']}/confirm/", {}, format="json")
    assert confirm.status_code == 400 and "still being checked" in confirm.content.decode()
    import_job_check(job_id=job["id"])
    body = api.get(f"/api/v1/imports/{job['id']}/").json()
    assert body["status"] == "mapped"
    assert body["total"] == 2 and body["preview_rows"][0]["title"] == "Protect witnesses"
    assert body["problems"] == [
        "row 3, column 'Instruments': unknown value 'Firearm "
        "protocol'; did you mean 'Firearms Protocol'?"
    ]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api.post(
            f"/api/v1/imports/{job['id']}/confirm/", {"all_or_nothing": False}, format="json"
        )
    assert response.status_code == 202 and response.json()["status"] == "queued"
    assert len(callbacks) == 1
    import_job_run(job_id=job["id"])
    status = api.get(f"/api/v1/imports/{job['id']}/").json()
    assert (status["status"], status["created"], status["failed"], status["done"]) == (
        "done",
        1,
        1,
        2,
    )
    report = api.get(f"/api/v1/imports/{job['id']}/errors/")
    assert report.status_code == 200
    assert report["Content-Disposition"].startswith("attachment;")
    assert "Firearm protocol" in report.content.decode("utf-8-sig")
    assert Recommendation.objects.get().status == "submitted"
    assert [j["id"] for j in api.get("/api/v1/imports/").json()["results"]] == [job["id"]]


@override_settings(MFA_ENFORCE=False)
def test_errors_are_json_and_jobs_private():
    world = pakistan_world()
    api = client_for(world["coordinator"])
    response = api.post(
        "/api/v1/imports/",
        {
            "kind": "recommendations",
            "scope": world["alliance"].pk,
            "file": upload("r.pdf", b"%PDF-1.4"),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "Upload a CSV file" in response.json()["error"]["fields"]["file"][0]
    response = upload_recommendations(api, world, b"Title\nA\n")
    job_id = response.json()["id"]
    outsider = client_for(world["outsider"])
    assert outsider.get(f"/api/v1/imports/{job_id}/").status_code == 404
    assert outsider.post(f"/api/v1/imports/{job_id}/confirm/", {}, format="json").status_code == 404
    assert outsider.get("/api/v1/imports/").json()["results"] == []
    staff = client_for(world["staff"])
    assert staff.get(f"/api/v1/imports/{job_id}/").status_code == 200
    assert (
        staff.post(
            f"/api/v1/imports/{job_id}/mapping/", {"mapping": {"0": "title"}}, format="json"
        ).status_code
        == 403
    )
    response = api.post(f"/api/v1/imports/{job_id}/confirm/", {}, format="json")
    assert response.status_code == 409  # not checked yet: a conflict with its state
    assert "preview" in response.json()["error"]["message"]


@override_settings(MFA_ENFORCE=False)
def test_an_import_is_cancelled_before_it_runs_and_its_file_deleted(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    from portal.imports.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    world = pakistan_world()
    api = client_for(world["coordinator"])
    response = upload_recommendations(api, world, b"Title\nA\n")
    job = ImportJob.objects.get(pk=response.json()["id"])
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert client_for(world["staff"]).post(f"/api/v1/imports/{job.pk}/cancel/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/imports/{job.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    job.refresh_from_db()
    assert not job.file and not storage.exists(name)
    # cancelled, it cannot be confirmed; cancelling again changes nothing
    assert (
        api.post(f"/api/v1/imports/{job.pk}/confirm/", {}, format="json").json()["status"]
        == "cancelled"
    )
    assert api.post(f"/api/v1/imports/{job.pk}/cancel/").status_code == 200


@override_settings(MFA_ENFORCE=False)
def test_a_wrong_mapping_is_refused_naming_the_mapping_field_and_each_column(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = pakistan_world()
    api = client_for(world["coordinator"])
    job = upload_recommendations(api, world, b"Title,Body,Other\nA,B,C\n").json()
    url = f"/api/v1/imports/{job['id']}/mapping/"
    response = api.post(url, {"mapping": {"0": "title", "1": "title", "2": "nothing"}},
                        format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["fields"] == {"mapping": [
        "Column 1 (Body): Columns 'Title' and 'Body' both go to 'title': choose one.",
        "Column 2 (Other): Choose one of the options.",
    ]}
    response = api.post(url, {"mapping": {"1": "text"}}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["mapping"][0].startswith("No column is mapped to:")
    # an object of columns is JSON: a form's text is not read as an empty mapping
    response = api.post(url, {"mapping": json.dumps({"0": "title"})}, format="multipart")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert api.get(f"/api/v1/imports/{job['id']}/").json()["status"] == "uploaded"
    # once started, mapping again is a conflict with the import's state, not a field error
    assert api.post(f"/api/v1/imports/{job['id']}/cancel/").status_code == 200
    response = api.post(url, {"mapping": {"0": "title"}}, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["error"]["code"] == "conflict"
