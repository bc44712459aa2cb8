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
            "party": 1,
            "title": "Ratify the Firearms Protocol",
            "text": "Pakistan should accede to the Firearms Protocol.",
            "rationale": "Illicit firearms flows fuel organized crime.",
            "instruments": [4],
        },
    },
    "events_action_items_follow_up_action_create": {
        "request": {"due_on": "2027-06-30"},
    },
}
