"""Rate limits per signed-in user and per anonymous client, read from
settings.API_THROTTLE_RATES at request time (so tests and deployments can change them),
counted in the default cache (Redis in production)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.exceptions import Throttled
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from portal.core import ratelimit


class _SettingsRate:
    scope: str

    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class UserThrottle(_SettingsRate, UserRateThrottle):
    scope = "user"


class AnonThrottle(_SettingsRate, AnonRateThrottle):
    scope = "anon"


def attempt_or_throttled(request, *, action: str) -> None:
    """The API's side of portal.core.ratelimit (operations that check a code): one
    attempt counted, and once the limit is reached a 429 with the same message."""
    if not ratelimit.attempt_allowed(request, action=action):
        raise Throttled(detail=str(ratelimit.TOO_MANY_ATTEMPTS))
