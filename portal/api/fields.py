"""Serializer fields of the API kernel."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.fields import empty


class RequiredBooleanField(serializers.BooleanField):
    """A boolean that decides something (approve, accept…): required in every content
    type. DRF's BooleanField reads a missing key of a form-encoded or multipart body as
    False, so a form without the decision would be taken as a refusal."""

    default_empty_html = empty
