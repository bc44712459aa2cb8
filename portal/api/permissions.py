"""Permissions every API view applies: roles that require two-factor authentication
(focal persons, agency contacts, UNODC staff) must have enrolled an authenticator app,
whether they come with a session or a token. Object permissions are the apps' policies,
called by the views."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions


class MfaRequired(exceptions.PermissionDenied):
    default_detail = _("Your role requires two-factor authentication. Activate an "
                       "authenticator app on the portal first.")
    default_code = "mfa_required"


def mfa_missing(user) -> bool:
    """The user's role requires two-factor authentication and they have not enrolled
    (settings.MFA_ENFORCE is off only in tests that are not about it)."""
    from django.conf import settings

    from consultations.middleware import mfa_required_but_missing

    return settings.MFA_ENFORCE and mfa_required_but_missing(user)


class MfaEnrolled(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if mfa_missing(request.user):
            raise MfaRequired
        return True


#: for views that need a signed-in user (the default allows anonymous reads)
SIGNED_IN = [MfaEnrolled, permissions.IsAuthenticated]
