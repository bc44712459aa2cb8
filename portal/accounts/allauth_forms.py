"""allauth's password forms with plain-text password advice (kept apart from forms.py,
which allauth's sign-up form itself imports)."""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from django.contrib.auth.password_validation import password_validators_help_texts


class PlainPasswordHelpMixin:
    """Django's password help is an HTML list; the portal's field include shows hints in
    a <span>, so give the same advice as one sentence."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("password1")
        if field is not None:
            field.help_text = " ".join(str(t) for t in password_validators_help_texts())


class SignupForm(PlainPasswordHelpMixin, allauth_forms.SignupForm):
    pass


class ChangePasswordForm(PlainPasswordHelpMixin, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(PlainPasswordHelpMixin, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordKeyForm(PlainPasswordHelpMixin, allauth_forms.ResetPasswordKeyForm):
    pass
