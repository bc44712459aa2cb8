"""Serializer fields of the API kernel."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty


class RequiredBooleanField(serializers.BooleanField):
    """A boolean that decides something (approve, accept…): required in every content
    type. DRF's BooleanField reads a missing key of a form-encoded or multipart body as
    False, so a form without the decision would be taken as a refusal."""

    default_empty_html = empty


class QuerySerializer(serializers.Serializer):
    """Validates query parameters strictly, like the filter backend of the lists: an
    empty value is a value (DRF reads an empty form value as "not given" and applies the
    default), and a boolean is `true` or `false`, nothing else."""

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
        return super().to_internal_value(data)
