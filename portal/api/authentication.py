"""Personal API tokens: ``Authorization: Bearer <token>`` (or ``Token <token>``).

Tokens look like ``untoc_<prefix>_<secret>``; only the SHA-256 hash is stored and
looked up. The last use is written at most once a minute."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from portal.accounts.models import ApiToken

TOKEN_PREFIX = "untoc_"
KEYWORDS = (b"bearer", b"token")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_generate() -> tuple[str, str]:
    """A new token and its display prefix."""
    prefix = secrets.token_hex(4)
    return f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}", prefix


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header: give the token after the keyword, without spaces."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc

        token = (ApiToken.objects.select_related("user")
                 .filter(token_hash=token_hash(raw)).first())
        if token is None or token.revoked_at is not None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        now = timezone.now()
        touch = dt.timedelta(seconds=settings.API_TOKEN_TOUCH_SECONDS)
        if token.last_used_at is None or now - token.last_used_at >= touch:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "portal.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A personal API token from your profile page."}
