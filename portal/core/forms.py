"""Helpers shared by the apps' form views."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelChoiceField, ModelChoiceIterator

from portal.core.ordering import collation_key

T = TypeVar("T")

#: A web address typed without its scheme ("www.example.org") is read as https, in the
#: portal's model forms and in the admin (``formfield_overrides``).
HTTPS_BY_DEFAULT = {models.URLField: {"assume_scheme": "https"}}


def https_by_default(field, **kwargs):
    """``Meta.formfield_callback`` of a model form: its web addresses default to https."""
    return field.formfield(**{**HTTPS_BY_DEFAULT.get(type(field), {}), **kwargs})


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: each error next to the field it
    names, and errors about fields the form does not have (or about no field) at the
    top, where the error summary lists them."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def form_service(form, service: Callable[[], T]) -> tuple[bool, T | None]:
    """The form views' one shape: when the form is valid, call the service; a
    ValidationError it raises goes on the form. Returns (done, the service's result);
    a view answers 400 with the form when not done after a POST."""
    if not form.is_valid():
        return False, None
    try:
        return True, service()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False, None


class LabelSortedIterator(ModelChoiceIterator):
    """Choices in the order of their labels as the reader sees them: States sorted by
    their name in the page's language, not by the English name the query orders by."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset if self.queryset._prefetch_related_lookups else \
            self.queryset.iterator()
        choices = [self.choice(obj) for obj in queryset]
        yield from sorted(choices, key=lambda choice: collation_key(choice[1]))


class LabelSortedChoiceField(ModelChoiceField):
    """A ModelChoiceField whose options are sorted by their (translated) labels."""

    iterator = LabelSortedIterator
