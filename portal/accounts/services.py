"""Personal data: export what the portal holds about a user (closing an account is
consultations.services.accounts: it ends memberships and official roles)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

# Never exported: credentials, secrets, one-time keys.
SECRET_FIELDS = {"password", "token", "key", "data", "secret", "session_key", "code"}
USER_FIELDS = ["email", "full_name", "language", "timezone", "is_unodc_staff", "date_joined",
               "last_login", "is_active"]


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return str(value)


def personal_data_export(*, user) -> dict[str, Any]:
    """Everything that references the user, model by model (one query per model that
    has a foreign key to users), without credentials or secrets."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": {f: _plain(getattr(user, f)) for f in USER_FIELDS},
        "records": {},
    }
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        if model is user_model:
            continue
        user_fks = [f for f in model._meta.concrete_fields
                    if isinstance(f, models.ForeignKey) and f.related_model is user_model]
        if not user_fks:
            continue
        query = models.Q()
        for f in user_fks:
            query |= models.Q(**{f.name: user})
        fields = [f for f in model._meta.concrete_fields if f.name not in SECRET_FIELDS]
        names = [f.attname for f in fields]
        rows = list(model._default_manager.filter(query).values(*names))
        if rows:
            label = f"{model._meta.app_label}.{model._meta.model_name}"
            data["records"][label] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    return data
