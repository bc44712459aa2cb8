"""When a row last changed: the basis of the API's ETag / If-Match (optimistic
concurrency) for resources without a version number of their own."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeTracked(models.Model):
    """`updated_at`, set on every save, also a save limited to some fields (Django's
    auto_now alone skips a save(update_fields=[...]) that does not name it)."""

    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)
