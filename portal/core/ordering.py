"""Orderings that sort the same on every database. PostgreSQL puts NULLs last when
ascending and first when descending, SQLite first when ascending: an ordering on a
nullable column states where the empty values go (last, in either direction)."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Index, OrderBy


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


class NullsLastIndex(Index):
    """An index in an order that puts NULLs last (``F(...).desc(nulls_last=True)``, as
    ``nulls_last`` writes it), so that PostgreSQL reads a page in that order from the
    index. SQLite accepts no NULLS LAST in an index; its descending order puts NULLs
    last anyway (they sort first ascending), so there the modifier is left out of
    descending columns."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "sqlite":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        index = self.clone()
        index.expressions = tuple(
            OrderBy(e.expression, descending=True)
            if isinstance(e, OrderBy) and e.descending and e.nulls_last
            else e
            for e in self.expressions
        )
        return Index.create_sql(index, model, schema_editor, using=using, **kwargs)
