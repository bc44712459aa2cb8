"""Rate limits on the portal's own forms that check a password or a code (closing the
account, creating an API token): as many tries as a failed sign-in gets
(``settings.PASSWORD_ATTEMPTS_RATE``), counted in the cache by allauth's own counter, and
switched off with the rest by ``ACCOUNT_RATE_LIMITS_ENABLED``. allauth's forms (sign-in,
two-factor codes, password and e-mail changes, reauthentication) are limited by allauth
with the same rate (``ACCOUNT_RATE_LIMITS`` in settings)."""

from __future__ import annotations

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RATE_LIMITED = "rate_limited"
TOO_MANY_ATTEMPTS = _("Too many attempts. Wait a few minutes, then try again.")


def _config(action: str) -> dict[str, str] | None:
    if not getattr(settings, "ACCOUNT_RATE_LIMITS_ENABLED", True):
        return None
    return {action: settings.PASSWORD_ATTEMPTS_RATE}


def attempt_allowed(request, *, action: str) -> bool:
    """Count one attempt of the signed-in user at ``action`` (per account and per
    address); False once the limit is reached."""
    config = _config(action)
    if config is None or request is None:
        return True
    return allauth_ratelimit.consume(request, app="portal", action=action, config=config,
                                     limit_get=True) is not None


def attempt_or_error(request, *, action: str) -> None:
    """For a form's clean method: the limit reached is a validation error at the field,
    with the code ``rate_limited`` (see ``status_for``)."""
    if not attempt_allowed(request, action=action):
        raise ValidationError(TOO_MANY_ATTEMPTS, code=RATE_LIMITED)


def attempts_clear(request, *, action: str) -> None:
    """After a success: the counted attempts no longer weigh on the account."""
    config = _config(action)
    if config is not None and request is not None:
        allauth_ratelimit.clear(request, app="portal", action=action, config=config)


def is_rate_limited(form) -> bool:
    return any(error.code == RATE_LIMITED
               for errors in form.errors.as_data().values() for error in errors)


def status_for(form) -> int:
    """The status of a form page answered with errors: 429 when rate limited, else 400."""
    return 429 if is_rate_limited(form) else 400
