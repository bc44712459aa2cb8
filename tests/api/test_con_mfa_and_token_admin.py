"""Two-factor enforcement answers API requests in the API's error shape, whether the
session (MfaRequiredMiddleware) or a token (the API's own check) brings the user; and
UNODC staff see personal API tokens in the admin, read-only, and may revoke them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from portal.accounts.events import ApiTokenEventKind
from portal.accounts.models import ApiToken
from portal.api.authentication import token_generate, token_hash
from portal.api.tokens import api_token_create
from portal.core.models import DomainEvent
from tests.api.conftest import error_of
from tests.factories import FocalPersonFactory, UserFactory
from tests.recommendations.filing_support import fresh, with_totp

pytestmark = pytest.mark.django_db

MFA_BODY_KEYS = {"code", "message", "fields"}


@pytest.fixture
def focal_without_totp(world):
    return FocalPersonFactory(party=world.party, user__password="!").user


def _mfa_error(response) -> dict:
    assert response.status_code == 403, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    error = error_of(response)
    assert set(error) == MFA_BODY_KEYS
    assert error["code"] == "mfa_required" and error["fields"] == {}
    assert "two-factor" in error["message"]
    return body


def test_middleware_blocks_api_session_requests_in_the_error_shape(focal_without_totp):
    client = APIClient()
    client.force_login(focal_without_totp)
    bodies = [_mfa_error(client.get("/api/v1/me/")),
              _mfa_error(client.get("/api/v1/events/")),
              _mfa_error(client.post("/api/v1/events/", {"title": "x"}, format="json")),
              _mfa_error(client.get("/api/v1/no-such-endpoint/"))]
    assert all(body == bodies[0] for body in bodies)
    # web pages still send the user to enrol
    response = client.get(reverse("events:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_token_and_session_get_the_same_answer(focal_without_totp):
    raw, prefix = token_generate()
    ApiToken.objects.create(user=focal_without_totp, name="old", prefix=prefix,
                            token_hash=token_hash(raw))
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    session_client = APIClient()
    session_client.force_login(focal_without_totp)
    assert _mfa_error(token_client.get("/api/v1/me/")) \
        == _mfa_error(session_client.get("/api/v1/me/"))
    with_totp(focal_without_totp)
    assert session_client.get("/api/v1/me/").status_code == 200
    assert token_client.get("/api/v1/me/").status_code == 200


def test_middleware_is_off_when_not_enforced(settings, focal_without_totp):
    settings.MFA_ENFORCE = False
    client = APIClient()
    client.force_login(focal_without_totp)
    assert client.get("/api/v1/me/").status_code == 200


# --- API tokens in the admin -----------------------------------------------------------------


@pytest.fixture
def admin_staff(world):
    staff = fresh(world.staff)
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def tokens(world):
    first, raw_first = api_token_create(actor=fresh(world.member), name="monthly report")
    second, raw_second = api_token_create(actor=fresh(world.coordinator), name="dashboard")
    return {"first": (first, raw_first), "second": (second, raw_second)}


def _url(name: str, *args) -> str:
    return reverse(f"admin:{ApiToken._meta.app_label}_apitoken_{name}", args=args)


def test_staff_see_tokens_read_only_never_the_hash(world, admin_staff, tokens):
    token, raw = tokens["first"]
    page = admin_staff.get(_url("changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "monthly report" in html and "dashboard" in html
    assert escape(str(world.member)) in html
    assert token.token_hash not in html and raw not in html
    detail = admin_staff.get(_url("change", token.pk))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "monthly report" in html and token.prefix in html
    assert token.token_hash not in html and raw not in html
    assert 'name="_save"' not in html  # a view, not a form
    assert admin_staff.get(_url("add")).status_code == 403
    assert admin_staff.post(_url("delete", token.pk), {"post": "yes"}).status_code == 403
    assert admin_staff.post(_url("change", token.pk), {"name": "renamed"}).status_code == 403
    token.refresh_from_db()
    assert token.name == "monthly report"
    assert "API tokens" in admin_staff.get(reverse("admin:index")).content.decode()


def test_staff_revoke_tokens(world, admin_staff, tokens):
    (first, raw_first), (second, _raw) = tokens["first"], tokens["second"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_first}")
    assert api.get("/api/v1/me/").status_code == 200
    response = admin_staff.post(_url("changelist"), {"action": "revoke",
                                                     "_selected_action": [first.pk]})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None
    assert api.get("/api/v1/me/").status_code == 401
    event = DomainEvent.objects.get(kind=ApiTokenEventKind.REVOKED)
    assert event.actor_id == world.staff.pk and event.payload["by_staff"] is True
    # revoking again changes nothing
    admin_staff.post(_url("changelist"), {"action": "revoke",
                                          "_selected_action": [first.pk, second.pk]})
    assert DomainEvent.objects.filter(kind=ApiTokenEventKind.REVOKED).count() == 2
    # the filter shows revoked tokens
    page = admin_staff.get(_url("changelist"), {"revoked_at__isnull": "False"})
    assert page.status_code == 200


def test_other_admin_users_do_not_see_tokens(world, tokens):
    django_staff = with_totp(UserFactory(is_staff=True, password="!"))
    client = Client()
    client.force_login(django_staff)
    assert client.get(_url("changelist")).status_code == 403
    assert client.get(_url("change", tokens["first"][0].pk)).status_code == 403
    response = client.post(_url("changelist"), {"action": "revoke",
                                                "_selected_action": [tokens["first"][0].pk]})
    assert response.status_code == 403
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == 0
    assert "API tokens" not in client.get(reverse("admin:index")).content.decode()
