"""Recording domain events: the one way every app writes its history, and the one way
to tell it: every kind has a sentence (``event_sentence``), registered by the app that
records it (``event_sentences_register`` in its AppConfig.ready)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.cache import data_generation_bump
from portal.core.models import DomainEvent
from portal.core.read_models import read_models_schedule

logger = logging.getLogger(__name__)

#: kind -> a lazily translated phrase, with %(name)s parameters taken from the event's
#: payload (strings and numbers only), e.g. "Invited %(organization)s to co-sign".
#: Each app (and kernel package) that records events registers its own.
_SENTENCES: dict[str, Any] = {}


class UnknownEventKind(ValueError):
    """An event kind without a sentence: register it with event_sentences_register."""


def event_sentences_register(sentences: Mapping[str, Any]) -> None:
    """Add the sentences of the event kinds an app records (call it from AppConfig.ready)."""
    _SENTENCES.update(sentences)


def event_kinds() -> frozenset[str]:
    """Every event kind that has a sentence."""
    return frozenset(_SENTENCES)


class _Params(dict):
    def __missing__(self, key):  # a sentence never fails on an older event's payload
        return "–"


def event_sentence(event, *, with_actor: bool = True) -> str:
    """One event as a sentence in the active language, e.g. "Progress reported by Amina
    Khan" (without "by …" when ``with_actor`` is false, for a list that names the actor
    apart). Used by every timeline and history."""
    phrase = _SENTENCES.get(event.kind)
    if phrase is None:
        logger.warning("No sentence for the event kind %r", event.kind)
        phrase = _("Recorded change")
    payload = event.payload if isinstance(event.payload, dict) else {}
    params = _Params({k: v for k, v in payload.items()
                      if isinstance(v, str | int | float) and not isinstance(v, bool)})
    what = str(phrase) % params if "%(" in str(phrase) else str(phrase)
    actor = (getattr(event, "actor", None)
             if with_actor and getattr(event, "actor_id", None) else None)
    if actor is None:
        return what
    name = actor.get_full_name() or actor.email
    return gettext("%(what)s by %(actor)s") % {"what": what, "actor": name}


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
    read models (dashboards) are retired by the change, and the stored ones refreshed
    after its commit. A kind must have a sentence;
    with ``DOMAIN_EVENTS_STRICT`` (the tests) an unknown kind is an error."""
    if kind not in _SENTENCES:
        if getattr(settings, "DOMAIN_EVENTS_STRICT", settings.DEBUG):
            raise UnknownEventKind(f"No sentence for the event kind {kind!r}: add it with "
                                   "event_sentences_register.")
        logger.warning("No sentence for the event kind %r", kind)
    data_generation_bump()
    read_models_schedule()
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
