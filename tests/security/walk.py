"""The leak test's machinery: every URL pattern the project registers and every OpenAPI
operation, how to fill their path parameters from the seeded world, and how to read a
response (HTML, JSON, CSV, XLSX, PDF, iCal, downloads) as text."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from recommendations.exports import DATASETS, FORMATS
from tests.pdf import pdf_text

#: Namespaces and URL names the sentinel walk leaves out, and why (printed by the test).
EXCLUDED = {
    "admin": "Django admin: Django staff accounts only; every URL is checked to redirect "
             "each role to sign in (test_admin_is_closed)",
}


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or the route of an unnamed pattern
    route: str
    params: tuple[str, ...]
    is_api: bool
    named: bool
    namespace: str


def _params(pattern) -> tuple[str, ...]:
    return tuple(pattern.pattern.regex.groupindex)


def url_patterns() -> list[Pattern]:
    """Every URL pattern, recursively (routers and included apps too)."""
    out: list[Pattern] = []

    def walk(patterns, prefix: str, namespace: str, params: tuple[str, ...]):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                ns = ":".join(filter(None, [namespace, p.namespace]))
                walk(p.url_patterns, route, ns, params + _params(p))
            elif isinstance(p, URLPattern):
                key = ":".join(filter(None, [namespace, p.name])) if p.name else route
                out.append(Pattern(key, route, params + _params(p),
                                   route.startswith("api/"), bool(p.name), namespace))

    walk(get_resolver().url_patterns, "", "", ())
    return out


#: Parameter values of the OpenAPI paths, to find the URL pattern an operation runs.
SCHEMA_PLACEHOLDERS = {"iso3": "LKL", "dataset": DATASETS[0], "fmt": FORMATS[0]}


def openapi_operations() -> list[tuple[str, str, str]]:
    """(method, path template, URL pattern key) of every operation of the schema."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    ops = []
    for template, methods in schema["paths"].items():
        concrete = re.sub(r"\{(\w+)\}", lambda m: SCHEMA_PLACEHOLDERS.get(m.group(1), "1"),
                          template)
        match = resolve(concrete)
        key = ":".join(filter(None, [match.namespace, match.url_name]))
        for method in methods:
            if method in {"get", "post", "put", "patch", "delete"}:
                ops.append((method.upper(), template, key))
    return ops


def fill(pattern: Pattern, fillers: dict, world) -> list[str] | None:
    """The concrete paths of a pattern (None: the test does not know how to fill it).
    A filler gives the keyword arguments of a named pattern, or the paths of an unnamed
    one."""
    if pattern.key in fillers:
        values = fillers[pattern.key](world)
    elif not pattern.params and pattern.named:
        values = [{}]
    else:
        return None
    if not pattern.named:
        return list(values)
    return [reverse(pattern.key, kwargs=kwargs) for kwargs in values]


# --- reading responses ---------------------------------------------------------------------


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(" ".join(str(v) for v in row if v is not None)
                     for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))


def response_text(response) -> str:
    """Everything a response tells its reader, as text (headers too: a download's file
    name, a redirect's target)."""
    data = (b"".join(response.streaming_content) if response.streaming
            else response.content)
    kind = response.get("Content-Type", "")
    headers = " ".join(f"{k}: {v}" for k, v in response.items())
    if data.startswith(b"%PDF"):
        # the raw bytes too: an uploaded file may only look like a PDF
        body = data.decode("latin-1") + "\n" + pdf_text(data, strict=False)
    elif data.startswith(b"PK") and "spreadsheet" in kind:
        body = _xlsx_text(data)
    else:
        body = data.decode("utf-8", errors="replace")
        if "calendar" in kind:
            body = body.replace("\r\n ", "").replace("\r\n\t", "")
    return headers + "\n" + body
