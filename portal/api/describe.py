"""Descriptions for the contract's properties and parameters that their serializer field,
filter or view does not describe itself: a field's own help_text wins, then its model
field's help_text, then the glossary of the names the API uses throughout (GLOSSARY),
then a sentence made from the model field's verbose name or the property's name. Written
in English, like the operations' descriptions (portal.api.contract)."""

from __future__ import annotations

import re

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

#: What a name means wherever the API uses it.
GLOSSARY = {
    # identity, links and paging
    "id": "Its id: a whole number, stable for the object's life (use it in paths).",
    "url": "Its address in the API.",
    "download_url": "Where to download the file (an authenticated GET).",
    "count": "How many objects match, on every page together.",
    "next": "The next page's address, or null on the last page.",
    "previous": "The previous page's address, or null on the first page.",
    "results": "The objects of this page.",
    "version": "Its version, raised by every change (see ETag and If-Match).",
    "expected_version": "The version you read (its `version`): a change made meanwhile is "
                        "a 409 with nothing changed. Leave it out to skip the check.",
    "current_version": "The version that is current now (on a 409 conflict).",
    "code": "A stable code (the same in every language).",
    "key": "A stable key (the same in every language).",
    "label": "Its name, in the language asked for.",
    "reference": "Its reference, e.g. PAK-2026-0012 (given on submission).",
    # people and organizations
    "organization": "The organization (its id in requests).",
    "organization_name": "The organization's name.",
    "organizations": "The organizations.",
    "alliance": "The alliance or network (an organization).",
    "alliances": "The alliances or networks it belongs to.",
    "lead_organization": "The alliance's lead organization.",
    "member_organizations": "The alliance's member organizations.",
    "lead_body": "The government body that leads it (an organization).",
    "lead_body_name": "The lead body's name, as you may read it.",
    "owner_organization": "The organization that owns the item.",
    "user": "The person (a user account).",
    "author": "Who wrote it, as you may read it.",
    "actor": "Who did it, as you may read it.",
    "email": "An e-mail address.",
    "contact_email": "The address at which the organization may be contacted.",
    "full_name": "The person's name.",
    "responsible": "The person responsible (a user account).",
    "focal_person": "The national focal person (a user account).",
    "unodc_contact": "The UNODC staff member in charge (a user account).",
    "invited_by": "Who sent the invitation.",
    "added_by": "Who added it.",
    "edited_by": "Who made the change.",
    "moderated_by": "The UNODC staff member who moderated it.",
    "translated_by": "Who translated it.",
    "filer_name": "The filing organization as you may read it (see `attribution`).",
    "role": "The role.",
    "agency": "The government body (an organization), for an agency contact.",
    "party": "The State party (its ISO3 code or id in requests).",
    "country": "The State party where it is based.",
    "iso3": "The ISO 3166 alpha-3 code, e.g. PAK.",
    "iso2": "The ISO 3166 alpha-2 code, e.g. PK.",
    "regional_group": "The United Nations regional group.",
    "timezone": "An IANA time zone, e.g. Asia/Karachi.",
    "language": "A language code of the portal (ar, en, es, fr, ru, zh-hans).",
    "original_language": "The language it was written in.",
    "is_original": "Whether this is the text as written (not a translation).",
    # texts
    "name": "Its name.",
    "title": "Its title.",
    "short_title": "Its short title.",
    "summary": "A short summary.",
    "description": "A description (plain text or Markdown).",
    "text": "The text (Markdown).",
    "message": "A message to the people who decide.",
    "note": "A note for the record (shown in the timeline).",
    "reason": "The reason, shown to the people concerned.",
    "comment": "A comment.",
    "rationale": "Why: the reasons and evidence behind it.",
    "justification": "Why the State takes this position.",
    "subject": "The subject line.",
    "acronym": "Its acronym.",
    "website": "Its website.",
    "venue": "Where it takes place (in person or hybrid).",
    "online_url": "The link to join online (online or hybrid).",
    "error": "What went wrong.",
    "last_error": "The last delivery error.",
    "fields": "Errors per field: {field: [messages]}.",
    # states and kinds
    "status": "Its status (one of the values listed).",
    "state": "Its state (one of the values listed).",
    "kind": "Its kind (one of the values listed).",
    "category": "Its category (one of the values listed).",
    "subtype": "A finer category (one of the values listed), or empty.",
    "mode": "How it is held or delivered (one of the values listed).",
    "position": "The State's position (one of the values listed).",
    "verdict": "The verdict (one of the values listed).",
    "attribution": "Who may read the filer's name (one of the values listed).",
    "validated_status": "The status UNODC validated.",
    "response_status": "The status of the State's response.",
    "email_status": "The delivery status of the e-mail.",
    "percent": "How far it has come, 0 to 100.",
    "average_percent": "The average progress, 0 to 100.",
    # dates
    "created_at": "When it was created (date and time, UTC).",
    "updated_at": "When it was last changed (date and time, UTC).",
    "submitted_at": "When it was submitted, or null.",
    "published_at": "When it was published, or null.",
    "decided_at": "When it was decided, or null.",
    "responded_at": "When the State responded, or null.",
    "uploaded_at": "When the file was uploaded.",
    "invited_at": "When the invitation was sent.",
    "expires_at": "When it expires.",
    "accepted_at": "When it was accepted, or null.",
    "revoked_at": "When it was revoked, or null.",
    "cancelled_at": "When it was cancelled, or null.",
    "ended_at": "When it ended, or null.",
    "joined_at": "When the person joined.",
    "assigned_at": "When the role was assigned.",
    "read_at": "When you read it, or null.",
    "validated_at": "When UNODC validated it, or null.",
    "moderated_at": "When it was moderated, or null.",
    "edited_at": "When it was changed.",
    "occurred_at": "When it happened.",
    "started_at": "When it started, or null.",
    "finished_at": "When it finished, or null.",
    "next_attempt_at": "When delivery is tried next, or null.",
    "email_sent_at": "When the e-mail was sent, or null.",
    "starts_at": "When it starts (date and time, with its offset).",
    "ends_at": "When it ends (date and time, with its offset).",
    "registration_deadline": "The last moment to register, or null.",
    "due_on": "The date it is due.",
    "response_due_on": "The date by which the State should respond.",
    "reported_on": (
        "The date the report speaks for: today or earlier (a date in the future is refused)."
    ),
    "start_on": "The date work starts.",
    "launched_on": "The date it was launched.",
    "last_report_on": "The date of the latest progress report, or null.",
    "adopted_on": "The date it was adopted.",
    "in_force_on": "The date it entered into force.",
    "date": "The date.",
    # follow-up
    "recommendations": "The recommendations it follows up (by their ids in requests).",
    "recommendation": "The recommendation.",
    "action": "The follow-up action.",
    "actions": "The follow-up actions.",
    "progress_reports": "Its progress reports, newest first.",
    "report_every_months": "How often progress is reported, in months.",
    "report_count": "How many progress reports it has.",
    "evidence": "The evidence attached.",
    "evidence_url": "A link to public evidence.",
    "evidence_title": "The title of the linked evidence.",
    "confirm_implemented": (
        "Confirm the status 'implemented' with a progress below 100%: without it (true), "
        "that combination is refused with a 400 naming this field."
    ),
    "in_disagreement": "Whether the alliance's assessment disagrees with the State's report.",
    "is_public": "Whether everybody may see it.",
    "commitments": "What the State commits to, one row each.",
    "response": "The State's response, or null.",
    "cosignatures": "The organizations that co-sign it.",
    "endorsements": "The organizations that endorse it.",
    "endorsement_count": "How many organizations endorse it.",
    "versions": "Its corrections, oldest first.",
    "permissions": "What you may do with it (each true or false).",
    "is_overdue": "Whether it is past its due date.",
    # reference data
    "cluster": "The thematic cluster (its id).",
    "instrument": "The instrument (its code).",
    "instruments": "The instruments it concerns (their codes).",
    "themes": "Its themes (their slugs).",
    "sdg_targets": "The SDG targets it serves (their numbers).",
    "articles": "The articles it concerns (their ids).",
    "article_count": "How many articles it has.",
    "number": "Its number.",
    "roman": "Its number in Roman numerals.",
    "parent": "The instrument it supplements (its code), or null.",
    "adoption_reference": "The resolution that adopted it.",
    "treaty_actions": "Signatures, ratifications and other treaty actions.",
    "reservations": "Reservations and declarations.",
    "article_reference": "The articles it applies to.",
    "is_consent": "Whether the action binds the State (ratification, accession…).",
    # events
    "event": "The event (its id).",
    "pilot": "The pilot initiative (its id).",
    "pilots": "The pilot initiatives.",
    "network": "The network that organizes it.",
    "working_group": "The working group (its id).",
    "organizers": "The organizations that organize it (their ids).",
    "capacity": "How many places there are (null: no limit).",
    "confirmed_count": "How many registrations are confirmed.",
    "waitlist_count": "How many registrations wait for a place.",
    "event_count": "How many events it has.",
    "milestones": "Its milestones.",
    "minutes": "The minutes (Markdown).",
    "attendance": "Participants counted by stakeholder category.",
    "owner_name": "Who owns the item (an organization or a person or body).",
    "owner_label": "The owner as you may read it.",
    # files and imports
    "file": "The file (multipart upload).",
    "filename": "The file's name.",
    "file_name": "The uploaded file's name.",
    "file_format": "The file's format.",
    "content_type": "The file's media type.",
    "size": "The file's size in bytes.",
    "is_file": "Whether the evidence is a file (else a link).",
    "encoding": "The text encoding of the file.",
    "headers": "The column headers of the file's first row.",
    "mapping": "Which field each column fills.",
    "preview_rows": "The first rows as they would be imported.",
    "all_or_nothing": "Import nothing if any row fails.",
    "done": "How many rows are done.",
    "created": "How many objects were created.",
    "updated": "How many objects were changed.",
    "skipped": "How many rows were skipped (unchanged).",
    "failed": "How many rows failed.",
    "scope_id": "The object the import belongs to.",
    # accounts and notifications
    "is_unodc_staff": "Whether the person is UNODC staff.",
    "coordinator_organizations": "The organizations you coordinate.",
    "focal_person_of": "The States you are a focal person of.",
    "agency_contact_of": "The government bodies you are a contact of.",
    "requires_mfa": "Whether two-factor authentication is required (and active).",
    "urgent": "Whether it is urgent.",
    "is_read": "Whether you have read it.",
    "marked": "How many were marked.",
    "email_attempts": "How many times delivery was tried.",
    "public": "Whether it is public.",
    "can_edit": "Whether you may change it.",
    "is_alliance": "Whether it is an alliance or network of organizations.",
    "ecosoc_status": "Whether it has ECOSOC consultative status.",
    "accept": "true to accept, false to decline (required).",
    "approve": "true to approve, false to refuse (required).",
    "confirm": "true to confirm (required).",
    "confirm_reveal": "Confirm that more readers may see it than now.",
    "revisions": "Earlier versions of the report.",
    "open": "How many are open.",
    "overdue": "How many are overdue.",
    "total": "How many in all.",
    "implemented": "How many are implemented.",
    "median_days": "The median number of days.",
}
#: A property whose name ends so is described by the rule.
SUFFIXES = (
    ("_at", "When it was {words} (date and time, UTC), or null."),
    ("_on", "The date: {words}."),
    ("_count", "How many: {words}."),
    ("_url", "A link: {words}."),
    ("_id", "The id of the {words}."),
    ("_visibility", "Who may read the {words} (one of the values listed)."),
)
PREFIXES = (("is_", "Whether it is {words}."), ("can_", "Whether you may {words}."),
            ("has_", "Whether it has {words}."))


