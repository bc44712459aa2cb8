"""Personal data: export what the portal holds about a user, and close an account.

portal.accounts sits below consultations in the dependency order, so consultations'
pieces (memberships, the last-coordinator rule) are imported inside the functions.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.events import event_record

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


def account_close(*, actor) -> None:
    """Deactivate and anonymize the account. What the user filed stays with their
    organization; their memberships, official roles, authenticators, e-mail addresses
    and notifications go. Refused while they are an organization's last coordinator."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from consultations.models import JoinRequest, Membership, OfficialAssignment
    from consultations.roles import roles_forget
    from portal.notifications.models import Notification

    with transaction.atomic():
        user = apps.get_model(settings.AUTH_USER_MODEL).objects.select_for_update().get(
            pk=actor.pk)
        coordinated = list(Membership.objects.filter(
            user=user, role=Membership.Role.COORDINATOR).select_related("organization"))
        blocking = []
        for membership in coordinated:
            org = membership.organization
            others = Membership.objects.filter(organization=org).exclude(user=user)
            if (others.exists()
                    and not others.filter(role=Membership.Role.COORDINATOR).exists()):
                blocking.append(org.name)
        if blocking:
            raise ValidationError(_(
                "You are the last coordinator of %(names)s. Name another coordinator "
                "first, so that the organization is not left without one.") % {
                "names": ", ".join(blocking)})
        event_record(kind="account.closed", target=user, actor=user)
        Membership.objects.filter(user=user).delete()
        OfficialAssignment.objects.filter(user=user).delete()
        JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING).delete()
        Authenticator.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        Notification.objects.filter(recipient=user).delete()
        user.email = f"closed-{user.pk}-{secrets.token_hex(6)}@closed.invalid"
        user.full_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.is_unodc_staff = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        roles_forget(actor)


def profile_update(*, actor, full_name: str, language: str, timezone_name: str):
    """The user's own name, language and time zone (the profile page, the API)."""
    import zoneinfo

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
