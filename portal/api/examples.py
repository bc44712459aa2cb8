"""Examples for the request and response bodies that the contract modules do not give by
hand (portal.api.contract): built from the body's schema, with the values a real request
or answer would carry (SAMPLES, by property name), the first value of an enum, the
schema's own example where it has one, and one item per list."""

from __future__ import annotations

from collections.abc import Callable

SAMPLES = {
    "id": 42, "version": 3, "expected_version": 3, "count": 1, "next": None,
    "previous": None, "title": "Train judges and prosecutors on cybercrime evidence",
    "short_title": "UNTOC", "name": "Indus Centre for Victim Support", "acronym": "ICVS",
    "full_name": "Amina Qureshi", "filer_name": "Indus Centre for Victim Support",
    "organization_name": "Indus Centre for Victim Support", "owner_name": "FIA",
    "lead_body_name": "Federal Investigation Agency", "owner_label": "FIA",
    "email": "amina.qureshi@example.org", "contact_email": "contact@example.org",
    "text": "Organize a yearly training on electronic evidence for judges and prosecutors.",
    "description": "A national workshop on the follow-up of the review recommendations.",
    "summary": "Training on electronic evidence.", "rationale":
    "Few cybercrime cases reach a verdict for lack of admissible electronic evidence.",
    "justification": "Training is planned within the national judicial academy.",
    "message": "We work on victim support in Punjab and would like to contribute.",
    "note": "Agreed at the coordination meeting.", "reason": "Outside the portal's scope.",
    "comment": "We support this recommendation.", "subject": "A recommendation was submitted",
    "reference": "PAK-2026-0012", "iso3": "PAK", "iso2": "PK", "party": "PAK",
    "country": "PAK", "instrument": "untoc", "instruments": ["untoc", "tip"],
    "themes": ["cybercrime"], "sdg_targets": ["16.4"], "code": "untoc", "key": "submitted",
    "timezone": "Asia/Karachi", "language": "en", "original_language": "en",
    "regional_group": "Asia-Pacific", "website": "https://www.example.org",
    "url": "https://portal.example.org/api/v1/recommendations/42/",
    "download_url": "https://portal.example.org/api/v1/evidence/7/download/",
    "online_url": "https://meet.example.org/untoc-review", "venue": "Islamabad",
    "evidence_url": "https://www.example.org/report-2026.pdf",
    "evidence_title": "Annual report 2026", "percent": 40, "average_percent": 40,
    "report_every_months": 3, "capacity": 60, "filename": "minutes.pdf",
    "file_name": "recommendations.xlsx", "content_type": "application/pdf", "size": 48213,
    "token": "untoc_1a2b3c4d_kYs0…(shown once)", "prefix": "untoc_1a2b3c4d",
    "file": "(the file's bytes, multipart)", "evidence": [], "recommendations": [42],
    "articles": [], "organizers": [], "accept": True, "approve": True, "confirm": True,
    "author": "Amina Qureshi",
    # an action's lead body is a government body, not the filing organization
    "lead_body": {"id": 5, "name": "Federal Investigation Agency", "acronym": "FIA"},
}
FORMATS = {"date-time": "2026-11-30T09:00:00Z", "date": "2026-11-30", "email":
           "amina.qureshi@example.org", "uri": "https://www.example.org", "uuid":
           "3f2b8c1e-7a4d-4e8b-9c21-5d6e7f8a9b0c", "binary": "(the file's bytes)",
           "ipv4": "192.0.2.10"}


#: Whole objects that the samples by property name would mix up (a party's name is not an
#: organization's).
COMPONENTS = {
    "PartyRef": {"id": 130, "name": "Pakistan", "iso3": "PAK"},
    "OrganizationRef": {"id": 3, "name": "Indus Centre for Victim Support",
                        "acronym": "ICVS"},
    "PersonRef": {"id": 17, "name": "Amina Qureshi"},
    "RecommendationRef": {"id": 42, "reference": "PAK-2026-0012",
                          "title": "Train judges and prosecutors on cybercrime evidence"},
}


