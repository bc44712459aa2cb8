"""OpenAPI additions: the error shape on every operation, and a description for every
property and parameter (portal.api.describe)."""

from __future__ import annotations

import inspect

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from portal.api.conditional import DETAIL_ACTIONS, WRITE_ACTIONS, ConditionalMixin
from portal.api.describe import by_name, describe_field, describe_parameter

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "description": (
                    "What kind of error: invalid, conflict, not_found, permission_denied, "
                    "mfa_required, not_authenticated, authentication_failed, throttled, "
                    "precondition_failed…")},
                "message": {"type": "string",
                            "description": "What went wrong, in the language asked for."},
                "fields": {"type": "object", "description": (
                               "The fields in error, each with its messages (empty when the "
                               "error is not about one field)."),
                           "additionalProperties": {"type": "array",
                                                    "items": {"type": "string"}}},
                "current_version": {"type": "integer", "description": (
                    "On a 409 after a change made meanwhile: the version that is current "
                    "now.")},
            },
            "required": ["code", "message", "fields"],
        }
    },
    "required": ["error"],
    "example": {"error": {"code": "invalid", "message": "Check the fields marked in error.",
                          "fields": {"title": ["This field is required."]}}},
}

ERRORS = {
    "400": "Invalid input (field errors in error.fields).",
    "401": "Authentication failed (invalid or revoked token).",
    "403": "Not allowed (or two-factor authentication required: code mfa_required).",
    "404": "Not found, or not visible to you.",
    "405": "Method not allowed.",
    "406": "Not acceptable.",
    "409": ("Conflict: the current state refuses this well-formed request (already "
            "submitted, already answered, no longer open, a duplicate), or somebody else "
            "changed it meanwhile (error.current_version)."),
    "415": "Unsupported media type.",
    "429": "Too many requests.",
}
#: Only on the writes that take If-Match (a resource with an ETag).
WRITE_ERRORS = {"412": "Precondition failed: If-Match does not match the current ETag."}

#: The response headers the API sets (portal.api.headers, portal.api.conditional), as
#: components every response refers to. None is required: each says when it is sent.
HEADERS = {
    "RateLimit-Limit": {"type": "integer", "minimum": 0, "description": (
        "How many requests the rate limit that applied allows in its window (sent when a "
        "rate limit applied to the request).")},
    "RateLimit-Remaining": {"type": "integer", "minimum": 0, "description": (
        "How many requests are left in the current window.")},
    "RateLimit-Reset": {"type": "integer", "minimum": 0, "description": (
        "Seconds until the window frees a request.")},
    "Retry-After": {"type": "integer", "minimum": 0, "description": (
        "Seconds to wait before trying again.")},
    "Location": {"type": "string", "description": (
        "The absolute URL of what was created (else of the list it now appears in).")},
    "ETag": {"type": "string", "description": (
        "The version of this resource: send it in If-Match with a change (a 412 when it "
        "has changed meanwhile), or in If-None-Match with a read (a 304 when it has "
        "not).")},
}
RATE_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
HEADERS_BY_STATUS = {"201": ("Location",), "429": ("Retry-After",)}
NOT_MODIFIED = "Not modified: If-None-Match names the current ETag (no body)."


def _header_refs(names) -> dict:
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def add_response_headers(result, generator, request, public):
    """The responses declare the headers they may carry: the rate limit's, Location on a
    201, Retry-After on a 429 (the ETag is added per operation by PortalAutoSchema)."""
    result.setdefault("components", {})["headers"] = {
        name: {"description": schema["description"], "required": False,
               "schema": {key: value for key, value in schema.items()
                          if key != "description"}}
        for name, schema in HEADERS.items()
    }
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for code, response in operation.get("responses", {}).items():
                # The errors carry the rate limit's headers too; declared on the answers
                # an integrator reads them on (the schema would be half again as large).
                answered = str(code).startswith("2") or str(code) in {"304", "429"}
                rate = RATE_HEADERS if answered else ()
                names = (*rate, *HEADERS_BY_STATUS.get(str(code), ()))
                if not names:
                    continue
                response["headers"] = {**_header_refs(names), **(response.get("headers") or {})}
    return result


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            _no_empty_enum_values(operation)
            responses = operation.setdefault("responses", {})
            errors = {**ERRORS, **(WRITE_ERRORS if method in {"put", "patch", "delete"}
                                   else {})}
            for code, description in errors.items():
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": ref}},
                })
    return result


def _no_empty_enum_values(operation: dict) -> None:
    """A query parameter is never empty (the filter backend refuses an empty value):
    the empty choice some model fields add is not offered."""
    for param in operation.get("parameters", []):
        schema = param.get("schema", {})
        if param.get("in") == "query" and "" in schema.get("enum", ()):
            schema["enum"] = [value for value in schema["enum"] if value != ""]
            if "description" in param:
                param["description"] = "\n".join(
                    line for line in param["description"].split("\n")
                    if line != "* `` - None")


