"""What the contract run (bench/contract.py) checks, and why each exception is made: the
schemathesis configuration it writes, and how failures are counted."""

from __future__ import annotations

import json
import re
from pathlib import Path

#: Operations that would end the run's own session: revoking a token (the fuzzer may hit
#: its own token's id) and closing the account (as tests/api/test_fuzz.py). They are
#: tested in tests/api/test_parity_operations.py.
SELF_ENDING = {"me_tokens_revoke", "me_close"}

#: How often a generated path id is one of the seeded objects' (else it is random).
SEEDED_ID_PROBABILITY = 0.5

#: The failures (schemathesis' names) that mean a response outside the schema: its
#: body, status code, headers or content type (response_schema_conformance,
#: status_code_conformance, response_headers_conformance, content_type_conformance).
SCHEMA_FAILURES = {
    "JsonSchemaError",
    "UndefinedStatusCode",
    "MissingHeaders",
    "MissingContentType",
    "MalformedMediaType",
    "UndefinedContentType",
    "ContentDeserializationError",
    "DiscriminatorMismatch",
    "MalformedJson",
}


def classify(failure: str) -> str:
    """The kind of a failure, by the name schemathesis gives it in its report."""
    if failure == "ServerError":
        return "server errors"
    if failure in SCHEMA_FAILURES:
        return "schema violations"
    if failure == "AcceptedNegativeData":
        return "negative data accepted"
    return "other"


def toml_value(value) -> str:
    return json.dumps(value)  # strings, numbers and lists of them are the same in TOML


def operation_blocks(ids: dict[str, dict[str, list]]) -> list[str]:
    """Aim the path parameters at the seeded objects: one dictionary per path prefix and
    parameter, drawn from with SEEDED_ID_PROBABILITY."""
    blocks = []
    for prefix, params in ids.items():
        regex = "^" + re.escape(prefix)
        lines = [
            "[[operations]]",
            f"include-path-regex = {toml_value(regex)}",
            "[operations.parameters]",
        ]
        for name, values in params.items():
            if not values:
                continue
            dictionary = re.sub(r"\W+", "_", f"{prefix}_{name}").strip("_")
            lines.append(
                f'"path.{name}" = {{ dictionary = "{dictionary}", '
                f"probability = {SEEDED_ID_PROBABILITY} }}"
            )
            blocks.append(f"[dictionaries.{dictionary}]\nvalues = {toml_value(values)}\n")
        blocks.append("\n".join(lines) + "\n")
    return blocks


#: Replaced by a check of bench/contract_hooks.py (the reasons are there).
EXCLUDED_CHECKS = {"positive_data_acceptance"}
HOOKS = Path(__file__).with_name("contract_hooks.py")


def config_toml(ids: dict[str, dict[str, list]]) -> str:
    parts = [
        "# Written by bench/contract.py: do not edit (see bench/contract_checks.py)\n"
        f"hooks = {toml_value(str(HOOKS))}\n"
    ]
    parts += operation_blocks(ids)
    # TOML: top-level tables first, then arrays of tables
    dictionaries = [p for p in parts if p.startswith("[dictionaries.")]
    others = [p for p in parts if not p.startswith("[dictionaries.")]
    return "\n".join(others[:1] + dictionaries + others[1:])
