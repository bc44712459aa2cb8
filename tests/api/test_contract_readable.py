"""A contract integrators can read: the generated schema is walked, and every operation,
parameter and property must say what it is, every request and response body must show
an example, and every enum (ordering included) must list its values."""

from __future__ import annotations

from django.core.cache import cache

METHODS = {"get", "post", "put", "patch", "delete"}
#: Bodies that are files: a PDF, a spreadsheet or an upload is described by its media
#: type, and an example of its bytes would say nothing (so is any body whose schema is a
#: binary string). A text file (CSV, iCalendar) shows one: its columns, its lines.
BINARY_MEDIA = ("application/pdf", "application/octet-stream",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _resolve(schema: dict, root: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = root["components"]["schemas"][name]
    return schema


def _properties(name: str, schema: dict, seen: set, root: dict):
    """(where, property schema) of every property of ``schema``, nested ones included."""
    if id(schema) in seen:
        return
    seen.add(id(schema))
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key, []):
            yield from _properties(name, _resolve(part, root), seen, root)
    if "items" in schema:
        yield from _properties(name, _resolve(schema["items"], root), seen, root)
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _properties(name, _resolve(schema["additionalProperties"], root), seen, root)
    for prop, sub in schema.get("properties", {}).items():
        yield f"{name}.{prop}", sub
        yield from _properties(f"{name}.{prop}", _resolve(sub, root), seen, root)


def _described(schema: dict) -> bool:
    return bool(schema.get("description")) or any(
        part.get("description") for part in schema.get("allOf", []) if "$ref" not in part)


def _has_example(content: dict) -> bool:
    """An example, or a file: a download of any type (format binary) or a file format."""
    return ("example" in content or bool(content.get("examples"))
            or content.get("schema", {}).get("format") == "binary")


def gaps(schema: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"operations": [], "parameters": [], "properties": [],
                                   "request_examples": [], "response_examples": [],
                                   "enums": []}
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            label = f"{method.upper()} {path}"
            if not op.get("description"):
                found["operations"].append(label)
            for param in op.get("parameters", []):
                where = f"{label} {param['in']}:{param['name']}"
                if not param.get("description"):
                    found["parameters"].append(where)
                param_schema = _resolve(param.get("schema", {}), schema)
                items = _resolve(param_schema.get("items", {}), schema)
                if param["name"] == "ordering" and "enum" not in param_schema \
                        and "enum" not in items:
                    found["enums"].append(where)
            for media, content in op.get("requestBody", {}).get("content", {}).items():
                if not media.startswith(BINARY_MEDIA) and not _has_example(content):
                    found["request_examples"].append(f"{label} {media}")
            for code, response in op.get("responses", {}).items():
                for media, content in response.get("content", {}).items():
                    if code.startswith("2") and not media.startswith(BINARY_MEDIA) \
                            and not _has_example(content):
                        found["response_examples"].append(f"{label} {code} {media}")
    seen: set = set()
    for name, component in schema["components"]["schemas"].items():
        if "enum" in component and not component["enum"]:
            found["enums"].append(name)
        for where, prop in _properties(name, component, seen, schema):
            if not _described(prop):
                found["properties"].append(where)
    return found


def test_every_operation_parameter_property_and_body_is_documented(client):
    cache.clear()
    schema = client.get("/api/schema/?format=json").json()
    cache.clear()
    missing = gaps(schema)
    assert {kind: items for kind, items in missing.items() if items} == {}


def _nullable_to_json_schema(node):
    """OpenAPI 3.0's `nullable` as JSON Schema's null type, to validate examples."""
    if isinstance(node, list):
        return [_nullable_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable_to_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [{"type": "null"}, node]}
    return node


def invalid_examples(schema: dict) -> list[str]:
    """The JSON examples that their own schema refuses."""
    from jsonschema import Draft4Validator

    components = _nullable_to_json_schema(schema["components"])
    found = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            bodies = [("request", op.get("requestBody", {}))]
            bodies += [(code, r) for code, r in op.get("responses", {}).items()
                       if code.startswith("2")]
            for where, body in bodies:
                content = body.get("content", {}).get("application/json", {})
                if "example" not in content or "schema" not in content:
                    continue
                validator = Draft4Validator({**_nullable_to_json_schema(content["schema"]),
                                             "components": components})
                error = next(iter(validator.iter_errors(content["example"])), None)
                if error is not None:
                    found.append(f"{method.upper()} {path} {where}: {error.message[:200]} "
                                 f"at {list(error.path)}")
    return found


def test_every_example_matches_its_schema(client):
    cache.clear()
    schema = client.get("/api/schema/?format=json").json()
    cache.clear()
    assert invalid_examples(schema) == []


def _text_examples(schema: dict, path: str, media: str) -> dict[str, str]:
    content = schema["paths"][path]["get"]["responses"]["200"]["content"][media]
    return {name: example["value"] for name, example in content["examples"].items()}


def test_the_text_files_examples_are_what_the_files_hold(client, db):
    """The CSV example of each export is the header row an (empty) export starts with;
    the calendar example is a calendar of one event, written as the portal writes one."""
    cache.clear()
    schema = client.get("/api/schema/?format=json").json()
    cache.clear()
    exports = _text_examples(schema, "/api/v1/exports/{dataset}.{fmt}", "text/csv")
    assert sorted(exports) == ["actions.csv", "progress.csv", "recommendations.csv",
                               "responses.csv"]
    for name, text in exports.items():
        response = client.get(f"/api/v1/exports/{name}", HTTP_ACCEPT="text/csv")
        assert response.status_code == 200
        assert b"".join(response.streaming_content).decode("utf-8-sig") == text
    for path in ("/api/v1/events/{id}/event.ics", "/api/v1/events/calendar.ics"):
        (calendar,) = _text_examples(schema, path, "text/calendar").values()
        lines = calendar.split("\r\n")
        assert lines[0] == "BEGIN:VCALENDAR" and lines[-2:] == ["END:VCALENDAR", ""]
        assert lines.count("BEGIN:VEVENT") == 1
    (report,) = _text_examples(schema, "/api/v1/imports/{id}/errors/", "text/csv").values()
    assert report.splitlines()[0] == "row,column,outcome,external id,message"


def test_no_operation_is_described_by_a_mixins_notes(client):
    """drf-spectacular describes an operation by its view's docstring, a base class's or
    a mixin's included: those speak to developers ("For a viewset of a changeable
    resource…"). An operation is described by its contract text, its own action's or
    view's docstring, or by what its kind says."""
    import inspect

    from drf_spectacular.generators import SchemaGenerator

    generator = SchemaGenerator()
    generator._initialise_endpoints()
    inherited = set()
    for _path, _regex, _method, view in generator._get_paths_and_endpoints():
        for base in type(view).__mro__[1:]:
            doc = base.__dict__.get("__doc__")
            if doc and base.__module__.startswith(("portal", "consultations",
                                                   "recommendations")):
                inherited.add(inspect.cleandoc(doc).strip())
    assert inherited, "the API's views have documented base classes to check against"
    cache.clear()
    schema = client.get("/api/schema/?format=json").json()
    cache.clear()
    leaked = [f"{method.upper()} {path}" for path, item in schema["paths"].items()
              for method, op in item.items()
              if method in METHODS and op.get("description", "").strip() in inherited]
    assert leaked == []
