"""Permissions every API view applies: roles that require two-factor authentication
(focal persons, agency contacts, UNODC staff) must have enrolled an authenticator app,
whether they come with a session or a token. That gate belongs to the app that owns
roles (consultations.mfa.MfaEnrolled, first of REST_FRAMEWORK's default permission
classes); the kernel applies it without importing it. Object permissions are the apps'
policies, called by the views."""

from __future__ import annotations

from rest_framework import permissions
from rest_framework.settings import api_settings


class DefaultPermissions(permissions.BasePermission):
    """The project's default permission classes (the two-factor gate among them), for
    views that set a list of their own."""

    def has_permission(self, request, view) -> bool:
        return all(permission().has_permission(request, view)
                   for permission in api_settings.DEFAULT_PERMISSION_CLASSES)


#: for views that need a signed-in user (the default allows anonymous reads)
SIGNED_IN = [DefaultPermissions, permissions.IsAuthenticated]
