"""The API's foundation: personal tokens (pages, hashing, last use, revocation, the
two-factor rule), session authentication with CSRF, the one error shape, rate limits,
the OpenAPI schema and the offline documentation pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from rest_framework.test import APIClient

from portal.accounts.models import ApiToken
from portal.api.tokens import api_token_create
from tests.api.conftest import error_of, token_client
from tests.factories import FocalPersonFactory, MembershipFactory, UserFactory
from tests.recommendations.filing_support import fresh, with_totp

pytestmark = pytest.mark.django_db


# --- token pages ---------------------------------------------------------------------------


def test_token_pages_create_show_once_list_and_revoke(client):
    user = MembershipFactory().user
    client.force_login(user)
    assert client.get("/accounts/tokens/").status_code == 200
    assert client.get("/accounts/tokens/new/").status_code == 200
    response = client.post("/accounts/tokens/new/", {"name": ""})
    assert response.status_code == 400
    assert "Enter" in response.content.decode() or "required" in response.content.decode()
    response = client.post("/accounts/tokens/new/", {"name": "Report script"})
    assert response.status_code == 201
    raw = response.context["raw"]
    assert raw.startswith("untoc_") and raw in response.content.decode()
    token = ApiToken.objects.get(user=user)
    assert token.name == "Report script"
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in token.token_hash and raw[6:14] == token.prefix
    page = client.get("/accounts/tokens/").content.decode()
    assert "Report script" in page and token.prefix in page and raw not in page
    assert "Never" in page
    # the token works
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/me/").json()["id"] == user.pk
    token.refresh_from_db()
    assert token.last_used_at is not None
    # revoking asks first, on a page of its own (issue 16)
    assert f'href="/accounts/tokens/{token.pk}/revoke/"' in page
    question = client.get(f"/accounts/tokens/{token.pk}/revoke/").content.decode()
    assert "Are you sure you want to revoke the token “Report script”?" in question
    token.refresh_from_db()
    assert token.revoked_at is None
    # revoked: it no longer works
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert error_of(response)["code"] == "authentication_failed"


def test_revoking_someone_elses_token_is_404(client):
    token, _raw = api_token_create(actor=UserFactory(), name="theirs")
    client.force_login(UserFactory())
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_pages_need_sign_in(client):
    assert client.get("/accounts/tokens/").status_code == 302
    assert client.post("/accounts/tokens/new/", {"name": "x"}).status_code == 302
    assert not ApiToken.objects.exists()


def test_profile_links_to_tokens(client):
    client.force_login(MembershipFactory().user)
    assert "/accounts/tokens/" in client.get("/accounts/profile/").content.decode()


def test_last_use_is_written_at_most_once_a_minute():
    token, raw = api_token_create(actor=UserFactory(), name="x")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    api.get("/api/v1/me/")
    token.refresh_from_db()
    first = token.last_used_at
    api.get("/api/v1/me/")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - dt.timedelta(minutes=2))
    api.get("/api/v1/me/")
    token.refresh_from_db()
    assert token.last_used_at > first - dt.timedelta(minutes=1)


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer untoc_x_y", "Bearer a b",
                                    "Token \xe9"])
def test_bad_tokens_are_401(header):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert error_of(response)["code"] == "authentication_failed"


def test_inactive_users_tokens_do_not_work():
    user = UserFactory()
    _token, raw = api_token_create(actor=user, name="x")
    user.is_active = False
    user.save()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/me/").status_code == 401


# --- two-factor rule ----------------------------------------------------------------------


def test_mfa_roles_cannot_create_tokens_before_enrolling(client):
    focal = FocalPersonFactory().user
    with pytest.raises(PermissionDenied):
        api_token_create(actor=fresh(focal), name="x")
    assert not ApiToken.objects.exists()
    # the web: the MFA middleware sends them to enrolment; the view refuses too
    client.force_login(focal)
    response = client.post("/accounts/tokens/new/", {"name": "x"})
    assert response.status_code in (302, 403)
    assert not ApiToken.objects.exists()
    with_totp(focal)
    response = client.post("/accounts/tokens/new/", {"name": "x"})
    assert response.status_code == 201
    assert ApiToken.objects.filter(user=focal).count() == 1


def test_token_of_a_user_who_became_an_official_without_mfa_is_refused():
    user = UserFactory()
    _token, raw = api_token_create(actor=user, name="x")
    FocalPersonFactory(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = api.get("/api/v1/instruments/")
    assert response.status_code == 403
    assert error_of(response)["code"] == "mfa_required"
    with_totp(user)
    assert api.get("/api/v1/instruments/").status_code == 200


def test_staff_without_mfa_session_is_refused_on_the_api():
    staff = UserFactory(is_unodc_staff=True)
    api = APIClient()
    api.force_login(staff)
    response = api.get("/api/v1/me/")
    assert response.status_code == 403
    assert error_of(response)["code"] == "mfa_required"


# --- sessions and CSRF ----------------------------------------------------------------------


def test_session_authentication_enforces_csrf(world):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(world.member)
    assert api.get("/api/v1/me/").status_code == 200
    response = api.post("/api/v1/notifications/read-all/")
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
    assert "CSRF" in error_of(response)["message"]
    # tokens are not cookies: no CSRF needed
    assert token_client(world.member).post("/api/v1/notifications/read-all/").status_code == 200


# --- errors -------------------------------------------------------------------------------------


def test_error_shapes(world, api):
    # unknown path under /api/
    response = APIClient().get("/api/v1/nothing-here/")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    # anonymous write
    response = APIClient().post("/api/v1/recommendations/", {}, format="json")
    assert response.status_code in (401, 403)
    assert error_of(response)["code"] == "not_authenticated"
    # serializer validation: 400 with field errors
    response = api("member").post("/api/v1/recommendations/", {"title": ""}, format="json")
    assert response.status_code == 400
    err = error_of(response)
    assert err["code"] == "invalid" and {"organization", "party", "title"} <= set(err["fields"])
    # service validation (django ValidationError): 400 with field errors
    response = api("member").post("/api/v1/recommendations/", {
        "organization": world.org.pk, "party": world.other_party.pk, "title": "Task force",
    }, format="json")
    assert response.status_code == 400
    assert "party" in error_of(response)["fields"]
    # malformed JSON
    response = api("member").generic("POST", "/api/v1/recommendations/", "{oops",
                                     content_type="application/json")
    assert response.status_code == 400 and error_of(response)["code"] == "parse_error"
    # method not allowed
    response = api("member").put("/api/v1/instruments/1/", {}, format="json")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_conflicts_are_409(world, api):
    rec = world.draft()
    url = f"/api/v1/recommendations/{rec.pk}/"
    ok = api("member").patch(url, {"title": "New title", "expected_version": rec.version},
                             format="json")
    assert ok.status_code == 200 and ok.json()["version"] == rec.version + 1
    stale = api("member").patch(url, {"title": "Other title", "expected_version": rec.version},
                                format="json")
    assert stale.status_code == 409
    err = error_of(stale)
    assert err["code"] == "conflict" and err["current_version"] == rec.version + 1


# --- rate limits ------------------------------------------------------------------------------


def test_rate_limits_per_user_and_anonymous_client(settings, world):
    settings.API_THROTTLE_RATES = {"user": "3/minute", "anon": "2/minute"}
    cache.clear()
    anonymous = APIClient()
    assert [anonymous.get("/api/v1/instruments/").status_code for _ in range(3)] == [
        200, 200, 429]
    response = anonymous.get("/api/v1/instruments/")
    assert error_of(response)["code"] == "throttled" and response["Retry-After"]
    member = token_client(world.member)
    assert [member.get("/api/v1/me/").status_code for _ in range(4)] == [200, 200, 200, 429]
    # another user has their own budget
    assert token_client(world.other_member).get("/api/v1/me/").status_code == 200
    cache.clear()


# --- schema and docs ------------------------------------------------------------------------------


def test_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn",
         "--file", str(out)],
        cwd=Path(django_settings.BASE_DIR), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    text = out.read_text()
    assert "/api/v1/recommendations/{id}/submit/" in text
    assert "tokenAuth" in text


def test_schema_endpoint_serves_openapi():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_work_offline_with_csp_relaxed_only_there(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "https://" not in html and "http://" not in html.replace(
        "http://testserver", "")
    assert "<script>" not in html  # no inline script: every script is a static file
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" in csp and "script-src 'self'" in csp
    assert "'unsafe-inline'" not in client.get("/api/v1/instruments/")[
        "Content-Security-Policy"]
    if url == "/api/docs/":
        script = client.get(url + "?script")
        assert script.status_code == 200 and b"SwaggerUIBundle" in script.content
    for src in [s.split('"')[0] for s in html.split('src="')[1:]]:
        assert src.startswith("/static/") or src.startswith("/api/"), src
        if src.startswith("/static/"):
            assert client.get(src).status_code == 200, src
