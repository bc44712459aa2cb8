"""What an app registers to make its data importable (from its AppConfig.ready): a kind
names its fields, who may import it for what (its scope: an organization, an event),
how a row is checked without writing and how it is applied through the app's own
services. This module imports no app: the apps import it."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Field:
    name: str
    label: Any  # a lazily translated string
    required: bool = False
    help: Any = ""
    #: the accepted values, for the template's second sheet (a callable: read lazily)
    accepted: Callable[[], list[str]] | None = None
    #: other header names that mean this field (e.g. the export's column headers, lazily
    #: translated: they are matched in every language)
    aliases: tuple[Any, ...] = ()


class RowError(Exception):
    """A problem with one cell (``field``) or with the whole row (``field=""``)."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass
class Applied:
    """What applying a row did, with a note for the report (e.g. why it was skipped)."""

    outcome: str
    note: str = ""
    object_id: int | None = None


@dataclass
class Row:
    number: int  # the row's number in the spreadsheet (the header row is 1)
    values: dict[str, str]  # field name -> the cell's text, stripped
    external_id: str = ""
    cleaned: dict[str, Any] = field(default_factory=dict)


class ImportKind:
    """Subclass per kind of data. ``context`` loads, once per import, everything rows
    are checked against (lookups by name), so checking a row asks no query."""

    name: str = ""
    label: Any = ""
    fields: tuple[Field, ...] = ()
    #: the label of the scope chooser ("Organization", "Event") or "" for none
    scope_label: Any = ""
    #: rows are applied together at the end (e.g. attendance counts) instead of one by one
    aggregate: bool = False

    def scopes(self, user) -> QuerySet | None:
        """The objects the user may import for (None when the kind has no scope)."""
        return None

    def may_import(self, user, scope) -> bool:
        raise NotImplementedError

    def context(self, *, user, scope) -> dict:
        return {}

    def clean_row(self, ctx: dict, row: Row) -> None:
        """Fill ``row.cleaned`` or raise RowError; never writes."""
        raise NotImplementedError

    def apply_row(self, ctx: dict, row: Row) -> Applied:
        """Write one cleaned row through the app's services (inside a transaction)."""
        raise NotImplementedError

    def apply_all(self, ctx: dict, rows: list[Row]) -> Applied:
        """For aggregate kinds: write every cleaned row at once."""
        raise NotImplementedError

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


_KINDS: dict[str, ImportKind] = {}


def kind_register(kind: ImportKind) -> None:
    _KINDS[kind.name] = kind


def kind_get(name: str) -> ImportKind | None:
    return _KINDS.get(name)


def kinds_all() -> list[ImportKind]:
    return list(_KINDS.values())


def kinds_for(user) -> list[ImportKind]:
    """The kinds the user may import for at least one scope."""
    out = []
    for kind in _KINDS.values():
        scopes = kind.scopes(user)
        if scopes is None:
            if kind.may_import(user, None):
                out.append(kind)
        elif scopes.exists():
            out.append(kind)
    return out


# --- helpers for the kinds' row checks -------------------------------------------------


def normalize(text: str) -> str:
    """Case, spaces, underscores and punctuation at the ends do not matter."""
    return re.sub(r"[\s_]+", " ", str(text or "")).strip(" .:*").casefold()


class Lookup:
    """Values by any of their names (code, short title, label), and the closest names
    for an unknown one (difflib)."""

    def __init__(self, items: Iterable[tuple[Any, Iterable[str]]], *, display=str):
        self.by_name: dict[str, Any] = {}
        self.show = display
        for obj, names in items:
            for name in names:
                if name:
                    self.by_name.setdefault(normalize(name), obj)

    def get(self, field_name: str, value: str):
        key = normalize(value)
        if key in self.by_name:
            return self.by_name[key]
        close = difflib.get_close_matches(key, list(self.by_name), n=1, cutoff=0.6)
        if close:
            raise RowError(
                field_name,
                _("unknown value '%(value)s'; did you mean '%(suggestion)s'?")
                % {"value": value, "suggestion": self.show(self.by_name[close[0]])},
            )
        raise RowError(field_name, _("unknown value '%(value)s'") % {"value": value})

    def many(self, field_name: str, value: str) -> list:
        parts = [p.strip() for p in re.split(r"[;,\n]", value or "") if p.strip()]
        return [self.get(field_name, p) for p in parts]


YES = {"yes", "y", "true", "1", "x", "oui", "sí", "si", "да", "是", "نعم"}
NO = {"no", "n", "false", "0", "", "non", "нет", "否", "لا"}


def parse_int(
    field_name: str, value: str, *, minimum: int = 0, maximum: int | None = None
) -> int | None:
    if not (value or "").strip():
        return None
    text = value.strip()
    if re.fullmatch(r"-?\d+(\.0+)?", text):
        number = int(float(text))
        if number < minimum or (maximum is not None and number > maximum):
            raise RowError(
                field_name,
                _("enter a whole number from %(min)s to %(max)s")
                % {"min": minimum, "max": maximum if maximum is not None else "…"},
            )
        return number
    raise RowError(field_name, _("'%(value)s' is not a whole number") % {"value": text})


def parse_date(field_name: str, value: str):
    text = (value or "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowError(
        field_name, _("'%(value)s' is not a date; write it as 2022-09-15") % {"value": text}
    )


def validation_to_row_error(exc: ValidationError) -> RowError:
    """The first message of a service's ValidationError, with the field it names."""
    if hasattr(exc, "error_dict"):
        name, errors = next(iter(exc.error_dict.items()))
        name = "" if name == "__all__" else name
        return RowError(name, " ".join(m for e in errors for m in e.messages))
    return RowError("", " ".join(exc.messages))
