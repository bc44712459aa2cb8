"""Serializer fields of the API kernel."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.fields import empty

from portal.api.filters import (
    CODE_EXAMPLES,
    ID_SCHEMA,
    INTEGER,
    NATURAL_KEYS,
    code_pattern,
    find_by_code,
)
from portal.core.ids import validate_id


class RequiredBooleanField(serializers.BooleanField):
    """A boolean that decides something (approve, accept…): required in every content
    type. DRF's BooleanField reads a missing key of a form-encoded or multipart body as
    False, so a form without the decision would be taken as a refusal."""

    default_empty_html = empty


class QuerySerializer(serializers.Serializer):
    """Validates query parameters strictly, like the filter backend of the lists: an
    empty value is a value (DRF reads an empty form value as "not given" and applies the
    default), and a boolean is `true` or `false`, nothing else. A well-formed code or id
    (CodeOrIdRelatedField) that names nothing is a 404 when nothing else is wrong. Values
    are text, read like a form's (portal.api.strict)."""

    text_input = True

    def __init__(self, instance=None, data=empty, **kwargs):
        if hasattr(data, "getlist"):  # a QueryDict: one value per parameter
            data = {key: data.get(key) for key in data}
        super().__init__(instance, data, **kwargs)

    def to_internal_value(self, data):
        errors = {
            name: [_("Give true or false.")]
            for name, field in self.fields.items()
            if isinstance(field, serializers.BooleanField) and name in data
            and data[name] not in {"true", "false", True, False}
        }
        if errors:
            raise serializers.ValidationError(errors)
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            failing = [self.fields[name] for name in exc.detail if name in self.fields]
            if failing and all(getattr(field, "named_nothing", False) for field in failing):
                raise NotFound(" ".join(str(m) for name in exc.detail
                                        for m in exc.detail[name])) from exc
            raise


class CodeOrIdRelatedField(serializers.RelatedField):
    """Reference data with a stable code (portal.api.filters.NATURAL_KEYS: a State party
    by its ISO3 code, an instrument by its code, a theme by its slug, an SDG target by its
    number) in a request body: given by its code, or by its id as before, or as the
    object a response shows (its code, else its id, is read); shown by its code. A code or
    id that names nothing is a 400 naming the field."""

    default_error_messages = {
        "does_not_exist": _("Nothing has this code or id: {value}."),
        "invalid": _("Give a code (e.g. {example}) or an id."),
    }

    def __init__(self, *, query: bool = False, **kwargs):
        """``query``: a query parameter (of a QuerySerializer) that chooses what the
        answer is about (the State of a dashboard or an export): the code or id, as text;
        when nothing has it and nothing else is wrong, the answer is a 404."""
        self.query = query
        super().__init__(**kwargs)
        model = self.queryset.model
        self.natural = NATURAL_KEYS[model._meta.label_lower]
        self.example = CODE_EXAMPLES[model._meta.label_lower]

    def to_internal_value(self, data):
        if isinstance(data, dict):  # the object as a response shows it: {"id", "iso3", …}
            data = data.get(self.natural[0], data.get("id"))
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid", example=self.example)
        text = str(data).strip()
        try:
            if INTEGER.fullmatch(text):
                number = int(text)
                validate_id(number)
                found = self.get_queryset().filter(pk=number).first()
            else:
                found = find_by_code(self.get_queryset(), self.natural, text)
        except DjangoValidationError as exc:
            if exc.code == "no_match":
                self._nothing(text)
            if exc.code == "out_of_range":
                raise serializers.ValidationError(exc.messages) from exc
            self.fail("invalid", example=self.example)
        if found is None:
            self._nothing(text)
        return found

    def _nothing(self, text: str):
        self.named_nothing = True  # a query serializer makes it a 404 (QuerySerializer)
        self.fail("does_not_exist", value=text)

    def to_representation(self, value):
        return getattr(value, self.natural[0])


class CodeOrIdFieldSchema(OpenApiSerializerFieldExtension):
    """The contract of CodeOrIdRelatedField: a code or an id in requests, the code in
    responses."""

    target_class = CodeOrIdRelatedField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        code = {"type": "string", "pattern": f"^{field.natural[2]}$", "example": field.example,
                "description": f"Its {field.natural[0]}, e.g. {field.example}."}
        if direction == "response":
            return code
        if field.query:
            return {**code, "pattern": code_pattern(field.natural),
                    "description": f"Its {field.natural[0]} (e.g. {field.example}) or its id."}
        # The object a JSON response shows is accepted too, but not documented as a type:
        # form and multipart bodies cannot carry it.
        return {"oneOf": [
            {**code, "pattern": code_pattern(field.natural),
             "description": f"Its {field.natural[0]} (e.g. {field.example}) or its id as "
                            "text."},
            {**ID_SCHEMA, "description": "Its id (accepted for compatibility)."},
        ]}


class PrimaryKeySchema(OpenApiSerializerFieldExtension):
    """An object given by its id (DRF's PrimaryKeyRelatedField) is documented as an id:
    1 to MAX_ID, as it is read (portal.api.strict)."""

    target_class = "rest_framework.relations.PrimaryKeyRelatedField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction,
                                                   bypass_extensions=True)
        return {**schema, **ID_SCHEMA} if schema.get("type") == "integer" else schema


class TimeZoneField(serializers.ChoiceField):
    """An IANA time zone, one of those the server knows (listed in the contract)."""

    def __init__(self, **kwargs):
        super().__init__(choices=sorted(zoneinfo.available_timezones()), **kwargs)
