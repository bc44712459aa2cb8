"""Filters shared by the API's filter sets. Every filter that takes an id is bounded to
the ids a primary key can hold (portal.core.ids): a larger number is a 400 naming the
parameter, never an OverflowError from the database."""

from __future__ import annotations

import django_filters as df
from drf_spectacular.utils import extend_schema_field

from portal.core.ids import MAX_ID, IdField, IdModelChoiceField

ID_SCHEMA = {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID}


@extend_schema_field(ID_SCHEMA)
class IdFilter(df.ModelChoiceFilter):
    """A related object given by its id (documented as an integer)."""

    field_class = IdModelChoiceField


@extend_schema_field(ID_SCHEMA)
class IdNumberFilter(df.NumberFilter):
    """An id compared as a number (e.g. `pilot_id`), without loading the object."""

    field_class = IdField

    def get_max_validator(self):
        return None  # IdField has its own bounds
