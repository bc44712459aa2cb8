"""Schemathesis hooks of the contract run (bench/contract.py), loaded by the schemathesis
command line (the ``hooks`` entry of the configuration it writes).

One check is replaced: ``positive_data_acceptance`` expects every request that the schema
allows to be accepted (or refused for authorization, absence or state: 401, 403, 404,
409). Two kinds of 400 answer a schema-valid request correctly, and a schema cannot say
when they apply:

1. **An id or code that names nothing** (or nothing the user may use): the field takes
   an id (documented as one: an integer from 1, or "a code or an id"), the value is
   well-formed, and no object has it. The API answers a 400 naming the field
   (README, "One representation in and out"). The generator draws ids at random.
2. **A rule between a field and the object or another field** that the contract states
   in words, listed in ``RULES`` with the reason.

``positive_data_acceptance_by_rule`` lets a 400 through when every field it names is of
one of these kinds for that operation, and otherwise fails exactly as the built-in
check (which the run excludes). Any other 400 for valid data is still a failure."""

from __future__ import annotations

import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance

#: (operation, field): why a schema-valid value may be refused with a 400 naming it.
RULES = {
    (
        "POST /api/v1/recommendations/{id}/cosignatures/",
        "organization",
    ): "the filing organization cannot co-sign its own recommendation",
    (
        "POST /api/v1/recommendations/{id}/translations/",
        "language",
    ): "a translation is in another language than the original",
    (
        "POST /api/v1/recommendations/{id}/response/translations/",
        "language",
    ): "a translation is in another language than the original",
    (
        "POST /api/v1/actions/{id}/progress-reports/{report_pk}/translations/",
        "language",
    ): "a translation is in another language than the original",
    (
        "POST /api/v1/recommendations/{id}/response/",
        "commitments",
    ): "a commitment's lead body is an id: one that names no government body is refused "
    "(the nested error is reported on the list)",
    (
        "POST /api/v1/imports/",
        "scope",
    ): "the scope is an organization or State the user may import for (an id)",
    (
        "POST /api/v1/imports/{id}/mapping/",
        "mapping",
    ): "the mapping names the fields of the import's kind, each required one once",
    (
        "POST /api/v1/recommendations/{id}/deadline/",
        "due_on",
    ): "the deadline cannot be before the submission date",
    # a person named by the e-mail address of an account: one that no account has is
    # refused (as an id that names nothing)
    ("POST /api/v1/events/{id}/registrations/", "email"): "an account's e-mail address",
    ("POST /api/v1/official-roles/", "email"): "an account's e-mail address",
    ("POST /api/v1/unodc-staff/", "email"): "an account's e-mail address",
    # rules between fields that the descriptions state
    ("POST /api/v1/events/", "ends_at"): "an event cannot end before it starts",
    ("PATCH /api/v1/events/{id}/", "ends_at"): "an event cannot end before it starts",
    ("POST /api/v1/events/", "venue"): "an in-person or hybrid event has a venue",
    ("PATCH /api/v1/events/{id}/", "venue"): "an in-person or hybrid event has a venue",
    (
        "POST /api/v1/organizations/",
        "is_alliance",
    ): "only an alliance or network has a lead organization",
    (
        "PATCH /api/v1/organizations/{id}/",
        "is_alliance",
    ): "only an alliance or network has a lead organization",
    (
        "POST /api/v1/actions/{id}/validation/",
        "confirm_implemented",
    ): "'implemented' with a progress of 0% must be confirmed",
    (
        "POST /api/v1/actions/{id}/progress-reports/",
        "confirm_implemented",
    ): "'implemented' below 100% must be confirmed",
    (
        "PATCH /api/v1/actions/{id}/progress-reports/{report_pk}/",
        "confirm_implemented",
    ): "'implemented' below 100% must be confirmed",
    ("POST /api/v1/actions/{id}/progress-reports/", "reported_on"): "not in the future",
    (
        "PATCH /api/v1/actions/{id}/progress-reports/{report_pk}/",
        "reported_on",
    ): "not in the future",
    # each evidence link is a web address as a browser reads it (see FIELD_RULES), its
    # error reported on the list
    ("POST /api/v1/actions/{id}/progress-reports/", "evidence"): "a web address",
    (
        "PATCH /api/v1/actions/{id}/progress-reports/{report_pk}/",
        "evidence",
    ): "a web address",
    (
        "POST /api/v1/events/{event_pk}/action-items/",
        "owner_name",
    ): "an action item has an owner: an organization or a name",
    (
        "POST /api/v1/actions/{id}/assessment/",
        "comment",
    ): "a verdict of partly or disagree is explained in the comment",
    (
        "POST /api/v1/recommendations/{id}/comments/{comment_pk}/moderate/",
        "reason",
    ): "hiding a comment needs a reason",
    # a follow-up action is due on or after its start, and the person responsible for it
    # is an agency contact of its State (a user id: one that is not is refused)
    ("POST /api/v1/actions/", "due_on"): "due on or after the start",
    ("PATCH /api/v1/actions/{id}/", "due_on"): "due on or after the start",
    (
        "POST /api/v1/events/{event_pk}/action-items/{id}/follow-up-action/",
        "due_on",
    ): "due on or after the start (the item's due date unless the body gives one)",
    ("POST /api/v1/actions/", "responsible"): "an agency contact of the State",
    ("PATCH /api/v1/actions/{id}/", "responsible"): "an agency contact of the State",
    (
        "POST /api/v1/events/{event_pk}/action-items/{id}/follow-up-action/",
        "responsible",
    ): "an agency contact of the State",
    # revealing something to more readers needs confirm_reveal (its description says so)
    ("POST /api/v1/recommendations/{id}/protection/", "attribution"): "confirm_reveal",
    ("POST /api/v1/recommendations/{id}/protection/", "rationale_visibility"): "confirm_reveal",
    ("POST /api/v1/recommendations/{id}/protection/", "attachments_visibility"): "confirm_reveal",
    ("POST /api/v1/cosignatures/{id}/protection/", "attribution"): "confirm_reveal",
}
#: Rules on every field whose name ends so, in any operation: a web address is read as a
#: browser would go to it (http or https, a host with a top-level domain of two letters
#: or more: Django's URLValidator), while the contract's `uri` format takes any URI.
FIELD_RULES = ("website", "url")
#: Rules on the fields of a list body, named ``<category>__<channel>``: the inbox
#: (channel in_app) has no daily digest (mode digest), as the contract says.
LIST_RULES = {"PUT /api/v1/me/notification-preferences/": "__in_app"}
#: Uploads: the contract says which kinds of file are taken (PDF, Office, images; CSV or
#: XLSX for imports) and the server reads the bytes, which a generated file never is.
UPLOADS = {"file", "evidence", "evidence_file"}
#: A text with a NUL character (which PostgreSQL cannot store) is refused with a 400
#: naming the field, in Django's words; the contract does not repeat it on every string.
NUL_REFUSED = "Null characters are not allowed."


