"""The unread count in the header: one query at most per request, cached between
requests (cleared whenever the user's notifications change), and only when a template
actually shows it."""

from __future__ import annotations

from django.core.cache import cache

from portal.notifications.models import Notification
from portal.notifications.services import unread_cache_key

CACHE_SECONDS = 300


def unread_count(user) -> int:
    key = unread_cache_key(user.pk)
    try:
        value = cache.get(key)
    except Exception:
        value = None
    if value is None:
        value = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        try:
            cache.set(key, value, CACHE_SECONDS)
        except Exception:
            pass
    return value


class _LazyCount:
    """Computed on first use in a template, then remembered for the request."""

    def __init__(self, user):
        self.user = user
        self._value: int | None = None

    def __call__(self) -> int:
        if self._value is None:
            self._value = unread_count(self.user)
        return self._value


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": _LazyCount(user)}
