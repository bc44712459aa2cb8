"""Thin Celery tasks of the portal core."""

from celery import shared_task

from portal.core.read_models import read_models_refresh
from portal.core.services import heartbeat_touch


@shared_task(name="portal.core.tasks.heartbeat")
def heartbeat() -> str:
    """Sent by beat every minute: proves beat, broker and worker work together."""
    return heartbeat_touch(name="worker").last_seen.isoformat()


@shared_task(name="portal.core.tasks.ping", ignore_result=False)
def ping(value: str = "pong") -> str:
    """A round trip through the broker and the result backend (the worker's integration
    test sends it)."""
    return value


@shared_task(name="portal.core.tasks.refresh_read_models")
def refresh_read_models() -> int:
    """After changes (debounced) and from beat: computes the stale read models again."""
    return read_models_refresh()
