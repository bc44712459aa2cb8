"""Ids as the portal accepts them from outside: in a URL path, in a query string, in a
form. Every primary key is a 64-bit integer (BigAutoField), and so is SQLite's INTEGER;
a larger number cannot name a row and, given to the database, raises OverflowError (a
500). Ids are therefore bounded where they enter: a path with a larger id does not
resolve (404), a field or filter with one is a validation error (400, field named)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import register_converter
from django.urls.converters import get_converters
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**63 - 1
MIN_INTEGER = -(2**63)

OUT_OF_RANGE = _("No record has this id: an id is a whole number from 1 to %(max)s.")


class IdConverter:
    """`<id:pk>`: the digits of an id that fits a primary key; otherwise the path does
    not match (404) instead of reaching the database."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(f"{value} is out of the range of ids")
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def register() -> None:
    """Called once, when the apps are ready (before any URLconf is loaded)."""
    if "id" not in get_converters():
        register_converter(IdConverter, "id")


def parse_id(value) -> int | None:
    """An id given as text (a query-string value), or None when it is not one."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def _beyond_database(value) -> bool:
    """A whole number no integer column holds (the database would raise OverflowError);
    anything else is left to the field's own checks."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False
    return not MIN_INTEGER <= number <= MAX_ID


def _out_of_range() -> ValidationError:
    return ValidationError(OUT_OF_RANGE, code="out_of_range", params={"max": MAX_ID})


def validate_id(value: int) -> None:
    if not 1 <= value <= MAX_ID:
        raise _out_of_range()


class IdField(forms.IntegerField):
    """An id given as a number (compared, not loaded): 1 to MAX_ID."""

    default_validators = [validate_id]


class IdModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose id is checked against the range of ids before any
    query."""

    def to_python(self, value):
        if self.to_field_name is None and value not in self.empty_values and \
                _beyond_database(value):
            raise _out_of_range()
        return super().to_python(value)


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """The same for several ids: `pk__in` with a number beyond 64 bits is an
    OverflowError on SQLite."""

    def _check_values(self, value):
        if self.to_field_name is None and any(_beyond_database(v) for v in value or ()):
            raise _out_of_range()
        return super()._check_values(value)
