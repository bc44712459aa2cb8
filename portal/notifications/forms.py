from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.notifications.models import Category, Channel, Mode, Notification

EMAIL_CHOICES = [(Mode.IMMEDIATE, _("Straight away")), (Mode.DIGEST, _("In a daily digest")),
                 (Mode.OFF, _("Off"))]
INBOX_CHOICES = [(Mode.IMMEDIATE, _("Show in my inbox")),
                 (Mode.OFF, _("File as read"))]


def field_name(category: str, channel: str) -> str:
    return f"{category}__{channel}"


class PreferencesForm(forms.Form):
    """Two choices per category: e-mail (now, digest, off) and inbox (show, file as read)."""

    def __init__(self, *args, current: dict[str, dict[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for category, label in Category.choices:
            self.fields[field_name(category, Channel.EMAIL)] = forms.ChoiceField(
                label=_("%(category)s: e-mail") % {"category": label}, choices=EMAIL_CHOICES,
                initial=current[category][Channel.EMAIL],
                help_text=_("Overdue reminders are always sent straight away, never held "
                            "for the digest.") if category == Category.REMINDER else "")
            self.fields[field_name(category, Channel.IN_APP)] = forms.ChoiceField(
                label=_("%(category)s: portal inbox") % {"category": label},
                choices=INBOX_CHOICES, initial=current[category][Channel.IN_APP])

    def groups(self):
        """(category label, e-mail field, inbox field) for the template."""
        return [(label, self[field_name(c, Channel.EMAIL)], self[field_name(c, Channel.IN_APP)])
                for c, label in Category.choices]

    def choices(self) -> dict[tuple[str, str], str]:
        return {(c, ch): self.cleaned_data[field_name(c, ch)]
                for c in Category.values for ch in Channel.values}


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("E-mail status"), required=False,
                               choices=[("", _("Any"))] + Notification.EmailStatus.choices)
    q = forms.CharField(label=_("Recipient or kind"), required=False, max_length=100)
    twice = forms.BooleanField(label=_("Only e-mails possibly sent twice"), required=False)
