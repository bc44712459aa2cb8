"""Fixtures of the API tests: one user per role around one State (the filing tests'
world), and API clients authenticated with a personal token per role."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from portal.api.tokens import api_token_create
from tests.recommendations.filing_support import fresh, make_world

ROLES = ("anonymous", "member", "coordinator", "other_member", "focal", "other_focal",
         "agency", "staff")
#: what an anonymous write gets
ANON_WRITE = 401


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    """Rate limits are tested on their own; elsewhere they must not interfere. The
    two-factor rule applies as in production (the world's officials have enrolled)."""
    settings.MFA_ENFORCE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed
    settings.API_THROTTLE_RATES = {"user": "100000/minute", "anon": "100000/minute"}


@pytest.fixture
def world(db):
    return make_world()


def token_client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        _token, raw = api_token_create(actor=fresh(user), name="tests")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def api(world):
    """api("member") -> an APIClient with a token of that role's user."""
    cache: dict[str, APIClient] = {}

    def get(role: str) -> APIClient:
        if role not in cache:
            cache[role] = token_client(world.user(role))
        return cache[role]

    return get


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message", "fields"} <= set(body["error"]), body
    return body["error"]


def statuses(api, method: str, url: str, data=None, roles=ROLES, fmt="json"
             ) -> dict[str, int]:
    """Each role's answer; data may be a callable (a fresh upload, a new text per role)."""
    out = {}
    for role in roles:
        payload = data() if callable(data) else data
        kwargs = {} if payload is None else {"data": payload, "format": fmt}
        response = getattr(api(role), method)(url, **kwargs)
        assert response.status_code < 500, (role, response.content)
        if response.status_code >= 400:
            error_of(response)
        out[role] = response.status_code
    return out


def expect(**kwargs) -> dict[str, int]:
    """The answers of every role, named one by one."""
    return {role: kwargs[role] for role in ROLES}
