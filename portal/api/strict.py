"""Request bodies are read as the contract types them, in every content type.

DRF coerces: a JSON ``"12"`` is taken for the integer 12 and ``12`` for the text "12",
``"yes"``, ``1`` or ``"on"`` for true, and a form cannot say null at all (``null`` is
the text "null", or a 400 for an id). An integrator then learns the types from what the
server happens to accept, and two clients of one field send two different things. Here:

- **JSON**: a value has the JSON type the contract gives its field: an integer (or an
  id) is a JSON number without a fraction, a boolean is ``true`` or ``false``, a text is a
  JSON string, a choice among texts is a string, a list is an array. Anything else is a
  400 naming the field.
  (Fields documented as "a code or an id" take both, as the contract says:
  portal.api.fields.CodeOrIdRelatedField.)
- **Form and multipart bodies**, where every value is text: values are spelled as in
  JSON: ``null`` is null (refused where the field is not nullable), an empty value is
  the empty text (refused where blank is not allowed, and for a number, a date, an id
  or a boolean), a boolean is ``true`` or ``false``
  (``True``/``False`` too, as Python clients write them) and one left out is left out,
  as in JSON (not false, as for an unticked checkbox), an integer or an id is digits
  (with a leading ``-`` where negatives are allowed).
- **Query parameters** (portal.api.fields.QuerySerializer) are text, read like a form's.

``install()`` applies this to DRF's field classes once, when the apps are ready
(portal.api.apps), so that every serializer of every app reads bodies the same way."""

from __future__ import annotations

import re

from rest_framework import fields, relations
from rest_framework.fields import empty
from rest_framework.utils import html

from portal.core.ids import MAX_ID

INTEGER = re.compile(r"-?[0-9]+")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
TEXT_BOOLEANS = {"true": True, "True": True, "false": False, "False": False}
NULL = "null"


def reads_text(field) -> bool:
    """Whether the field's value came as text (a form, multipart or query string)."""
    root = field.root
    return getattr(root, "text_input", False) or html.is_html_input(
        getattr(root, "initial_data", None)
    )


def reads_json(field) -> bool:
    """Whether the field's value came from a parsed JSON body (not a form, not a query
    string, not a serializer given Python values by code)."""
    root = field.root
    data = getattr(root, "initial_data", empty)
    return (
        data is not empty
        and not getattr(root, "text_input", False)
        and not html.is_html_input(data)
    )


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _integer(field, data) -> None:
    if reads_json(field) and not _is_integer(data):
        field.fail("invalid")
    if reads_text(field) and not (isinstance(data, str) and INTEGER.fullmatch(data)):
        field.fail("invalid")


def _number(field, data) -> None:
    if reads_json(field) and (isinstance(data, bool) or not isinstance(data, int | float)):
        field.fail("invalid")
    if reads_text(field) and not (isinstance(data, str) and NUMBER.fullmatch(data)):
        field.fail("invalid")


def _boolean(field, data) -> None:
    if reads_json(field) and not isinstance(data, bool):
        field.fail("invalid")
    if reads_text(field) and not isinstance(data, bool) and data not in TEXT_BOOLEANS:
        field.fail("invalid")


def _text(field, data) -> None:
    if reads_json(field) and not isinstance(data, str):
        field.fail("invalid")


def _choice(field, data) -> None:
    if (
        reads_json(field)
        and not isinstance(data, str)
        and all(isinstance(key, str) for key in field.choices)
    ):
        field.fail("invalid_choice", input=data)


def _primary_key(field, data) -> None:
    """An id: a number (digits in a form) from 1 to MAX_ID, as the contract documents it
    (portal.api.fields.PrimaryKeySchema); beyond that, no object can have it."""
    if reads_json(field):
        number = data if _is_integer(data) else None
    elif reads_text(field):
        number = int(data) if isinstance(data, str) and INTEGER.fullmatch(data) else None
    else:
        return
    if number is None:
        field.fail("incorrect_type", data_type=type(data).__name__)
    if not 1 <= number <= MAX_ID:
        field.fail("does_not_exist", pk_value=data)


def _list(field, data) -> None:
    """DRF takes any iterable for a list of ids or choices: ``{}`` was an empty list."""
    if reads_json(field) and not isinstance(data, list):
        field.fail("not_a_list", input_type=type(data).__name__)


def _checked(cls, check) -> None:
    original = cls.to_internal_value

    def to_internal_value(self, data):
        check(self, data)
        return original(self, data)

    to_internal_value.strict = True
    cls.to_internal_value = to_internal_value


def _is_list(field) -> bool:
    return isinstance(
        field, fields.ListField | fields.MultipleChoiceField | relations.ManyRelatedField
    ) or hasattr(field, "child")


def _null_spelled(cls) -> None:
    """In a form, ``null`` is null (then ``allow_null`` decides, as for JSON), and an
    empty value is the empty text (then ``allow_blank`` decides; for a number, a date, an
    id or a boolean it is refused), not "left out" or null as DRF reads it."""
    original = cls.get_value

    def get_value(self, dictionary):
        if (
            html.is_html_input(dictionary)
            and self.field_name in dictionary
            and dictionary.get(self.field_name) == ""
            and not _is_list(self)
        ):
            return ""
        value = original(self, dictionary)
        if html.is_html_input(dictionary) and (value == NULL or value == [NULL]):
            return None
        return value

    get_value.strict = True
    cls.get_value = get_value


def _text_boolean(cls) -> None:
    """A form's ``true``/``false`` read as the boolean (after the check above)."""
    original = cls.to_internal_value

    def to_internal_value(self, data):
        if isinstance(data, str) and data in TEXT_BOOLEANS and reads_text(self):
            return TEXT_BOOLEANS[data]
        return original(self, data)

    cls.to_internal_value = to_internal_value


def _no_empty_reference(cls) -> None:
    """DRF reads an empty value for an id as null; it is no id (null is ``null``)."""
    original = cls.run_validation

    def run_validation(self, data=empty):
        if data == "" and (reads_json(self) or reads_text(self)):
            return self.to_internal_value(data)  # the field's own error
        return original(self, data)

    cls.run_validation = run_validation


def install() -> None:
    if getattr(fields.Field.get_value, "strict", False):
        return
    # A boolean left out of a form is left out, as in JSON (DRF reads it as an unticked
    # checkbox: false); a required one is then missing (RequiredBooleanField).
    fields.BooleanField.default_empty_html = empty
    _null_spelled(fields.Field)
    _null_spelled(fields.ListField)
    _null_spelled(fields.MultipleChoiceField)
    _null_spelled(relations.ManyRelatedField)
    _text_boolean(fields.BooleanField)
    _checked(fields.BooleanField, _boolean)
    _checked(fields.IntegerField, _integer)
    _checked(fields.FloatField, _number)
    _checked(fields.CharField, _text)
    _checked(fields.ChoiceField, _choice)
    _checked(relations.PrimaryKeyRelatedField, _primary_key)
    _checked(relations.ManyRelatedField, _list)
    _checked(fields.MultipleChoiceField, _list)
    _no_empty_reference(relations.RelatedField)
