"""Rate limits per signed-in user and per anonymous client, read from
settings.API_THROTTLE_RATES at request time (so tests and deployments can change them),
counted in the default cache (Redis in production).

A rate "n/period" allows n requests in any period (a sliding window). Each client's
count is kept as at most ``BUCKETS`` + 1 pairs (bucket, requests), a bucket being a
sixtieth of the period (a minute of an hour): a request counts until its whole bucket is
a period old, so the limit is never exceeded, and it is at most one bucket stricter than
a log of every request. DRF's own throttle keeps that log, one timestamp per request,
read and written back whole by every request (cached answers included): its cost grew
with the rate and the traffic (thousands of timestamps per request at a high rate);
this one's does not.

Each client is counted by one rate: signed-in users by the user rate (per user), anyone
else by the anonymous rate (per address). The anonymous answers served whole from the
cache are counted too, their count read in the same round trip as the answer
(``stored_key``, ``stored``: portal.core.response_cache).
"""

from __future__ import annotations

import math

from django.conf import settings
from rest_framework.exceptions import Throttled
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from portal.api.headers import record_rate
from portal.core import ratelimit

BUCKETS = 60
_UNREAD = object()


class _SettingsRate:
    scope: str
    # Not DRF's key: the value is a list of (bucket, requests), not of timestamps.
    cache_format = "throttle:%(scope)s:%(ident)s"

    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)

    def _expiry(self, bucket: int) -> float:
        """When the requests of ``bucket`` stop counting: a period after its end."""
        return (bucket + 1) * self.width + self.duration

    def stored_key(self, request) -> str | None:
        """The cache key of this client's count (None: not counted by this rate)."""
        return None if self.rate is None else self.get_cache_key(request, None)

    def allow_request(self, request, view, *, stored=_UNREAD):
        """Counts the request unless the limit is reached; ``stored``: the count as
        already read from the cache (None when absent), else it is read here."""
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        self.width = self.duration / BUCKETS
        current = int(self.now // self.width)
        if stored is _UNREAD:
            stored = self.cache.get(self.key)
        self.buckets = [
            (bucket, count) for bucket, count in stored or () if self._expiry(bucket) > self.now
        ]
        used = sum(count for _bucket, count in self.buckets)
        allowed = used < self.num_requests
        if allowed:
            if self.buckets and self.buckets[-1][0] == current:
                self.buckets[-1] = (current, self.buckets[-1][1] + 1)
            else:
                self.buckets.append((current, 1))
            used += 1
            self.cache.set(self.key, self.buckets, math.ceil(self._expiry(current) - self.now))
        oldest = self.buckets[0][0] if self.buckets else current
        record_rate(
            request,
            limit=self.num_requests,
            remaining=self.num_requests - used,
            reset=math.ceil(self._expiry(oldest) - self.now),
        )
        return allowed

    def wait(self):
        """Seconds until enough of the counted requests expire for one more."""
        excess = sum(count for _bucket, count in self.buckets) - self.num_requests + 1
        for bucket, count in self.buckets:
            excess -= count
            if excess <= 0:
                return max(0.0, self._expiry(bucket) - self.now)
        return None


class UserThrottle(_SettingsRate, UserRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # the anonymous rate counts them
        return self.cache_format % {"scope": self.scope, "ident": user.pk}


class AnonThrottle(_SettingsRate, AnonRateThrottle):
    scope = "anon"


def attempt_or_throttled(request, *, action: str) -> None:
    """The API's side of portal.core.ratelimit (operations that check a code): one
    attempt counted, and once the limit is reached a 429 with the same message."""
    if not ratelimit.attempt_allowed(request, action=action):
        raise Throttled(detail=str(ratelimit.TOO_MANY_ATTEMPTS))