def _doc(obj) -> str:
    """An object's own docstring, never one inherited from a base class or a mixin (those
    are notes for the next engineer, not the contract)."""
    doc = obj.__dict__.get("__doc__") if inspect.isclass(obj) else getattr(obj, "__doc__", "")
    return "\n".join(line.rstrip() for line in inspect.cleandoc(doc or "").split("\n")).strip()


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, with a description for every operation and every
    serializer field.

    An operation is described by its text in the contract modules (portal.api.contract),
    else by the docstring of its own action or view (drf-spectacular would also take a
    base class's or a mixin's, which speak to developers), else by what the operation's
    kind says of it: paging and visibility, ETag and If-Match, Location. A field is
    described by its help_text, else by what portal.api.describe knows of it."""

    def get_description(self) -> str:
        from portal.api.contract import operation_texts

        text = operation_texts().get(self.get_operation_id())
        if text:
            return text
        name = getattr(self.view, "action", None) or self.method.lower()
        handler = getattr(type(self.view), name, None)
        own = _doc(handler) if handler is not None and not inspect.isclass(handler) else ""
        return own or _doc(type(self.view)) or self._description_by_kind(name)

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None or not self._answers_with_etag():
            return operation
        responses = operation.setdefault("responses", {})
        if "200" in responses:
            responses["200"].setdefault("headers", {}).update(_header_refs(("ETag",)))
        if self.method == "GET":
            responses.setdefault("304", {"description": NOT_MODIFIED,
                                         "headers": _header_refs(("ETag",))})
        return operation

    def _answers_with_etag(self) -> bool:
        """A detail of a ConditionalMixin view, or an action marked answers_with_etag."""
        action = getattr(self.view, "action", None)
        if isinstance(self.view, ConditionalMixin) and action in DETAIL_ACTIONS:
            return True
        handler = getattr(type(self.view), action or "", None)
        return bool(getattr(handler, "answers_with_etag", False))

    def _creates(self) -> bool:
        """Whether the operation answers 201 (as documented)."""
        responses = self.get_response_serializers()
        if isinstance(responses, dict):
            return any((code[0] if isinstance(code, tuple) else code) in (201, "201")
                       for code in responses)
        return getattr(self.view, "action", None) == "create"

    def _description_by_kind(self, action: str) -> str:
        conditional = isinstance(self.view, ConditionalMixin)
        parts: list[str] = []
        if self.method == "GET" and self._is_list_view():
            parts.append("Only what you may see is listed. Narrow the list with the query "
                         "parameters: a value a parameter does not take is a 400 naming it.")
        elif self.method == "GET":
            parts.append("A 404 when it does not exist or you may not see it.")
            if conditional and action in DETAIL_ACTIONS:
                parts.append("The answer carries an ETag: send it in If-None-Match to get a "
                             "304 when nothing has changed.")
        elif self.method == "POST":
            parts.append("The body is checked whole: a 400 names each field in error and "
                         "nothing is saved.")
            if self._creates():
                parts.append("A 201 carries the new resource's address in Location.")
            else:
                parts.append("A 409 when its current state does not allow this (the message "
                             "says why).")
        elif self.method in ("PATCH", "PUT"):
            parts.append("Send only the fields to change (the others stay); a 400 names "
                         "each field in error and nothing is saved.")
        elif self.method == "DELETE":
            parts.append("A 204 when it is gone; a 404 when it does not exist or you may "
                         "not see it.")
        if conditional and action in WRITE_ACTIONS:
            parts.append("Send the ETag of your last read in If-Match: a 412 when it has "
                         "changed meanwhile (nothing is changed).")
            if action in DETAIL_ACTIONS:
                parts.append("The answer carries the new ETag.")
        return " ".join(parts)

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        if isinstance(field, serializers.Field) and not meta.get("description"):
            meta["description"] = describe_field(field)
        return meta


def describe_the_rest(result, generator, request, public):
    """What no field or filter described: properties of hand-written schemas (errors,
    pagination, extensions) by their name, parameters by their name and path."""
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for param in operation.get("parameters", []):
                if not param.get("description"):
                    param["description"] = describe_parameter(path, param)
    seen: set[int] = set()
    for component in result.get("components", {}).get("schemas", {}).values():
        _describe_properties(component, seen)
    return result


def _describe_properties(schema: dict, seen: set[int]) -> None:
    if not isinstance(schema, dict) or id(schema) in seen:
        return
    seen.add(id(schema))
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key, []):
            _describe_properties(part, seen)
    for key in ("items", "additionalProperties"):
        _describe_properties(schema.get(key), seen)
    properties = schema.get("properties", {})
    for name, sub in list(properties.items()):
        described = sub.get("description") or any(
            part.get("description") for part in sub.get("allOf", []) if "$ref" not in part)
        if not described:
            if "$ref" in sub:  # OpenAPI 3.0 ignores siblings of $ref
                properties[name] = sub = {"allOf": [{"$ref": sub.pop("$ref")}], **sub}
            sub["description"] = by_name(name)
        _describe_properties(sub, seen)
