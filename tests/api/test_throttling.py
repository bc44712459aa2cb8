"""The API's rate limits (portal.api.throttling): n requests in any period, counted in a
few buckets whose number does not grow with the rate or the traffic, each client by one
rate."""

from __future__ import annotations

import pickle

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.test import APIClient

from portal.api.throttling import BUCKETS, AnonThrottle, UserThrottle
from tests.factories import UserFactory


class _Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


def _request(user=None):
    request = RequestFactory().get("/api/v1/instruments/", REMOTE_ADDR="203.0.113.7")
    request.user = user or AnonymousUser()
    return request


def _throttle(cls, clock: _Clock):
    throttle = cls()
    throttle.timer = clock
    return throttle


def test_requests_count_for_a_whole_period_then_free_their_place(settings):
    settings.API_THROTTLE_RATES = {"user": "10/minute", "anon": "2/minute"}
    cache.clear()
    clock = _Clock(1_000.2)
    request = _request()
    assert _throttle(AnonThrottle, clock).allow_request(request, None)
    clock.now += 30
    assert _throttle(AnonThrottle, clock).allow_request(request, None)
    refused = _throttle(AnonThrottle, clock)
    assert not refused.allow_request(request, None)
    # the first request frees its place a minute after its bucket (one second) ended
    assert 30 < refused.wait() <= 31
    clock.now = 1_000.2 + 60  # a minute after the first: never sooner than the period
    assert not _throttle(AnonThrottle, clock).allow_request(request, None)
    clock.now = 1_000.2 + 61  # and at most one bucket later
    assert _throttle(AnonThrottle, clock).allow_request(request, None)
    assert not _throttle(AnonThrottle, clock).allow_request(request, None)
    cache.clear()


def test_the_count_stays_small_whatever_the_rate_and_the_traffic(settings):
    settings.API_THROTTLE_RATES = {"user": "100000000/hour", "anon": "100000000/hour"}
    cache.clear()
    clock = _Clock(50_000.0)
    request = _request()
    for _ in range(3_000):  # three thousand requests over two periods
        assert _throttle(AnonThrottle, clock).allow_request(request, None)
        clock.now += 2.4
    stored = cache.get(AnonThrottle().stored_key(request))
    assert len(stored) <= BUCKETS + 1
    assert sum(count for _bucket, count in stored) <= 1_600  # the last hour's only
    assert len(pickle.dumps(stored)) < 2_000  # a timestamp each: some 14 kB
    cache.clear()


def test_each_client_is_counted_by_one_rate(settings):
    settings.API_THROTTLE_RATES = {"user": "3/minute", "anon": "2/minute"}
    anonymous, member = _request(), _request(UserFactory.build(id=42))
    assert UserThrottle().stored_key(anonymous) is None
    assert AnonThrottle().stored_key(anonymous)
    assert AnonThrottle().stored_key(member) is None
    assert UserThrottle().stored_key(member).endswith(":42")


@pytest.mark.django_db
def test_a_refusal_says_when_to_retry(settings):
    settings.API_THROTTLE_RATES = {"user": "100/minute", "anon": "1/minute"}
    cache.clear()
    client = APIClient()
    assert client.get("/api/v1/instruments/").status_code == 200
    refused = client.get("/api/v1/instruments/")
    assert refused.status_code == 429
    assert 59 <= int(refused["Retry-After"]) <= 62
    assert refused["RateLimit-Remaining"] == "0"
    cache.clear()
