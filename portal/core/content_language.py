"""The language a piece of user content is written in (one of the six UN languages).

Every free text users write (a recommendation, a response, a progress report, a
comment...) records its language: pages mark it with ``lang`` (WCAG 3.1.2), full-text
search stems it with the matching PostgreSQL configuration, and translations of it are
refused in the language it was written in. Forms preselect the reader's interface
language; the API accepts a code and falls back to the request's language.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DEFAULT = "en"

# PostgreSQL text-search configuration per language. Chinese has no stemmer in
# PostgreSQL: `simple` (whole tokens) plus a trigram match on the text itself.
SEARCH_CONFIGS = {
    "ar": "arabic",
    "zh-hans": "simple",
    "en": "english",
    "fr": "french",
    "ru": "russian",
    "es": "spanish",
}
TRIGRAM_LANGUAGES = ("zh-hans",)
RTL_LANGUAGES = ("ar",)


def choices() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES]


def codes() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def normalize(code: str | None) -> str | None:
    """A configured language code for ``code`` ("zh", "zh-Hans", "ZH_hans", "fr-CA"
    all resolve), or None when it names none of the six."""
    if not code:
        return None
    code = str(code).strip().lower().replace("_", "-")
    if code in codes():
        return code
    if code.startswith("zh"):
        return "zh-hans" if "zh-hans" in codes() else None
    base = code.split("-")[0]
    return base if base in codes() else None


def active() -> str:
    """The interface language in use (the preselected language of new content)."""
    return normalize(translation.get_language()) or DEFAULT


def clean(code: str | None, *, field: str = "language") -> str:
    """A valid content language: ``code`` if it is one of the six, the interface
    language when empty; a field error otherwise."""
    if code is None or str(code).strip() == "":
        return active()
    found = normalize(code)
    if found is None:
        raise ValidationError(
            {
                field: gettext(
                    "“%(code)s” is not one of the portal's languages. Choose one of: %(codes)s."
                )
                % {"code": code, "codes": ", ".join(codes())}
            }
        )
    return found


def name(code: str) -> str:
    return str(dict(choices()).get(code, code))


def direction(code: str) -> str:
    return "rtl" if code in RTL_LANGUAGES else "ltr"


def search_config(code: str) -> str:
    return SEARCH_CONFIGS.get(code, "simple")


class ContentLanguageField(models.CharField):
    """The language a text was written in; existing rows are English."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("language"))
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("default", DEFAULT)
        kwargs.setdefault("choices", choices())
        kwargs.setdefault("help_text", _("The language the text is written in."))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name_, path, args, kwargs = super().deconstruct()
        return name_, "portal.core.content_language.ContentLanguageField", args, kwargs


def form_field(**kwargs):
    """The "language of the text" select of a form, preselected with the interface
    language."""
    kwargs.setdefault("label", _("Language of the text"))
    kwargs.setdefault(
        "help_text", _("The language you write in. Readers can add a translation later.")
    )
    class LanguageChoiceField(forms.ChoiceField):
        def clean(self, value):  # not sent at all (older clients): the interface language
            return super().clean(value or active())

    return LanguageChoiceField(
        choices=choices,
        initial=active,
        error_messages={
            "required": _("Choose the language of the text."),
            "invalid_choice": _(
                "Choose one of the portal's languages (%(value)s is not one of them)."
            ),
        },
        **kwargs,
    )


def reader_language(request) -> str:
    """The language a reader asked for: ``?lang=`` when it names one of the six, else
    the interface language (Accept-Language, cookie or the user's choice)."""
    if request is None:
        return active()
    return normalize(request.GET.get("lang")) or active()
