"""JSON errors for everything under /api/, routed or not, and decisions that must be
given explicitly in every content type."""

from __future__ import annotations

import inspect
import json

import pytest
from django.test import Client
from rest_framework import serializers

from portal.api.fields import RequiredBooleanField
from tests.api.conftest import error_of, token_client
from tests.factories import UserFactory


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_unrouted_api_path_is_a_json_404_for_every_method(world, method):
    """With a valid token and CSRF checks on, as a real client meets them."""
    client = token_client(world.coordinator)
    client.handler.enforce_csrf_checks = True
    response = getattr(client, method)("/api/v1/recommendations/abc/submit/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert error_of(response)["code"] == "not_found"


def test_session_write_without_csrf_token_is_json_under_api_only(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    api = client.post("/api/v1/recommendations/", {"title": "x"})
    assert api.status_code == 403 and api["Content-Type"] == "application/json"
    assert error_of(api)["code"] in {"permission_denied", "csrf_failed"}
    web = client.post("/accounts/profile/", {"full_name": "x"})
    assert web.status_code == 403 and "text/html" in web["Content-Type"]


def test_csrf_failure_view_answers_json_under_api(rf):
    from portal.api.errors import csrf_failure

    response = csrf_failure(rf.post("/api/v1/anything/"), reason="no token")
    assert response.status_code == 403
    assert json.loads(response.content)["error"]["code"] == "csrf_failed"
    assert "text/html" in csrf_failure(rf.post("/events/"), reason="x")["Content-Type"]


def test_server_error_under_api_is_json(rf):
    from portal.api.errors import server_error

    response = server_error(rf.get("/api/v1/events/"))
    assert response.status_code == 500
    assert json.loads(response.content)["error"]["code"] == "server_error"
    assert "text/html" in server_error(rf.get("/events/"))["Content-Type"]


def test_wrong_method_on_a_routed_path_is_a_json_405(world, api):
    response = api("coordinator").delete("/api/v1/me/")
    assert response.status_code == 405 and error_of(response)["code"] == "method_not_allowed"


def test_form_encoded_join_decision_without_approve_is_refused(world, api):
    joiner_api = token_client(UserFactory())
    pk = joiner_api.post(
        f"/api/v1/organizations/{world.org.pk}/join-requests/", {"message": "Hello"}, format="json"
    ).json()["id"]
    response = api("coordinator").post(f"/api/v1/join-requests/{pk}/decide/", {"note": "x"})
    assert response.status_code == 400
    assert "approve" in error_of(response)["fields"]
    response = api("coordinator").post(f"/api/v1/join-requests/{pk}/decide/", {"approve": "true"})
    assert response.status_code == 200 and response.json()["status"] == "approved"


def test_form_encoded_cosignature_decision_without_accept_is_refused(world, api):
    draft = world.draft()
    invited = api("coordinator").post(
        f"/api/v1/recommendations/{draft.pk}/cosignatures/",
        {"organization": world.other_org.pk},
        format="json",
    )
    assert invited.status_code == 201, invited.content
    pk = invited.json()["id"]
    other = token_client(world.other_coordinator)
    response = other.post(f"/api/v1/cosignatures/{pk}/decide/", {"note": "x"})
    assert response.status_code == 400
    assert "accept" in error_of(response)["fields"]


def _serializers():
    import consultations.api.serializers as con
    import portal.notifications.api as notif
    import recommendations.api.serializers as rec

    for module in (con, rec, notif):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, serializers.Serializer) and cls.__module__ == module.__name__:
                yield cls


def test_every_required_writable_boolean_is_required_in_forms_too():
    """A required boolean the client writes decides something: DRF's plain
    BooleanField would read its absence from a form as False."""
    offenders = []
    for cls in _serializers():
        for name, field in cls._declared_fields.items():
            if (
                isinstance(field, serializers.BooleanField)
                and not field.read_only
                and field.required
                and not isinstance(field, RequiredBooleanField)
            ):
                offenders.append(f"{cls.__name__}.{name}")
    # Response-only shapes (what a user may do, a dashboard's audience) are not input.
    offenders = [
        o
        for o in offenders
        if o.split(".")[0] not in {"PermissionsSerializer", "DashboardSerializer"}
    ]
    assert offenders == []
