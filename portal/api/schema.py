"""OpenAPI additions: the error shape on every operation."""

from __future__ import annotations

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object",
                           "additionalProperties": {"type": "array",
                                                    "items": {"type": "string"}}},
                "current_version": {"type": "integer"},
            },
            "required": ["code", "message", "fields"],
        }
    },
    "required": ["error"],
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
