"""Permissions every API view applies: roles that require two-factor authentication
(focal persons, agency contacts, UNODC staff) must have enrolled an authenticator app,
whether they come with a session or a token. Object permissions are the apps' policies,
called by the views."""

from __future__ import annotations

from rest_framework import permissions

from consultations.mfa import MfaEnrolled

#: for views that need a signed-in user (the default allows anonymous reads)
SIGNED_IN = [MfaEnrolled, permissions.IsAuthenticated]
