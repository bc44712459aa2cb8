"""The forms that add a translation of a recommendation's title and text, of a response's
justification, or of a progress report's text."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core import content_language


class TranslationForm(forms.Form):
    language = content_language.form_field(
        label=_("Language of the translation"),
        help_text=_("Another official language than the one the recommendation is written in."),
    )
    title = forms.CharField(
        label=_("Translated title"),
        max_length=200,
        error_messages={"required": _("Enter the translated title.")},
    )
    text = forms.CharField(
        label=_("Translated recommendation"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Enter the translated text.")},
        help_text=_("Plain text or Markdown, like the original."),
    )


class ResponseTranslationForm(forms.Form):
    language = content_language.form_field(
        label=_("Language of the translation"),
        help_text=_("Another official language than the one the response is written in."),
    )
    justification = forms.CharField(
        label=_("Translated justification"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Enter the translated justification.")},
        help_text=_("Plain text or Markdown, like the original."),
    )


class ProgressReportTranslationForm(forms.Form):
    language = content_language.form_field(
        label=_("Language of the translation"),
        help_text=_("Another official language than the one the report is written in."),
    )
    text = forms.CharField(
        label=_("Translated progress report"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter the translated progress report.")},
    )
