"""Filters shared by the API's filter sets."""

from __future__ import annotations

import django_filters as df
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(df.ModelChoiceFilter):
    """A related object given by its id (documented as an integer)."""
