"""Recording domain events: the one way every app writes its history."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from portal.core.cache import data_generation_bump
from portal.core.models import DomainEvent


def event_record(
    *,
    kind: str,
    target: models.Model,
    actor: Any = None,
    note: str = "",
    payload: dict | None = None,
    occurred_at=None,
) -> DomainEvent:
    """Add one event. Call it inside the transaction of the change it records. Cached
    read models (dashboards) are retired by the change."""
    data_generation_bump()
    return DomainEvent.objects.create(
        kind=kind,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=target.pk,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
        payload=payload or {},
        occurred_at=occurred_at or timezone.now(),
    )


def events_for(target: models.Model) -> QuerySet[DomainEvent]:
    """The timeline of one object, oldest first, with the actor fetched up front."""
    return DomainEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=target.pk,
    ).select_related("actor")
