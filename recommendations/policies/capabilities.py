"""Everything the user may do with a recommendation, in one dict for the web page and
the API."""

from __future__ import annotations

from recommendations.policies.recommendations import (
    can_add_attachment,
    can_approve_response,
    can_comment,
    can_correct_recommendation,
    can_edit_recommendation,
    can_invite_cosigner,
    can_moderate_comments,
    can_publish_recommendation,
    can_respond,
    can_set_deadline,
    can_share_with_alliance,
    can_start_consideration,
    can_submit_recommendation,
    can_translate_recommendation,
    can_view_notes,
    can_withdraw_recommendation,
    endorsing_org_ids,
)
from recommendations.policies.safe_filing import can_change_attribution


def recommendation_capabilities(
    user, recommendation, *, endorse_ids: frozenset[int] | set[int] | None = None
) -> dict[str, bool]:
    """What the user may do with the recommendation: one dict for the web page (``can``)
    and the API (``permissions``), with the same keys. ``endorse_ids``: the user's
    organizations that may endorse it, when the caller has them already."""
    if endorse_ids is None:
        endorse_ids = endorsing_org_ids(user, recommendation)
    return {
        "edit": can_edit_recommendation(user, recommendation),
        "submit": can_submit_recommendation(user, recommendation),
        "withdraw": can_withdraw_recommendation(user, recommendation),
        "publish": can_publish_recommendation(user, recommendation),
        "invite_cosigner": can_invite_cosigner(user, recommendation),
        "endorse": bool(endorse_ids),
        "respond": can_respond(user, recommendation),
        "comment": can_comment(user, recommendation),
        "correct": can_correct_recommendation(user, recommendation),
        "approve_response": can_approve_response(user, recommendation),
        "consider": can_start_consideration(user, recommendation),
        "set_deadline": can_set_deadline(user, recommendation),
        "notes": can_view_notes(user, recommendation),
        "moderate_comments": can_moderate_comments(user),
        "attach": can_add_attachment(user, recommendation),
        "share": can_share_with_alliance(user, recommendation),
        "translate": can_translate_recommendation(user, recommendation),
        "protect": can_change_attribution(user, recommendation),
    }
