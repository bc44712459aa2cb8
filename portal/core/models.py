from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DomainEvent(models.Model):
    """Something that happened to an object: the timeline, the audit trail and the
    notifications all read from these rows. Rows are only ever added."""

    kind = models.CharField(_("what happened"), max_length=60)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    note = models.TextField(_("note"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "occurred_at"]),
            models.Index(fields=["kind", "occurred_at"]),
        ]
        verbose_name = _("domain event")
        verbose_name_plural = _("domain events")

    def __str__(self) -> str:
        return f"{self.kind} #{self.target_id} at {self.occurred_at:%Y-%m-%d %H:%M}"


class Heartbeat(models.Model):
    """Last time a periodic process proved it is alive (beat -> broker -> worker)."""

    name = models.CharField(max_length=60, unique=True)
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name}: {self.last_seen}"


class IdempotencyKey(models.Model):
    """A one-time token of a create request (a web form's hidden field, the API's
    ``Idempotency-Key`` header): the first request with it creates, a repeat returns
    what the first one created (see portal.core.idempotency)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    key = models.CharField(max_length=100)
    scope = models.CharField(max_length=200, help_text="The request it was used for.")
    content_type = models.ForeignKey(ContentType, null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_object = GenericForeignKey("content_type", "object_id")
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"],
                                               name="idempotency_key_unique")]
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")

    def __str__(self) -> str:
        return f"{self.key} ({self.scope})"


class CacheFallbackEntry(models.Model):
    """The table of the database cache that keeps the sign-in rate limits counting while
    Redis is unreachable (portal.core.resilient_cache): the layout Django's
    DatabaseCache reads and writes."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "portal_cache_fallback"
        verbose_name = _("fallback cache entry")
        verbose_name_plural = _("fallback cache entries")

    def __str__(self) -> str:
        return self.cache_key


class ReadModel(models.Model):
    """The last computed value of a read model (a dashboard, the scorecard): what a
    request reads, never computing it (portal.core.read_models). ``generation`` and
    ``day`` say what it was computed for; a change since (a domain event bumps the data
    generation) or a new day makes it stale, and a task computes it again."""

    key = models.CharField(max_length=200, unique=True)
    value = models.JSONField(encoder=DjangoJSONEncoder)
    generation = models.BigIntegerField()
    day = models.DateField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("read model")
        verbose_name_plural = _("read models")

    def __str__(self) -> str:
        return f"{self.key} as of {self.computed_at:%Y-%m-%d %H:%M:%S}"
