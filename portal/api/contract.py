"""The contract's texts, kept beside each app's API in `<app>/api/contract.py` rather
than in the views: a description per operation (OPERATIONS, by operationId) and request
and response examples (EXAMPLES, by operationId: {"request": …, "response": …}). The
schema class (portal.api.schema.PortalAutoSchema) takes the descriptions and a
postprocessing hook the examples; the views keep their one-line summary."""

from __future__ import annotations

from importlib import import_module

CONTRACT_MODULES = (
    "consultations.api.contract",
    "recommendations.api.contract",
    "portal.api.contract_texts",
)
METHODS = {"get", "post", "put", "patch", "delete"}


def _texts() -> tuple[dict, dict]:
    operations: dict[str, str] = {}
    examples: dict[str, dict] = {}
    for name in CONTRACT_MODULES:
        module = import_module(name)
        operations.update(getattr(module, "OPERATIONS", {}))
        examples.update(getattr(module, "EXAMPLES", {}))
    return operations, examples


def operation_texts() -> dict[str, str]:
    """The contract's description of each operation, by operationId."""
    return _texts()[0]


def _json_content(container: dict) -> dict | None:
    for media, content in container.get("content", {}).items():
        if "json" in media:
            return content
    return None


def apply_contract(result, generator, request, public):
    examples = _texts()[1]
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in METHODS:
                continue
            op_id = operation.get("operationId", "")
            example = examples.get(op_id, {})
            if "request" in example and "requestBody" in operation:
                content = _json_content(operation["requestBody"])
                if content is not None:
                    content.setdefault("example", example["request"])
            if "response" in example:
                for code, response in operation.get("responses", {}).items():
                    if code.startswith("2"):
                        content = _json_content(response)
                        if content is not None:
                            content.setdefault("example", example["response"])
                        break
    return result
