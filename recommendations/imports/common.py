"""What the spreadsheet imports of this app share: choices named in every language."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from consultations.models import Instrument
from recommendations.models import Recommendation

S = Recommendation.Status


def choice_names(choice) -> list[str]:
    """A choice's value and its label in each language."""
    names = [choice.value]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.append(str(choice.label))
    return names


def instrument_names(i: Instrument) -> list[str]:
    return [*i.translated_all("short_title"), i.code, *i.translated_all("title")]


def accepted_instruments() -> list[str]:
    return [f"{i.short_title} ({i.code})" for i in Instrument.objects.all()]
