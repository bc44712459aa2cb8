from __future__ import annotations

from django.utils import timezone

from portal.core.models import Heartbeat


def heartbeat_touch(*, name: str) -> Heartbeat:
    beat, _ = Heartbeat.objects.update_or_create(name=name,
                                                 defaults={"last_seen": timezone.now()})
    return beat
