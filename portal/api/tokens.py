"""Writes on personal API tokens: create (shown once), revoke."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from portal.accounts.events import api_token_created_event, api_token_revoked_event
from portal.accounts.models import ApiToken
from portal.api.authentication import token_generate, token_hash
from portal.core.errors import StateConflict

MAX_ACTIVE_TOKENS = 20


def can_create_api_token(user) -> bool:
    """Signed-in users; those whose role requires two-factor authentication only once
    they have enrolled an authenticator app."""
    mfa_missing = import_string(settings.MFA_GATE)
    return bool(user and user.is_authenticated and not mfa_missing(user))


def api_tokens_of(user):
    """Active tokens first (revoked_at is NULL: first on every database), newest first."""
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id")


def api_token_create(*, actor, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor. Returns the row and the token itself, which is never
    stored and cannot be shown again."""
    if not can_create_api_token(actor):
        raise PermissionDenied(_("Activate two-factor authentication before creating "
                                 "API tokens."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. what it is for.")})
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(user=actor,
                                                            revoked_at__isnull=True)
        if active.count() >= MAX_ACTIVE_TOKENS:
            raise StateConflict({"name": _("You have %(n)s active tokens: revoke one "
                                             "first.") % {"n": MAX_ACTIVE_TOKENS}})
        raw, prefix = token_generate()
        token = ApiToken.objects.create(user=actor, name=name[:100], prefix=prefix,
                                        token_hash=token_hash(raw))
        api_token_created_event(token=token, actor=actor)
    return token, raw


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.user_id != actor.pk:
            raise PermissionDenied
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            api_token_revoked_event(token=token, actor=actor)
    return token


def can_revoke_any_api_token(user) -> bool:
    """UNODC staff (and superusers) revoke other people's tokens from the admin."""
    return bool(user and user.is_authenticated and user.is_active
                and (getattr(user, "is_unodc_staff", False) or user.is_superuser))


def api_token_revoke_as_staff(*, actor, token: ApiToken) -> ApiToken:
    """Revoke somebody's token (a leaked or abused one). Already revoked: unchanged."""
    if not can_revoke_any_api_token(actor):
        raise PermissionDenied
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            api_token_revoked_event(token=token, actor=actor, by_staff=True)
    return token
