"""What follows an event, through the API as on the web: documents (upload, list,
download as an attachment, removal), attendance, minutes and action items. Everybody who
sees the event reads them; its managers (UNODC staff, the State's focal persons) write
them. A draft event is invisible to others (404); a refused write on a visible event is a
403; anonymous writes are 401; bad input is a 400 with field errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.models import ActionItem, Attendance, Event, EventDocument
from consultations.services import events as event_services
from portal.core.models import DomainEvent
from tests.api.conftest import ROLES, error_of, token_client
from tests.factories import EventFactory, OrganizationFactory
from tests.recommendations.filing_support import fresh

pytestmark = pytest.mark.django_db

MANAGERS = {"focal", "staff"}
PDF = b"%PDF-1.4 chair's summary"


def call(client, method: str, url: str, data=None, fmt: str = "json"):
    if data is None:
        response = getattr(client, method)(url)
    else:
        response = getattr(client, method)(url, data, format=fmt)
    assert response.status_code < 500, (method, url, response.content[:500])
    if response.status_code >= 400:
        error_of(response)
    return response


def statuses(api, method: str, url: str, data=None, roles=ROLES, fmt: str = "json"):
    """Each role's status code; ``data`` may be a callable giving fresh data per role."""
    return {role: call(api(role), method, url, data() if callable(data) else data,
                       fmt).status_code for role in roles}


def write_matrix(ok: int, *, visible: bool = True) -> dict[str, int]:
    """A managers-only write: 401 anonymous, ``ok`` for managers, 403 for the others on a
    visible event (404 on a draft)."""
    refused = 403 if visible else 404
    return {role: 401 if role == "anonymous" else ok if role in MANAGERS else refused
            for role in ROLES}


def read_matrix(*, draft: bool = False) -> dict[str, int]:
    return {role: 200 if not draft or role in MANAGERS else 404 for role in ROLES}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def event(world):
    return EventFactory(party=world.party, status=Event.Status.PUBLISHED)


@pytest.fixture
def draft(world):
    return EventFactory(party=world.party, status=Event.Status.DRAFT)


def add_document(world, event, name="Summary.pdf", content=PDF, kind="minutes"):
    return event_services.event_document_add(actor=fresh(world.staff), event=event,
                                             file=SimpleUploadedFile(name, content),
                                             kind=kind, title="")


# --- documents ------------------------------------------------------------------------------


def test_documents_list_and_detail_visible_as_the_event(world, api, media, event, draft):
    doc = add_document(world, event)
    hidden = add_document(world, draft)
    url = f"/api/v1/events/{event.pk}/documents/"
    assert statuses(api, "get", url) == read_matrix()
    body = api("member").get(url).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row == {"id": doc.pk, "event": event.pk, "kind": "minutes", "title": "Summary.pdf",
                   "filename": "Summary.pdf", "size": len(PDF),
                   "uploaded_at": row["uploaded_at"],
                   "download_url": f"/api/v1/events/{event.pk}/documents/{doc.pk}/download/"}
    assert statuses(api, "get", f"{url}{doc.pk}/") == read_matrix()
    draft_url = f"/api/v1/events/{draft.pk}/documents/"
    assert statuses(api, "get", draft_url) == read_matrix(draft=True)
    assert statuses(api, "get", f"{draft_url}{hidden.pk}/") == read_matrix(draft=True)
    # a document is found only under its own event
    assert call(api("staff"), "get", f"{url}{hidden.pk}/").status_code == 404
    assert call(api("staff"), "get", "/api/v1/events/999999/documents/").status_code == 404
    # filter by kind
    add_document(world, event, name="Agenda.pdf", kind="agenda")
    assert [d["kind"] for d in api("member").get(url, {"kind": "agenda"}).json()["results"]] \
        == ["agenda"]
    assert call(api("member"), "get", url, {"kind": "nonsense"}).status_code == 400