def _resolve(schema: dict, root: dict) -> dict:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = root["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


TYPES = {"string": str, "integer": int, "number": int | float, "boolean": bool,
         "array": list, "object": dict}


def _fits(sample, schema: dict, root: dict) -> bool:
    """Whether a sample value has the type the schema asks for."""
    schema = _resolve(schema, root)
    if sample is None:
        return bool(schema.get("nullable"))
    alternatives = schema.get("oneOf") or schema.get("anyOf") or schema.get("allOf")
    if alternatives:
        return any(_fits(sample, part, root) for part in alternatives)
    if schema.get("enum") and sample not in schema["enum"]:
        return False
    kind = schema.get("type")
    if kind is None:
        return False
    if isinstance(sample, bool) != (kind == "boolean") or not isinstance(sample, TYPES[kind]):
        return False
    if isinstance(sample, list):
        return all(_fits(item, schema.get("items", {}), root) for item in sample)
    return True


def example_of(schema: dict, root: dict, *, request: bool, name: str = "",
               depth: int = 0):
    """An example value of ``schema`` (a request body leaves read-only properties out)."""
    component = schema.get("$ref", "").rsplit("/", 1)[-1] if isinstance(schema, dict) else ""
    schema = _resolve(schema, root)
    if component in COMPONENTS:
        built = example_of(schema, root, request=request, name=name, depth=depth)
        return {**built, **{k: v for k, v in COMPONENTS[component].items() if k in built}}
    if "example" in schema:
        return schema["example"]
    if name in SAMPLES and depth > 0 and not schema.get("enum") \
            and _fits(SAMPLES[name], schema, root):
        return SAMPLES[name]
    if schema.get("enum"):
        values = [v for v in schema["enum"] if v not in ("", None)]
        return values[0] if values else schema["enum"][0]
    for key in ("allOf", "oneOf", "anyOf"):
        if schema.get(key):
            parts = schema[key]
            if key == "allOf" and len(parts) > 1:
                merged: dict = {}
                for part in parts:
                    value = example_of(part, root, request=request, name=name, depth=depth)
                    if isinstance(value, dict):
                        merged.update(value)
                return merged
            return example_of(parts[0], root, request=request, name=name, depth=depth)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 6:
            return {}
        return {prop: example_of(sub, root, request=request, name=prop, depth=depth + 1)
                for prop, sub in schema.get("properties", {}).items()
                if not (request and _resolve(sub, root).get("readOnly", sub.get("readOnly")))}
    if kind == "array":
        if depth > 6:
            return []
        item = example_of(schema.get("items", {}), root, request=request, name=name,
                          depth=depth + 1)
        if isinstance(item, int) and not isinstance(item, bool):
            return [item + n for n in range(max(1, schema.get("minItems", 1)))]
        return [item] * max(1, schema.get("minItems", 1))
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return float(schema.get("minimum", 0) or 1.5)
    if kind == "boolean":
        return True
    if kind == "string":
        if schema.get("format") in FORMATS:
            return FORMATS[schema["format"]]
        return "text"
    return None


#: Examples of the text files some operations answer with (CSV, iCalendar), by operation
#: id: a function giving ``{media type: {example name: text}}``, registered with
#: ``text_examples`` by the app that serves the operation and called when the schema is
#: built (in the request's language, as the file would be written).
TEXT_EXAMPLES: dict[str, Callable[[], dict[str, dict[str, str]]]] = {}


def text_examples(operation_id: str):
    """Register the decorated function as the text examples of ``operation_id``."""
    def register(func: Callable[[], dict[str, dict[str, str]]]):
        TEXT_EXAMPLES[operation_id] = func
        return func
    return register


def _add_text_examples(operation: dict) -> None:
    build = TEXT_EXAMPLES.get(operation.get("operationId", ""))
    if build is None:
        return
    by_media = build()
    for code, response in operation.get("responses", {}).items():
        if not code.startswith("2"):
            continue
        for media, content in response.get("content", {}).items():
            named = by_media.get(media)
            if named and "example" not in content and "examples" not in content:
                content["examples"] = {name: {"summary": name, "value": text}
                                       for name, text in named.items()}


def add_examples(result, generator, request, public):
    """Every JSON, form or multipart body without an example gets one from its schema;
    the text files registered in TEXT_EXAMPLES get theirs."""
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            body = operation.get("requestBody", {}).get("content", {})
            given = next((c["example"] for c in body.values() if "example" in c), None)
            for media, content in list(body.items()):
                if "example" in content or "examples" in content or "schema" not in content:
                    continue
                if media.startswith(("application/json", "application/x-www-form",
                                     "multipart/")):
                    example = given if given is not None else example_of(
                        content["schema"], result, request=True)
                    # a form body is a set of fields: a list cannot be sent as a form, so
                    # such a body is documented as JSON only (documentation tools refuse
                    # a form example that is not a set of fields)
                    if isinstance(example, dict) or media.startswith("application/json"):
                        content["example"] = example
                    else:
                        del body[media]
            _add_text_examples(operation)
            for code, response in operation.get("responses", {}).items():
                if not code.startswith("2"):
                    continue
                for media, content in response.get("content", {}).items():
                    if "example" in content or "examples" in content or "schema" not in content:
                        continue
                    if "json" in media:
                        content["example"] = example_of(content["schema"], result,
                                                        request=False)
    return result
