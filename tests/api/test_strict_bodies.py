"""Request bodies are read as the contract types them (portal/api/strict.py): in JSON a
value has its field's JSON type; in form and multipart bodies values are spelled as in
JSON (``null``, ``true``/``false``, digits). What the contract run (bench/contract.py)
found accepted against the schema, and what it found refused although valid."""

from __future__ import annotations

import pytest

from consultations.models import Organization
from tests.api.conftest import error_of

ORG = {"name": "Indus Centre for Victim Support", "category": "civil_society", "country": "PKL"}


def refused(response, field: str) -> None:
    assert response.status_code == 400, response.content
    assert field in error_of(response)["fields"], response.content


@pytest.mark.parametrize("value", [0, 12.5, True, ["Amina"], {"name": "Amina"}])
def test_json_text_must_be_a_string(world, api, value):
    response = api("member").patch("/api/v1/me/profile/", {"full_name": value}, format="json")
    refused(response, "full_name")


def test_json_text_is_taken(world, api):
    response = api("member").patch(
        "/api/v1/me/profile/", {"full_name": "Amina Qureshi"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["full_name"] == "Amina Qureshi"


@pytest.mark.parametrize("value", ["true", 0, 1, "yes", None])
def test_json_boolean_must_be_true_or_false(world, api, value):
    response = api("member").post(
        "/api/v1/organizations/", {**ORG, "ecosoc_status": value}, format="json"
    )
    refused(response, "ecosoc_status")
    assert not Organization.objects.filter(name=ORG["name"]).exists()


@pytest.mark.parametrize("fmt", ["multipart", "form"])
@pytest.mark.parametrize("value", ["0", "1", "yes", "on", "null"])
def test_form_boolean_is_spelled_true_or_false(world, api, fmt, value):
    response = post_as(
        api("member"), "/api/v1/organizations/", {**ORG, "ecosoc_status": value}, fmt
    )
    refused(response, "ecosoc_status")


@pytest.mark.parametrize("fmt", ["multipart", "form"])
@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("True", True), ("false", False), ("False", False)]
)
def test_form_boolean_taken(world, api, fmt, value, expected):
    response = post_as(
        api("member"), "/api/v1/organizations/", {**ORG, "ecosoc_status": value}, fmt
    )
    assert response.status_code == 201, response.content
    assert response.json()["ecosoc_status"] is expected


@pytest.mark.parametrize("spelling", [str, float, lambda pk: True, lambda pk: [pk]])
def test_json_id_must_be_a_number(world, api, spelling):
    response = api("member").post(
        "/api/v1/organizations/",
        {**ORG, "is_alliance": True, "lead_organization": spelling(world.org.pk)},
        format="json",
    )
    refused(response, "lead_organization")


def test_json_integer_must_be_a_number(world, api):
    from tests.factories import EventFactory

    event = EventFactory(party=world.party)
    for value in ("60", 60.0, True):
        response = api("staff").patch(
            f"/api/v1/events/{event.pk}/", {"capacity": value}, format="json"
        )
        refused(response, "capacity")
    response = api("staff").patch(f"/api/v1/events/{event.pk}/", {"capacity": 60}, format="json")
    assert response.status_code == 200, response.content


def test_form_integer_is_digits(world, api):
    from tests.factories import EventFactory

    event = EventFactory(party=world.party)
    for value in ("60.0", " 60", "6e1", "sixty"):
        response = api("staff").patch(
            f"/api/v1/events/{event.pk}/", {"capacity": value}, format="multipart"
        )
        refused(response, "capacity")
    response = api("staff").patch(
        f"/api/v1/events/{event.pk}/", {"capacity": "60"}, format="multipart"
    )
    assert response.status_code == 200, response.content
    assert response.json()["capacity"] == 60


