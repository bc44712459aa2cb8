"""Personal data: export what the portal holds about a user (closing an account is
consultations.services.accounts: it ends memberships and official roles)."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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


def profile_update(*, actor, full_name: str, language: str, timezone_name: str):
    """The user's own name, language and time zone (the profile page, the API)."""
    errors = {}
    full_name = (full_name or "").strip()
    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose one of the portal's languages.")
    if timezone_name not in zoneinfo.available_timezones():
        errors["timezone"] = _("Choose a time zone from the list, e.g. Europe/Vienna.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = apps.get_model(settings.AUTH_USER_MODEL).objects.select_for_update().get(
            pk=actor.pk)
        user.full_name, user.language, user.timezone = full_name[:200], language, timezone_name
        user.save(update_fields=["full_name", "language", "timezone"])
    return user
