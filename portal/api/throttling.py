"""Rate limits per signed-in user and per anonymous client, read from
settings.API_THROTTLE_RATES at request time (so tests and deployments can change them),
counted in the default cache (Redis in production)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.exceptions import Throttled
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from portal.api.headers import record_rate
from portal.core import ratelimit


class _SettingsRate:
    scope: str

    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if self.rate is not None and getattr(self, "key", None) is not None:
            oldest = self.history[-1] if self.history else self.now
            record_rate(request, limit=self.num_requests,
                        remaining=self.num_requests - len(self.history),
                        reset=int(self.duration - (self.now - oldest)) + 1)
        return allowed


class UserThrottle(_SettingsRate, UserRateThrottle):
    scope = "user"


class AnonThrottle(_SettingsRate, AnonRateThrottle):
    scope = "anon"


def attempt_or_throttled(request, *, action: str) -> None:
    """The API's side of portal.core.ratelimit (operations that check a code): one
    attempt counted, and once the limit is reached a 429 with the same message."""
    if not ratelimit.attempt_allowed(request, action=action):
        raise Throttled(detail=str(ratelimit.TOO_MANY_ATTEMPTS))