def test_upload_as_the_web_managers_only(world, api, media, event, draft):
    url = f"/api/v1/events/{event.pk}/documents/"

    def upload():
        return {"kind": "presentation", "title": "Opening slides",
                "file": SimpleUploadedFile("slides.pdf", PDF)}

    assert statuses(api, "post", url, upload, fmt="multipart") == write_matrix(201)
    assert EventDocument.objects.filter(event=event).count() == 2  # focal and staff
    assert statuses(api, "post", f"/api/v1/events/{draft.pk}/documents/", upload,
                    fmt="multipart") == write_matrix(201, visible=False)
    response = call(api("focal"), "post", url, upload(), fmt="multipart")
    body = response.json()
    assert body["title"] == "Opening slides" and body["kind"] == "presentation"
    document = EventDocument.objects.get(pk=body["id"])
    assert document.uploaded_by_id == world.focal.pk and document.size == len(PDF)
    assert DomainEvent.objects.filter(kind="event.document_added").count() == 5


def test_upload_checks_the_file_like_the_web(world, api, media, event, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    url = f"/api/v1/events/{event.pk}/documents/"
    client = api("staff")
    bad = [SimpleUploadedFile("evil.exe", b"MZ\x90\x00"),
           SimpleUploadedFile("fake.pdf", b"<html><script>"),
           SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2000),
           SimpleUploadedFile("empty.pdf", b"")]
    for upload in bad:
        response = call(client, "post", url, {"kind": "minutes", "file": upload},
                        fmt="multipart")
        assert response.status_code == 400, upload.name
        assert error_of(response)["fields"]["file"], upload.name
    for data, field in (({"kind": "minutes"}, "file"),
                        ({"kind": "minutes", "file": "not a file"}, "file"),
                        ({"file": SimpleUploadedFile("a.pdf", PDF)}, "kind"),
                        ({"kind": "secret", "file": SimpleUploadedFile("a.pdf", PDF)}, "kind"),
                        ({"kind": "minutes", "title": "x" * 201,
                          "file": SimpleUploadedFile("a.pdf", PDF)}, "title")):
        response = call(client, "post", url, data, fmt="multipart")
        assert response.status_code == 400 and field in error_of(response)["fields"], data
    # JSON is not an upload
    response = call(client, "post", url, {"kind": "minutes", "file": "x"})
    assert response.status_code == 415
    assert not EventDocument.objects.exists() and not list(media.rglob("*.*"))
    # the file name is made safe, as on the web
    response = call(client, "post", url, {"kind": "minutes", "file": SimpleUploadedFile(
        "../../etc/Chair summary.pdf", PDF)}, fmt="multipart")
    assert response.status_code == 201
    assert response.json()["filename"] == "Chair_summary.pdf"


