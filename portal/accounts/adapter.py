"""allauth adapter: where to go after signing in (a pending invitation first)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation

PENDING_INVITATION_KEY = "pending_invitation"


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        """An invitation link opened before signing up waits in the session; after
        sign-up, e-mail verification and login, the user lands back on it."""
        token = request.session.get(PENDING_INVITATION_KEY)
        if token:
            return reverse("organizations:invitation", args=[token])
        return super().get_login_redirect_url(request)

    def save_user(self, request, user, form, commit=True):
        """A new account speaks the language its owner signed up in: e-mails (rendered
        in the recipient's stored language) follow it until they choose another."""
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.language = language
        return super().save_user(request, user, form, commit=commit)
