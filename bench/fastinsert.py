"""Fast bulk inserts for the generator: PostgreSQL ``COPY`` with the column list taken
from the model, ``bulk_create`` elsewhere.

Rows are given as dicts of attribute names (``party_id``, not ``party``). Every other
concrete field gets what Django would give it: its default (a callable default is called
per row), ``auto_now``/``auto_now_add`` timestamps, ``None`` for nullable fields. So a
field added to a model later is filled like ``bulk_create`` fills it, without touching
this module. Primary keys can be reserved from the table's sequence first, so callers
can link many-to-many rows to what they insert.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import uuid
from collections.abc import Iterable, Iterator

from django.db import connection, models

COPY_ROWS = 20_000


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def _to_copy(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | float | decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict | list):
        return _escape(json.dumps(value))
    adapted = getattr(value, "adapted", None)  # psycopg2's Json wrapper
    if adapted is not None:
        return _escape(json.dumps(adapted))
    return _escape(str(value))


def _fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]


def reserve_ids(model, n: int) -> list[int]:
    """``n`` primary keys from the table's sequence (PostgreSQL)."""
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                       "FROM generate_series(1, %s)", [table, column, n])
        return [row[0] for row in cursor.fetchall()]


class _Defaults:
    """Per-field fillers for attributes the caller does not give."""

    def __init__(self, model, given: Iterable[str]):
        self.model = model
        template = model()
        now = dt.datetime.now(dt.UTC)
        self.constant: dict[str, object] = {}
        self.per_row: list[models.Field] = []
        for f in _fields(model):
            if f.attname in given:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.constant[f.attname] = now if isinstance(f, models.DateTimeField) \
                    else now.date()
            elif f.has_default() and callable(f.default):
                self.per_row.append(f)
            else:
                self.constant[f.attname] = getattr(template, f.attname)

    def fill(self, row: dict) -> dict:
        for f in self.per_row:
            row[f.attname] = f.get_default()
        return row


def insert(model, rows: Iterable[dict], *, with_ids: bool = False) -> list[int]:
    """Insert the rows; with ``with_ids`` returns their primary keys in order."""
    ids: list[int] = []
    for chunk in _chunk(rows, COPY_ROWS):
        ids += _insert_chunk(model, chunk, with_ids=with_ids)
    return ids


def _chunk(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _converter(field: models.Field):
    """A fast value -> COPY text function for the field's type."""
    kind = field.get_internal_type()

    def text(v):
        if v is None:
            return "\\N"
        v = str(v)
        if "\\" in v or "\t" in v or "\n" in v or "\r" in v:
            return _escape(v)
        return v

    def number(v):
        return "\\N" if v is None else str(int(v))

    def boolean(v):
        return "\\N" if v is None else ("t" if v else "f")

    def temporal(v):
        return "\\N" if v is None else v.isoformat()

    def jsonish(v):
        return "\\N" if v is None else _escape(json.dumps(v))

    if kind in {"CharField", "TextField", "SlugField", "EmailField", "URLField"}:
        return text
    if kind in {"ForeignKey", "OneToOneField", "IntegerField", "BigIntegerField",
                "SmallIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
                "PositiveBigIntegerField", "AutoField", "BigAutoField"}:
        return number
    if kind == "BooleanField":
        return boolean
    if kind in {"DateField", "DateTimeField"}:
        return temporal
    if kind == "JSONField":
        return jsonish
    return lambda v: _to_copy(field.get_db_prep_save(v, connection))


def _insert_chunk(model, rows: list[dict], *, with_ids: bool) -> list[int]:
    if not rows:
        return []
    defaults = _Defaults(model, rows[0].keys())
    pk = model._meta.pk
    if connection.vendor != "postgresql":
        objs = [model(**defaults.fill({**defaults.constant, **row})) for row in rows]
        model.objects.bulk_create(objs, batch_size=1000)
        if with_ids and objs and objs[0].pk is None:
            raise RuntimeError("this database does not return primary keys from bulk inserts")
        return [o.pk for o in objs] if with_ids else []
    ids = reserve_ids(model, len(rows)) if with_ids else []
    fields = _fields(model)
    if with_ids:
        fields = [pk, *fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # each column is either one constant text or an (attname, converter) read per row
    slots: list[tuple[str | None, str, object]] = []
    for f in fields:
        if f.attname in defaults.constant:
            slots.append((_to_copy(f.get_db_prep_save(defaults.constant[f.attname],
                                                      connection)), "", None))
        else:
            slots.append((None, f.attname, _converter(f)))
    buffer = io.StringIO()
    write = buffer.write
    per_row = defaults.per_row
    pk_name = pk.attname
    for k, row in enumerate(rows):
        if per_row:
            defaults.fill(row)
        if with_ids:
            row[pk_name] = ids[k]
        write("\t".join([const if const is not None else conv(row[name])
                         for const, name, conv in slots]))
        write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN",
            buffer)
    return ids


def replicate(model, *, first_id: int, last_id: int, count: int,
              overrides: dict[str, str]) -> int:
    """PostgreSQL: copy up to ``count`` existing rows (ids ``first_id..last_id``) into new
    rows, with SQL expressions for some columns (``{"recipient_id": "..."}``). The column
    list is the model's, so new fields are copied like the others. Returns rows added."""
    quote = connection.ops.quote_name
    fields = _fields(model)
    columns = ", ".join(quote(f.column) for f in fields)
    select = ", ".join(overrides.get(f.attname, quote(f.column)) for f in fields)
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {select} FROM {table} "
            f"WHERE {pk} BETWEEN %s AND %s ORDER BY {pk} LIMIT %s",
            [first_id, last_id, count])
        return cursor.rowcount