def test_download_is_always_an_attachment(world, api, media, event, draft):
    doc = add_document(world, event, name="Chair summary.pdf")
    url = f"/api/v1/events/{event.pk}/documents/{doc.pk}/download/"
    for role in ROLES:
        response = api(role).get(url)
        assert response.status_code == 200, role
        assert response["Content-Disposition"].startswith("attachment")
        assert 'filename="Chair_summary.pdf"' in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == PDF
    # a client asking for the file's own type gets it too (not a 406)
    response = api("member").get(url, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF  # (consuming it closes the file)
    # a draft event's documents are as invisible as the event
    hidden = add_document(world, draft)
    hidden_url = f"/api/v1/events/{draft.pk}/documents/{hidden.pk}/download/"
    got = {}
    for role in ROLES:
        response = api(role).get(hidden_url, HTTP_ACCEPT="application/pdf")
        got[role] = response.status_code
        if response.status_code == 404:
            assert response["Content-Type"] == "application/json"
            assert error_of(response)["code"] == "not_found"
        else:
            b"".join(response.streaming_content)
    assert got == read_matrix(draft=True)
    # under the wrong event, or with the file gone from the storage: 404, never a 500
    assert call(api("staff"), "get",
                f"/api/v1/events/{event.pk}/documents/{hidden.pk}/download/").status_code == 404
    doc.file.storage.delete(doc.file.name)
    assert call(api("member"), "get", url).status_code == 404


def test_delete_managers_only(world, api, media, event, draft):
    docs = [add_document(world, event) for _ in range(2)]
    url = f"/api/v1/events/{event.pk}/documents/{docs[0].pk}/"
    got = statuses(api, "delete", url, roles=[r for r in ROLES if r not in MANAGERS])
    assert got == {r: s for r, s in write_matrix(204).items() if r not in MANAGERS}
    assert call(api("focal"), "delete", url).status_code == 204
    assert call(api("staff"), "delete", url).status_code == 404  # already gone
    assert call(api("staff"), "delete",
                f"/api/v1/events/{event.pk}/documents/{docs[1].pk}/").status_code == 204
    assert not EventDocument.objects.filter(event=event).exists()
    hidden = add_document(world, draft)
    draft_url = f"/api/v1/events/{draft.pk}/documents/{hidden.pk}/"
    got = statuses(api, "delete", draft_url, roles=[r for r in ROLES if r not in MANAGERS])
    assert got == {r: s for r, s in write_matrix(204, visible=False).items()
                   if r not in MANAGERS}
    assert EventDocument.objects.filter(pk=hidden.pk).exists()


# --- attendance and minutes ---------------------------------------------------------------


def test_attendance_read_by_all_recorded_by_managers(world, api, event, draft):
    url = f"/api/v1/events/{event.pk}/attendance/"
    assert statuses(api, "get", url) == read_matrix()
    assert api("member").get(url).json() == {
        "government": None, "civil_society": None, "academia": None,
        "private_sector": None, "intergovernmental": None, "media": None, "total": 0}
    counts = {"government": 15, "civil_society": 18, "academia": 7, "private_sector": 3,
              "intergovernmental": 2}
    assert statuses(api, "put", url, counts) == write_matrix(200)
    assert api("anonymous").get(url).json() == {**counts, "media": None, "total": 45}
    # a new record replaces every figure (empty: none)
    response = call(api("focal"), "put", url, {"government": 20, "academia": None})
    assert response.json() == {"government": 20, "civil_society": None, "academia": None,
                                "private_sector": None, "intergovernmental": None,
                                "media": None, "total": 20}
    assert list(Attendance.objects.filter(event=event).values_list("category", "count")) \
        == [("government", 20)]
    draft_url = f"/api/v1/events/{draft.pk}/attendance/"
    assert statuses(api, "get", draft_url) == read_matrix(draft=True)
    assert statuses(api, "put", draft_url, counts) == write_matrix(200, visible=False)


@pytest.mark.parametrize("data, field", [
    ({"government": -3}, "government"),
    ({"academia": "many"}, "academia"),
    ({"civil_society": 10 ** 12}, "civil_society"),
    ({"private_sector": 1.5}, "private_sector"),
])
def test_attendance_bad_input_is_400(world, api, event, data, field):
    response = call(api("staff"), "put", f"/api/v1/events/{event.pk}/attendance/", data)
    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert not Attendance.objects.exists()


def test_minutes_read_by_all_written_by_managers(world, api, event, draft):
    url = f"/api/v1/events/{event.pk}/minutes/"
    assert statuses(api, "get", url) == read_matrix()
    assert api("member").get(url).json() == {"minutes": ""}
    assert statuses(api, "put", url, {"minutes": "  Opened by the focal person.  "}) \
        == write_matrix(200)
    assert api("anonymous").get(url).json() == {"minutes": "Opened by the focal person."}
    assert api("anonymous").get(f"/api/v1/events/{event.pk}/").json()["minutes"] \
        == "Opened by the focal person."
    for data in ({}, {"minutes": None}, {"minutes": "x" * 50001}):
        response = call(api("focal"), "put", url, data)
        assert response.status_code == 400 and "minutes" in error_of(response)["fields"]
    draft_url = f"/api/v1/events/{draft.pk}/minutes/"
    assert statuses(api, "get", draft_url) == read_matrix(draft=True)
    assert statuses(api, "put", draft_url, {"minutes": "x"}) == write_matrix(200,
                                                                           visible=False)
    assert DomainEvent.objects.filter(kind="event.minutes_recorded").count() == 4


# --- action items ------------------------------------------------------------------------------


def test_action_items_list_create_update(world, api, event, draft):
    url = f"/api/v1/events/{event.pk}/action-items/"
    assert statuses(api, "get", url) == read_matrix()
    data = {"title": "Publish statistics", "owner_organization": world.gov_body.pk,
            "due_on": "2030-01-01"}
    assert statuses(api, "post", url, data) == write_matrix(201)
    body = call(api("focal"), "post", url, {"title": "Draft the law", "owner_name": "FIA",
                                             "due_on": "2029-06-30"}).json()
    assert body["owner_label"] == "FIA" and body["owner_organization"] is None
    assert body["status"] == "open" and body["event"] == event.pk
    listed = api("anonymous").get(url).json()
    assert [i["title"] for i in listed["results"]] == ["Draft the law", "Publish statistics",
                                                       "Publish statistics"]
    assert listed["results"][1]["owner_organization"]["id"] == world.gov_body.pk
    item = ActionItem.objects.get(pk=body["id"])
    item_url = f"{url}{item.pk}/"
    assert statuses(api, "get", item_url) == read_matrix()
    assert statuses(api, "patch", item_url, {"status": "done"}) == write_matrix(200)
    item.refresh_from_db()
    assert item.status == "done"
    response = call(api("staff"), "patch", item_url, {"status": "dropped", "title": "ignored"})
    assert response.json()["status"] == "dropped"
    assert response.json()["title"] == "Draft the law"
    # filters
    assert [i["status"] for i in api("member").get(url, {"status": "open"}).json()["results"]] \
        == ["open", "open"]
    # a draft event's items are invisible with it
    draft_url = f"/api/v1/events/{draft.pk}/action-items/"
    assert statuses(api, "get", draft_url) == read_matrix(draft=True)
    assert statuses(api, "post", draft_url, data) == write_matrix(201, visible=False)
    hidden = ActionItem.objects.get(event=draft, created_by=world.focal)
    assert statuses(api, "patch", f"{draft_url}{hidden.pk}/", {"status": "done"}) \
        == write_matrix(200, visible=False)
    # an item is found only under its own event
    assert call(api("staff"), "patch", f"{url}{hidden.pk}/",
                {"status": "done"}).status_code == 404


@pytest.mark.parametrize("data, field", [
    ({"title": "No owner", "due_on": "2030-01-01"}, "owner_name"),
    ({"title": "No owner", "owner_name": "  ", "due_on": "2030-01-01"}, "owner_name"),
    ({"title": "Bad date", "owner_name": "FIA", "due_on": "soon"}, "due_on"),
    ({"owner_name": "FIA", "due_on": "2030-01-01"}, "title"),
    ({"title": "x" * 301, "owner_name": "FIA", "due_on": "2030-01-01"}, "title"),
    ({"title": "Unknown owner", "owner_organization": 999999, "due_on": "2030-01-01"},
     "owner_organization"),
])
def test_action_item_bad_input_is_400(world, api, event, data, field):
    response = call(api("focal"), "post", f"/api/v1/events/{event.pk}/action-items/", data)
    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert not ActionItem.objects.exists()


def test_action_item_bad_status_is_400(world, api, event):
    item = event_services.action_item_create(actor=fresh(world.staff), event=event,
                                             title="Publish", due_on=dt.date(2030, 1, 1),
                                             owner_name="FIA")
    url = f"/api/v1/events/{event.pk}/action-items/{item.pk}/"
    response = call(api("focal"), "patch", url, {"status": "finished"})
    assert response.status_code == 400 and "status" in error_of(response)["fields"]
    # a PATCH changes what it names: without a status, nothing (as the contract says)
    response = call(api("focal"), "patch", url, {})
    assert response.status_code == 200 and response.json()["status"] == item.status


# --- query budgets --------------------------------------------------------------------------


def _grow(world, event, n: int) -> None:
    for i in range(n):
        add_document(world, event, name=f"Document {i}.pdf")
        event_services.action_item_create(
            actor=fresh(world.staff), event=event, title=f"Action {i}",
            due_on=dt.date(2030, 1, 1) + dt.timedelta(days=i),
            owner_organization=OrganizationFactory(country=world.party))


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path, bound", [
    ("documents/", 7),
    ("action-items/", 7),
    ("attendance/", 6),
    ("minutes/", 5),
])
def test_list_query_budget_does_not_grow(world, media, event, settings, path, bound,
                                         django_assert_max_num_queries):
    settings.API_TOKEN_TOUCH_SECONDS = 24 * 3600
    client = token_client(world.user("member"))
    url = f"/api/v1/events/{event.pk}/{path}"
    _grow(world, event, 2)
    client.get("/api/v1/me/")  # the token's first use is written once, before measuring
    few = _count(client, url)
    assert few <= bound
    _grow(world, event, 12)
    with django_assert_max_num_queries(few):
        response = client.get(url + "?page_size=100")
    assert response.status_code == 200
