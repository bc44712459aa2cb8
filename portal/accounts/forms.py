from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.core import ratelimit


class SignupExtraForm(forms.Form):
    """Extra sign-up field (allauth's ACCOUNT_SIGNUP_FORM_CLASS): the person's name."""

    full_name = forms.CharField(label=_("Full name"), max_length=200,
                                help_text=_("As colleagues know you. Shown to members of "
                                            "your organizations and to UNODC staff."))

    def signup(self, request, user) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])


def _timezone_choices():
    return [(z, z) for z in sorted(zoneinfo.available_timezones()) if "/" in z or z == "UTC"]


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Time zone"), choices=_timezone_choices,
                                 help_text=_("Dates and times are shown in this zone."))

    class Meta:
        model = User
        fields = ["full_name", "show_name_publicly", "language", "timezone"]


class CloseAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that it is you."))
    confirm = forms.BooleanField(
        label=_("I understand that my account is closed for good; what I filed stays with "
                "my organization."))

    RATE_LIMIT_ACTION = "close_account"

    def __init__(self, *args, user=None, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        ratelimit.attempt_or_error(self.request, action=self.RATE_LIMIT_ACTION)
        if self.user is None or not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        ratelimit.attempts_clear(self.request, action=self.RATE_LIMIT_ACTION)
        return password

