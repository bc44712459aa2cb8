"""Orderings that sort the same on every database. PostgreSQL puts NULLs last when
ascending and first when descending, SQLite first when ascending: an ordering on a
nullable column states where the empty values go (last, in either direction).

Names in the reader's language (States from CLDR, reference data from its
``translations``) are not in a database column: the small lists (198 States, a few
instruments) are sorted in Python with ``collation_key`` and handed to the database as an
explicit order (``in_order_of``), so querysets, pagination and exports of any size keep
sorting in the database. Without ICU (PyICU is not installed) ``collation_key`` is a
Unicode approximation: accents and case aside, "Égypte" sorts with the E's and
"Ёмкость" with the Е's; Chinese sorts by code point (no pinyin order), and Spanish "ñ"
sorts with "n". Lists of names nobody translates (organizations, people) keep the
database's own ordering.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, F, Index, IntegerField, OrderBy, Value, When

T = TypeVar("T")


def collation_key(label: str) -> str:
    # Accents aside, case aside: "Égypte" between "Équateur"'s neighbours, not after "Z".
    return "".join(c for c in unicodedata.normalize("NFKD", str(label))
                   if not unicodedata.combining(c)).casefold()


def sorted_by_label(items: Iterable[T], label: Callable[[T], str], *,
                    reverse: bool = False) -> list[T]:
    """Items in the order of their labels as the reader sees them (ties by the label as
    written, so the order is stable)."""
    return sorted(items, key=lambda item: (collation_key(label(item)), str(label(item))),
                  reverse=reverse)


def in_order_of(field: str, keys: Sequence[Any]) -> Case:
    """An ``order_by()`` expression putting rows in the order of ``keys`` (values of
    ``field``, sorted in Python); rows whose value is not among them come last."""
    return Case(*(When(**{field: key}, then=Value(position))
                  for position, key in enumerate(keys)),
                default=Value(len(keys)), output_field=IntegerField())


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
