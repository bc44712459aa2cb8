"""Who may see what: the visibility rule of the portal in one table.

This is the statement of the rule that the selectors (what a user may see) and the
policies (what a user may do) implement. ``security.md`` shows the same table in plain
words and a test keeps the two equal; the leak test (tests/security/) seeds one thing of
each row, walks every URL pattern and API operation as every role, and checks that each
thing shows up exactly where this table says.

Plain data: no imports of the apps (``portal`` is the kernel).
"""

from __future__ import annotations

#: The roles, in the order of the table's columns, with their description.
ROLES: dict[str, str] = {
    "anonymous": "anyone, not signed in",
    "member": "a member of the organization that filed the recommendations",
    "alliance_coordinator": "a coordinator of a verified alliance that the filing "
                            "organization has accepted to join (the draft is not shared)",
    "other_alliance": "a coordinator of another alliance (which lists the filing "
                      "organization as a member on its own say-so)",
    "cosigner": "a coordinator of an organization invited to co-sign",
    "focal": "the national focal person of the State addressed",
    "other_focal": "the national focal person of another State",
    "agency": "an agency contact of the government body leading the follow-up action",
    "staff": "UNODC staff",
}

#: The restricted things (rows), with their description.
THINGS: dict[str, str] = {
    "draft_title": "a draft recommendation's title and text",
    "restricted_recommendation": "a submitted recommendation that the filer has not made "
                                 "public",
    "pending_answer": "a State's answer awaiting a second official's approval",
    "internal_note": "an internal note on a recommendation",
    "hidden_comment": "a comment hidden by a moderator",
    "pending_organization": "an organization awaiting verification",
    "rejected_organization": "an organization whose registration was rejected",
    "draft_event": "a draft (unpublished) event",
    "online_link": "the online meeting link of an event",
    "other_notification": "another user's notification",
    "restricted_progress": "a progress report on a follow-up action that serves only a "
                           "restricted recommendation",
    "draft_attachment": "an attachment of a draft recommendation",
    "private_evidence": "evidence of progress kept for the government, UNODC and the "
                        "filing organizations",
    "in_state_filer": "the name of an organization that filed as \"a civil society "
                      "organization in <State>\", next to that recommendation",
    "unodc_only_filer": "the name of an organization that filed as known to UNODC only, "
                        "next to that recommendation (public or not)",
    "in_state_cosigner": "the name of a co-signer that signed as \"a civil society "
                         "organization in <State>\", next to that recommendation",
    "unodc_only_cosigner": "the name of a co-signer that signed as known to UNODC only, "
                           "next to that recommendation",
    "government_rationale": "the rationale of a public recommendation kept for the "
                            "government and UNODC",
    "unodc_rationale": "the rationale of a public recommendation kept for UNODC",
    "government_attachment": "an attachment of a public recommendation kept for the "
                             "government and UNODC (its name and content)",
    "unodc_attachment": "an attachment of a public recommendation kept for UNODC",
    "unodc_evidence": "evidence of progress kept for the government that reported it and "
                      "UNODC",
    "restricted_translation": "a translation of a restricted recommendation",
    "import_job": "a spreadsheet import (its rows, preview and report)",
    "unlisted_organization": "an organization that chose not to be listed in the public "
                             "directory",
}

_SEES: dict[str, set[str]] = {
    "draft_title": {"member", "cosigner"},
    "restricted_recommendation": {"member", "alliance_coordinator", "cosigner", "focal",
                                  "agency", "staff"},
    "pending_answer": {"focal", "agency", "staff"},
    "internal_note": {"focal", "agency", "staff"},
    "hidden_comment": {"staff"},
    "pending_organization": {"staff"},
    "rejected_organization": {"staff"},
    "draft_event": {"focal", "staff"},
    # registered participants (the member has registered), the event's managers
    "online_link": {"member", "focal", "staff"},
    "other_notification": set(),
    "restricted_progress": {"member", "focal", "agency", "staff"},
    "draft_attachment": {"member", "cosigner"},
    "private_evidence": {"member", "focal", "agency", "staff"},
    # exactly as its recommendation
    "restricted_translation": {"member", "alliance_coordinator", "cosigner", "focal",
                               "agency", "staff"},
    # safe filing: the filing organization and the organizations invited to co-sign (the
    # authors) always see; the addressee State's officials see what is kept "for the
    # government"; UNODC staff see everything
    "in_state_filer": {"member", "cosigner", "focal", "agency", "staff"},
    "unodc_only_filer": {"member", "cosigner", "staff"},
    "in_state_cosigner": {"member", "cosigner", "focal", "agency", "staff"},
    "unodc_only_cosigner": {"member", "cosigner", "staff"},
    "government_rationale": {"member", "cosigner", "focal", "agency", "staff"},
    "unodc_rationale": {"member", "cosigner", "staff"},
    "government_attachment": {"member", "cosigner", "focal", "agency", "staff"},
    "unodc_attachment": {"member", "cosigner", "staff"},
    "unodc_evidence": {"focal", "agency", "staff"},
    # its owner (here the alliance's coordinator) and UNODC staff
    "import_job": {"alliance_coordinator", "staff"},
    # its members, the officials of its State, UNODC staff
    "unlisted_organization": {"member", "focal", "agency", "staff"},
}

#: VISIBILITY[thing][role]: may that role see that thing?
VISIBILITY: dict[str, dict[str, bool]] = {
    thing: {role: role in _SEES[thing] for role in ROLES} for thing in THINGS
}


def may_see(role: str, thing: str) -> bool:
    return VISIBILITY[thing][role]
