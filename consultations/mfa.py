"""Two-factor authentication is required for focal persons, agency contacts and UNODC
staff: until they enroll an authenticator app, they reach only the enrollment pages.

This lives in consultations, not in the kernel, on purpose: whether a user needs
two-factor authentication is a question about their roles (``roles_of``), and roles are
consultations' data. The page gate (middleware), the API gate (``MfaEnrolled``, a default
permission class) and the token pages (``settings.MFA_GATE``) all ask ``mfa_missing``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from consultations.roles import roles_of
from portal.api.exceptions import error_body


def has_totp(user) -> bool:
    cached = getattr(user, "_portal_has_totp", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user,
                                              type=Authenticator.Type.TOTP).exists()
        user._portal_has_totp = cached
    return cached


def mfa_required_but_missing(user) -> bool:
    return bool(user and user.is_authenticated and roles_of(user).requires_mfa
                and not has_totp(user))


class MfaRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def allowed_prefixes(self) -> tuple[str, ...]:
        return (
            reverse("mfa_index"),  # the whole two-factor area: activate, recovery codes
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            reverse("set_language"),
            reverse("javascript-catalog"),
            reverse("health"),
            "/" + settings.STATIC_URL.lstrip("/"),
        )

    def __call__(self, request):
        user = getattr(request, "user", None)
        path = request.path_info
        if (mfa_missing(user)
                and not path.startswith(self.allowed_prefixes)):
            if path.startswith("/api/"):
                # The API's one error shape, as its own check (MfaEnrolled) answers for
                # token clients.
                return JsonResponse(error_body("mfa_required", str(MfaRequired.default_detail)),
                                    status=403)
            target = reverse("mfa_activate_totp")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)


class MfaRequired(exceptions.PermissionDenied):
    default_detail = _("Your role requires two-factor authentication. Activate an "
                       "authenticator app on the portal first.")
    default_code = "mfa_required"


def mfa_missing(user) -> bool:
    """The user's role requires two-factor authentication and they have not enrolled
    (settings.MFA_ENFORCE is off only in tests that are not about it)."""
    return bool(settings.MFA_ENFORCE and mfa_required_but_missing(user))


class MfaEnrolled(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if mfa_missing(request.user):
            raise MfaRequired
        return True