def _refused_fields(response) -> dict[str, list] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    fields = (body.get("error") or {}).get("fields") if isinstance(body, dict) else None
    return fields if isinstance(fields, dict) and fields else None


def _resolve(schema: dict, root: dict) -> dict:
    while isinstance(schema, dict) and "$ref" in schema:
        node = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema if isinstance(schema, dict) else {}


def _is_reference(schema: dict, root: dict) -> bool:
    """An id (integer from 1), a code or an id (oneOf), or a list of them."""
    schema = _resolve(schema, root)
    if schema.get("type") == "array":
        return _is_reference(schema.get("items", {}), root)
    if "oneOf" in schema:
        return any(_is_reference(option, root) for option in schema["oneOf"])
    if schema.get("type") == "integer":
        return schema.get("minimum") == 1 and schema.get("format") == "int64"
    return False


def _body_properties(case) -> dict:
    raw = case.operation.definition.raw
    root = case.operation.schema.raw_schema
    content = (raw.get("requestBody") or {}).get("content") or {}
    media = content.get(case.media_type or "") or next(iter(content.values()), {})
    return _resolve(media.get("schema", {}), root).get("properties", {})


def _by_rule(case, field: str) -> bool:
    if (case.operation.label, field) in RULES:
        return True
    if field in UPLOADS and (case.media_type or "").startswith("multipart/"):
        return True
    if field.endswith(FIELD_RULES):
        return True
    if case.operation.label in LIST_RULES and field.endswith(LIST_RULES[case.operation.label]):
        return True
    prop = _body_properties(case).get(field)
    return prop is not None and _is_reference(prop, case.operation.schema.raw_schema)


@schemathesis.check
def positive_data_acceptance_by_rule(ctx, response, case):
    if response.status_code == 400:
        fields = _refused_fields(response)
        if fields and all(
            _by_rule(case, field) or messages == [NUL_REFUSED] for field, messages in fields.items()
        ):
            return None
    return positive_data_acceptance(ctx, response, case)
