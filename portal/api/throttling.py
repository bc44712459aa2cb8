"""Rate limits per signed-in user and per anonymous client, read from
settings.API_THROTTLE_RATES at request time (so tests and deployments can change them),
counted in the default cache (Redis in production)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _SettingsRate:
    scope: str

    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class UserThrottle(_SettingsRate, UserRateThrottle):
    scope = "user"


class AnonThrottle(_SettingsRate, AnonRateThrottle):
    scope = "anon"