def _words(name: str) -> str:
    return name.replace("_", " ").strip()


def by_name(name: str) -> str:
    """The description of a property or parameter from its name alone."""
    if name in GLOSSARY:
        return GLOSSARY[name]
    for suffix, template in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return template.format(words=_words(name[: -len(suffix)]))
    for prefix, template in PREFIXES:
        if name.startswith(prefix):
            return template.format(words=_words(name[len(prefix):]))
    return f"{capfirst(_words(name))}."


def _model_field(field):
    parent = getattr(field, "parent", None)
    while parent is not None and not hasattr(parent, "Meta") and hasattr(parent, "parent"):
        parent = parent.parent  # a list serializer or a many-related field
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", "") or ""
    if model is None or not re.fullmatch(r"[a-z_0-9]+", source):
        return None
    try:
        return model._meta.get_field(source)
    except FieldDoesNotExist:
        return None


def describe_field(field) -> str:
    """The description of a serializer field without help_text."""
    name = getattr(field, "field_name", "") or ""
    model_field = _model_field(field)
    if model_field is not None and getattr(model_field, "help_text", ""):
        return str(model_field.help_text)
    if name in GLOSSARY:
        return GLOSSARY[name]
    if model_field is not None and getattr(model_field, "verbose_name", ""):
        verbose = str(model_field.verbose_name)
        if verbose.replace(" ", "_").lower() != name.lower():
            return f"{capfirst(verbose)}."
    return by_name(name)


def resource_of(path: str, name: str) -> str:
    """The kind of object a path parameter names, from the path segment before it."""
    parts = [p for p in path.strip("/").split("/") if p]
    index = next((i for i, p in enumerate(parts) if p == "{" + name + "}"), None)
    if not index:
        return "object"
    word = parts[index - 1].replace("-", " ")
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def describe_parameter(path: str, param: dict) -> str:
    name = param["name"]
    if param.get("in") == "path":
        if name in {"id", "pk"} or name.endswith(("_pk", "_id")):
            return f"The id of the {resource_of(path, name)}."
        if name == "iso3":
            return GLOSSARY["iso3"]
        return f"The {_words(name)}."
    if name in {"organization", "alliance", "owner_organization", "pilot", "event",
                "cluster", "article"}:
        return f"Only those of this {_words(name)} (its id)."
    if name in {"iso3", "code", "number", "email", "title"}:
        return f"Only the one with this {_words(name)}."
    if name in {"is_alliance", "ecosoc_status"}:
        return f"true or false: {by_name(name)[0].lower()}{by_name(name)[1:]}"
    return by_name(name)
