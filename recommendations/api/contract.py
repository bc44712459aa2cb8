"""Descriptions and examples of the recommendations API's operations (applied to the
schema by portal.api.contract)."""

from __future__ import annotations

OPERATIONS = {
    "cosignatures_decide_create": (
        "`accept` is required (true or false, in JSON and form bodies alike). A "
        "coordinator of the invited organization confirms (its name then appears on the "
        "recommendation) or declines."
    ),
    "cosignatures_protection_create": (
        "The co-signer's coordinators choose who may read its name: `named`, `in_state` "
        "(\"a civil society organization in <State>\" for the public) or `unodc_only`. "
        "Showing the name to more readers than before needs `confirm_reveal: true`."
    ),
    "evidence_download_retrieve": (
        "Always a file to save (`Content-Disposition: attachment`). Public evidence of a "
        "public action is open to everybody; restricted evidence only to the State's "
        "officials, UNODC staff and the filing organization; anybody else gets a 404."
    ),
    "states_retrieve": (
        "What the State's page shows: treaty status per instrument, the recommendations "
        "and follow-up actions you may see (drafts and restricted ones only to whom "
        "`security.md` allows), announced events and pilot initiatives."
    ),
}

EXAMPLES = {
    "recommendations_create": {
        "request": {
            "organization": 3,
            "party": "PAK",
            "title": "Ratify the Firearms Protocol",
            "text": "Pakistan should accede to the Firearms Protocol.",
            "rationale": "Illicit firearms flows fuel organized crime.",
            "instruments": ["firearms"],
            "themes": ["ratification"],
            "sdg_targets": ["16.4"],
        },
    },
    "recommendations_partial_update": {
        "request": {"title": "Ratify the Firearms Protocol by 2027", "expected_version": 3,
                    "instruments": ["firearms", "untoc"]},
    },
    "actions_create": {
        "request": {"party": "PAK", "title": "Set up a cybercrime training unit",
                    "recommendations": [42], "lead_body": 12, "status": "planned",
                    "percent": 0, "due_on": "2027-06-30"},
    },
    "events_create": {
        "request": {"kind": "workshop", "title": "Follow-up workshop on the review",
                    "party": "PAK", "mode": "in_person", "venue": "Islamabad",
                    "starts_at": "2027-03-10T09:00:00+05:00",
                    "ends_at": "2027-03-10T17:00:00+05:00"},
    },
    "events_action_items_follow_up_action_create": {
        "request": {"due_on": "2027-06-30"},
    },
}
