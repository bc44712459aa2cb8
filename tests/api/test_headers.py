"""Headers integrators rely on: Location on 201, ETag / If-Match (412 on a stale one),
RateLimit-* beside Retry-After, Vary on Authorization, deprecation announcements."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.test import APIClient

from portal.api.headers import deprecation_headers
from tests.api.conftest import error_of, token_client
from tests.api.test_rec_followup_evidence import make_action, report_with
from tests.factories import EventFactory, PilotFactory


def event_data(world) -> dict:
    start = timezone.now() + dt.timedelta(days=30)
    return {
        "kind": "workshop",
        "title": "Workshop",
        "party": world.party.pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=3)).isoformat(),
        "venue": "Vienna International Centre",
    }


def test_created_resources_have_a_location(world, api):
    response = api("staff").post("/api/v1/events/", event_data(world), format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    assert response["Location"] == f"http://testserver/api/v1/events/{pk}/"
    assert api("staff").get(response["Location"]).status_code == 200
    draft = world.draft()
    invited = api("coordinator").post(
        f"/api/v1/recommendations/{draft.pk}/cosignatures/",
        {"organization": world.other_org.pk},
        format="json",
    )
    assert invited.status_code == 201
    # A co-signature has no URL of its own: the list it appears in.
    assert invited["Location"].endswith(f"/api/v1/recommendations/{draft.pk}/cosignatures/")


def test_location_on_a_nested_create(world, api):
    action = make_action(world)
    url = f"/api/v1/actions/{action.pk}/progress-reports/"
    response = api("agency").post(
        url,
        {
            "reported_on": timezone.localdate().isoformat(),
            "text": "Done",
            "status": "in_progress",
            "percent": 10,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response["Location"].endswith(f"{url}{response.json()['id']}/")


@pytest.mark.parametrize("kind", ["event", "pilot", "organization", "action"])
def test_etag_and_if_match_on_updates(world, api, kind):
    if kind == "event":
        obj, role, change = EventFactory(party=world.party), "staff", {"title": "New"}
        url = f"/api/v1/events/{obj.pk}/"
    elif kind == "pilot":
        obj, role, change = PilotFactory(party=world.party), "staff", {"title": "New"}
        url = f"/api/v1/pilots/{obj.pk}/"
    elif kind == "organization":
        obj, role, change = world.org, "coordinator", {"name": "New name"}
        url = f"/api/v1/organizations/{obj.pk}/"
    else:
        obj, role, change = make_action(world), "staff", {"title": "New title"}
        url = f"/api/v1/actions/{obj.pk}/"
    client = api(role)
    read = client.get(url)
    etag = read["ETag"]
    assert etag.startswith('"') and read["Vary"].count("Authorization") == 1
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    changed = client.patch(url, change, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] != etag
    stale = client.patch(url, change, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert error_of(stale)["code"] == "precondition_failed"
    assert (
        client.patch(url, change, format="json", HTTP_IF_MATCH=changed["ETag"]).status_code == 200
    )
    assert client.patch(url, change, format="json").status_code == 200  # If-Match optional


def test_recommendation_if_match_and_expected_version_alias(world, api):
    rec = world.draft()
    url = f"/api/v1/recommendations/{rec.pk}/"
    etag = api("member").get(url)["ETag"]
    assert etag == f'"{rec.pk}-{rec.version}"'
    ok = api("member").patch(url, {"title": "Once"}, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200 and ok["ETag"] != etag
    assert (
        api("member").patch(url, {"title": "Twice"}, format="json", HTTP_IF_MATCH=etag).status_code
        == 412
    )
    stale = api("member").patch(url, {"title": "T", "expected_version": rec.version}, format="json")
    assert stale.status_code == 409


def test_progress_report_if_match(world, api):
    action = make_action(world)
    report = report_with(world, action)
    url = f"/api/v1/actions/{action.pk}/progress-reports/{report.pk}/"
    etag = api("agency").get(url)["ETag"]
    assert (
        api("agency").patch(url, {"text": "A"}, format="json", HTTP_IF_MATCH=etag).status_code
        == 200
    )
    assert (
        api("agency").patch(url, {"text": "B"}, format="json", HTTP_IF_MATCH=etag).status_code
        == 412
    )
    current = api("agency").get(url)["ETag"]
    assert api("agency").get(url, HTTP_IF_NONE_MATCH=current).status_code == 304


def test_rate_limit_headers(settings, world):
    settings.API_THROTTLE_RATES = {"user": "3/minute", "anon": "2/minute"}
    cache.clear()
    anonymous = APIClient()
    first = anonymous.get("/api/v1/instruments/")
    assert (first["RateLimit-Limit"], first["RateLimit-Remaining"]) == ("2", "1")
    assert 0 < int(first["RateLimit-Reset"]) <= 61
    anonymous.get("/api/v1/instruments/")
    refused = anonymous.get("/api/v1/instruments/")
    assert refused.status_code == 429 and refused["RateLimit-Remaining"] == "0"
    assert refused["Retry-After"]
    member = token_client(world.member).get("/api/v1/me/")
    assert (member["RateLimit-Limit"], member["RateLimit-Remaining"]) == ("3", "2")
    cache.clear()


def test_deprecation_headers():
    since = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    sunset = dt.datetime(2027, 7, 1, tzinfo=dt.UTC)
    response = deprecation_headers(
        Response(), since=since, sunset=sunset, link="/api/docs/#operation/events_list"
    )
    assert response["Deprecation"] == f"@{int(since.timestamp())}"
    assert response["Sunset"] == "Thu, 01 Jul 2027 00:00:00 GMT"
    assert 'rel="deprecation"' in response["Link"]


SENT = ("ETag", "Location", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining",
        "RateLimit-Reset")


def test_the_headers_the_api_sends_are_declared_in_the_contract(settings, world, api, client):
    """Each header a real answer carries is declared on that answer in the schema (with a
    schema a client can read it by), and a 304 is a documented answer of a detail."""
    cache.clear()
    schema = client.get("/api/schema/?format=json").json()
    settings.API_THROTTLE_RATES = {"user": "100/minute", "anon": "1/minute"}
    cache.clear()

    def undeclared(response, method: str, path: str) -> set[str]:
        documented = schema["paths"][path][method]["responses"][str(response.status_code)]
        declared = set(documented.get("headers") or {})
        for name in declared:
            ref = documented["headers"][name]["$ref"].rsplit("/", 1)[-1]
            assert schema["components"]["headers"][ref]["schema"]["type"]
        return {name for name in SENT if response.has_header(name)} - declared

    staff = api("staff")
    created = staff.post("/api/v1/events/", event_data(world), format="json")
    assert created.status_code == 201 and created.has_header("Location")
    assert undeclared(created, "post", "/api/v1/events/") == set()
    detail = "/api/v1/events/{id}/"
    read = staff.get(created["Location"])
    assert read.has_header("ETag") and read.has_header("RateLimit-Limit")
    assert undeclared(read, "get", detail) == set()
    changed = staff.patch(created["Location"], {"title": "New"}, format="json",
                          HTTP_IF_MATCH=read["ETag"])
    assert changed.status_code == 200 and undeclared(changed, "patch", detail) == set()
    same = staff.get(created["Location"], HTTP_IF_NONE_MATCH=changed["ETag"])
    assert same.status_code == 304 and undeclared(same, "get", detail) == set()
    action = make_action(world)
    report = report_with(world, action)
    nested = api("agency").get(f"/api/v1/actions/{action.pk}/progress-reports/{report.pk}/")
    assert nested.has_header("ETag")
    assert undeclared(nested, "get", "/api/v1/actions/{id}/progress-reports/{report_pk}/") \
        == set()
    nested_same = api("agency").get(
        f"/api/v1/actions/{action.pk}/progress-reports/{report.pk}/",
        HTTP_IF_NONE_MATCH=nested["ETag"])
    assert nested_same.status_code == 304
    assert undeclared(nested_same, "get",
                      "/api/v1/actions/{id}/progress-reports/{report_pk}/") == set()
    anonymous = APIClient()
    anonymous.get("/api/v1/instruments/")
    refused = anonymous.get("/api/v1/instruments/")
    assert refused.status_code == 429 and refused.has_header("Retry-After")
    assert undeclared(refused, "get", "/api/v1/instruments/") == set()
    cache.clear()
