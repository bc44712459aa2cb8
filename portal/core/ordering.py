"""Orderings that sort the same on every database. PostgreSQL puts NULLs last when
ascending and first when descending, SQLite first when ascending: an ordering on a
nullable column states where the empty values go (last, in either direction)."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, OrderBy


def _nullable(model, path: str) -> bool:
    """Whether the field a lookup path ("party__name") reaches can be NULL, through a
    nullable relation on the way too. Unknown names (annotations, "pk") count as not
    nullable: they are left as they are."""
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if field.null:
            return True
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


def nulls_last(model, fields) -> list[str | OrderBy]:
    """order_by() arguments: each nullable field with its NULLs last, the others as
    given (so that an index on a NOT NULL column keeps serving the ordering)."""
    ordering: list[str | OrderBy] = []
    for name in fields:
        if not isinstance(name, str) or not _nullable(model, name.lstrip("-")):
            ordering.append(name)
        elif name.startswith("-"):
            ordering.append(F(name[1:]).desc(nulls_last=True))
        else:
            ordering.append(F(name).asc(nulls_last=True))
    return ordering
