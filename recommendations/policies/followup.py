"""May this user see, create, report on, assess or validate this follow-up action?"""

from __future__ import annotations

from consultations.roles import roles_of
from recommendations.models import Recommendation


def _served(action) -> list:
    return list(action.recommendations.all())


def is_public_action(action) -> bool:
    """Public when it serves at least one recommendation and all it serves are public."""
    served = _served(action)
    return bool(served) and all(
        r.is_public and r.status != Recommendation.Status.DRAFT for r in served
    )


def can_view_action(user, action) -> bool:
    roles = roles_of(user)
    if roles.is_unodc_staff or action.party_id in roles.official_party_ids:
        return True
    if is_public_action(action):
        return True
    return any(r.organization_id in roles.member_org_ids for r in _served(action))


def can_create_action(user, party_id: int) -> bool:
    roles = roles_of(user)
    return roles.is_unodc_staff or party_id in roles.focal_party_ids


def can_edit_action(user, action) -> bool:
    return can_create_action(user, action.party_id)


def can_report_progress(user, action) -> bool:
    """The action's responsible person or its lead body's agency contacts, or the State's
    focal person."""
    roles = roles_of(user)
    if action.party_id in roles.focal_party_ids:
        return True
    if action.party_id not in roles.agency_party_ids:
        return False
    # The named responsible person, or any contact of the lead government body (a
    # commitment names the body before anyone is made responsible).
    return action.responsible_id == user.pk or (
        action.lead_body_id is not None and action.lead_body_id in roles.agency_ids
    )


def can_edit_progress_report(user, report, action) -> bool:
    if not can_report_progress(user, action):
        return False
    return report.author_id == user.pk or action.party_id in roles_of(user).focal_party_ids


def can_assess(user, action) -> bool:
    """A coordinator of the organization (alliance) that filed a served recommendation."""
    return bool(assessable_org_ids(user, action))


def assessable_org_ids(user, action) -> set[int]:
    roles = roles_of(user)
    return {
        r.organization_id for r in _served(action) if r.organization_id in roles.coordinator_org_ids
    }


def can_validate(user, action) -> bool:
    return roles_of(user).is_unodc_staff


def can_view_evidence(user, evidence, action) -> bool:
    """Public evidence: everyone who sees the action. "Government and UNODC": also the
    filing organizations of the served recommendations. "UNODC only": UNODC staff and
    the government that reported it."""
    if not can_view_action(user, action):
        return False
    if evidence.visibility == "public":
        return True
    roles = roles_of(user)
    if roles.is_unodc_staff or action.party_id in roles.official_party_ids:
        return True
    return evidence.visibility == "government" and any(
        r.organization_id in roles.member_org_ids for r in _served(action)
    )


def can_view_staff_dashboard(user) -> bool:
    return roles_of(user).is_unodc_staff


def can_follow_up_event(user, event) -> bool:
    """Whether the user may turn the event's action items into follow-up actions: the
    same people who create follow-up actions for the event's State."""
    return event.party_id is not None and can_create_action(user, event.party_id)


def can_translate_progress_report(user, action) -> bool:
    """Add or remove a translation of a progress report: whoever reports progress on the
    action, or UNODC staff."""
    return can_report_progress(user, action) or roles_of(user).is_unodc_staff
