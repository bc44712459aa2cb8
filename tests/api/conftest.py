"""Fixtures of the API tests: one user per role around one State (the filing tests'
world), and API clients authenticated with a personal token per role."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from portal.api.tokens import api_token_create
from tests.recommendations.filing_support import fresh, make_world

ROLES = ("anonymous", "member", "coordinator", "other_member", "focal", "other_focal",
         "agency", "staff")


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
