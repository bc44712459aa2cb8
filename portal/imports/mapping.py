"""Matching a file's column headers to a kind's fields: by the field's name, or its
label or aliases (an export's column headers) in any of the portal's languages, or as
the user mapped the same header last time for that kind."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.utils import translation

from portal.imports.kinds import ImportKind, kind_get, normalize


@lru_cache(maxsize=64)
def _names(kind_name: str) -> dict[str, str]:
    kind = kind_get(kind_name)
    names: dict[str, str] = {}
    for f in kind.fields:
        candidates = {f.name, f.name.replace("_", " ")}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                candidates.add(str(f.label))
                candidates.update(str(alias) for alias in f.aliases)  # lazy ones translate
        for candidate in candidates:
            names.setdefault(normalize(candidate), f.name)
    return names


def field_for_header(kind: ImportKind, header: str) -> str:
    return _names(kind.name).get(normalize(header), "")


def mapping_suggest(
    kind: ImportKind, headers: list[str], remembered: dict[str, str]
) -> dict[str, str]:
    """Column index (as a string) -> field name ("" for a column not imported). A field
    is given to one column only: the first that names it."""
    valid = {f.name for f in kind.fields}
    taken: set[str] = set()
    mapping: dict[str, str] = {}
    for index, header in enumerate(headers):
        key = normalize(header)
        name = remembered.get(key) if remembered.get(key) in valid else ""
        name = name or field_for_header(kind, header)
        if name and name not in taken:
            taken.add(name)
            mapping[str(index)] = name
        else:
            mapping[str(index)] = ""
    return mapping
