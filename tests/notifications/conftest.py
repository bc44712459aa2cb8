import pytest

from portal.notifications import tasks


@pytest.fixture(autouse=True)
def enqueued(monkeypatch):
    """Unit tests publish nothing: the ids that would go to the broker are recorded."""
    sent: list[int] = []
    monkeypatch.setattr(tasks.deliver_notifications, "delay", lambda ids: sent.extend(ids))
    return sent


@pytest.fixture(autouse=True)
def _local_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "notifications-tests"}}
    from django.core.cache import cache

    cache.clear()