@pytest.mark.parametrize("fmt", ["multipart", "form"])
def test_form_null_is_null_where_nullable(world, api, fmt):
    from tests.factories import EventFactory

    event = EventFactory(party=world.party, capacity=30)
    response = patch_as(api("staff"), f"/api/v1/events/{event.pk}/", {"capacity": "null"}, fmt)
    assert response.status_code == 200, response.content
    assert response.json()["capacity"] is None
    response = post_as(
        api("member"), "/api/v1/organizations/", {**ORG, "lead_organization": "null"}, fmt
    )
    assert response.status_code == 201, response.content
    assert response.json()["lead_organization"] is None


@pytest.mark.parametrize("fmt", ["multipart", "form"])
def test_form_null_is_refused_where_not_nullable(world, api, fmt):
    response = post_as(api("member"), "/api/v1/organizations/", {**ORG, "name": "null"}, fmt)
    refused(response, "name")
    response = patch_as(api("member"), "/api/v1/me/profile/", {"full_name": "null"}, fmt)
    refused(response, "full_name")


def test_json_null_is_refused_where_not_nullable(world, api):
    response = api("member").patch("/api/v1/me/profile/", {"full_name": None}, format="json")
    refused(response, "full_name")


def test_json_choice_must_be_a_string(world, api):
    response = api("member").post("/api/v1/organizations/", {**ORG, "category": 1}, format="json")
    refused(response, "category")


def post_as(client, url, data, fmt):
    if fmt == "form":
        from urllib.parse import urlencode

        return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")
    return client.post(url, data, format=fmt)


def patch_as(client, url, data, fmt):
    if fmt == "form":
        from urllib.parse import urlencode

        return client.patch(url, urlencode(data), content_type="application/x-www-form-urlencoded")
    return client.patch(url, data, format=fmt)


def test_an_upload_is_multipart_only(world, api):
    """The contract offers the upload of an import as multipart only: a file cannot be
    a JSON string."""
    response = api("coordinator").post(
        "/api/v1/imports/",
        {"kind": "recommendations", "scope": world.org.pk, "file": "a,b\n1,2\n"},
        format="json",
    )
    assert response.status_code == 415, response.content
    schema = api("anonymous").get("/api/schema/?format=json").json()
    content = schema["paths"]["/api/v1/imports/"]["post"]["requestBody"]["content"]
    assert list(content) == ["multipart/form-data"]


def test_json_list_must_be_an_array(world, api):
    from tests.factories import EventFactory

    event = EventFactory(party=world.party)
    for value in ({}, {"1": 1}, world.org.pk):
        response = api("staff").patch(
            f"/api/v1/events/{event.pk}/", {"organizers": value}, format="json"
        )
        refused(response, "organizers")
    response = api("member").post(
        "/api/v1/recommendations/",
        {
            "organization": world.org.pk,
            "party": "PKL",
            "title": "A title",
            "instruments": {"untoc": True},
        },
        format="json",
    )
    refused(response, "instruments")


def test_a_user_id_is_bounded_like_every_id(world, api):
    from tests.factories import FollowUpActionFactory

    action = FollowUpActionFactory(party=world.party, responsible=world.agency)
    for value in (2**63, 0):
        response = api("staff").patch(
            f"/api/v1/actions/{action.pk}/", {"responsible": value}, format="json"
        )
        refused(response, "responsible")


@pytest.mark.parametrize("body", [b"--B\r\n[]--B--\r\n", b"--B\r\nFalse--B--\r\n", b"junk"])
def test_a_multipart_body_with_no_readable_part_is_refused(world, api, body):
    """Read as an empty form, such a body would leave every optional field out and be
    taken: an import confirmed, protection "changed" with nothing."""
    response = api("member").generic(
        "PATCH", "/api/v1/me/profile/", body, content_type="multipart/form-data; boundary=B"
    )
    assert response.status_code == 400, response.content
    assert error_of(response)["code"] == "parse_error"
    assert "Content-Disposition" in error_of(response)["message"]


def test_an_empty_multipart_form_is_still_an_empty_form(world, api):
    response = api("member").generic(
        "PATCH", "/api/v1/me/profile/", b"--B--\r\n", content_type="multipart/form-data; boundary=B"
    )
    assert response.status_code == 200, response.content
