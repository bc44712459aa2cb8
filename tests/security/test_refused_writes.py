"""The leak test's writes: every state-changing URL pattern and API operation is sent
by every role its policy refuses (WRITE_ALLOWED names those it allows); each must be
refused and change nothing (a snapshot of every row before and after)."""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.db import transaction

from tests.security.leaks import (
    COSIGNATURES,
    MEMBERSHIPS,
    NOTIFICATIONS,
    ORGS,
    RECS,
    SAFE_RECS,
    UNNAMED_SIGNERS,
    WRITE_ROLES,
    Seeded,
    in_savepoint,
)

pytestmark = pytest.mark.django_db  # the world itself is seeded once, for the package


#: Reference data that no page of the portal writes: counted, not read row by row.
REFERENCE = {
    "Instrument",
    "Article",
    "Cluster",
    "WorkingGroup",
    "Party",
    "TreatyAction",
    "Reservation",
    "RegionalNetwork",
    "Theme",
    "SdgTarget",
    "ReferenceCounter",
}


def _snapshot() -> str:
    """A fingerprint of every row of the portal's tables (reference data: the counts)."""
    digest = hashlib.sha256()
    for label in ("consultations", "recommendations", "accounts", "notifications", "core"):
        for model in apps.get_app_config(label).get_models():
            qs = model.objects.order_by("pk")
            rows = qs.count() if model.__name__ in REFERENCE else list(qs.values_list())
            digest.update(f"{model._meta.label}{rows}".encode())
    return digest.hexdigest()


#: Self-service URLs: each signed-in user acts on their own account, session or inbox
#: (and anonymous on signing in or up); nobody else's data is reachable through them.
SELF_SERVICE = {
    "set_language",
    "javascript-catalog",
    "profile",
    "personal_data",
    "account_close",
    "api_tokens",
    "api_token_create",
    "notifications:mark_all_read",
    "notifications:preferences",
    "api-notification-read-all",
    "organizations:register",
    "api-organization-list",
    "api-invitation-accept",
    "organizations:invitation",
    "api-me-profile",
    "api-me-close",
    "api-me-tokens",
    "api-me-notification-preferences",
}
#: Web pages that only read (some answer a POST as a GET): no state to change.
READ_ONLY = {
    "home",
    "my_work",
    "health",
    "health_live",
    "health_ready",
    "dashboard:export",
    "dashboard:exports",
    "dashboard:public",
    "dashboard:public_scorecard",
    "dashboard:staff",
    "dashboard:staff_scorecard",
    "events:detail",
    "events:document",
    "events:feed",
    "events:ical",
    "events:list",
    "events:my_registrations",
    "events:registrations",
    "followup:detail",
    "followup:list",
    "organizations:detail",
    "organizations:directory",
    "organizations:mine",
    "organizations:members",
    "pilots:detail",
    "pilots:list",
    "states:detail",
    "states:list",
    "states:report",
    "states:report_pdf",
    "recommendations:list",
    "recommendations:detail",
    "recommendations:similar",
    "recommendations:queue",
    "recommendations:preview",
    "recommendations:receipt",
    "followup:evidence",
    "recommendations:attachment_download",
    "notifications:inbox",
    "notifications:outbox",
    "notifications:open",
    "organizations:queue",
    "api_schema",
    "api_docs",
    "api_redoc",
}
SIGNED_IN = set(WRITE_ROLES) - {"anonymous"}

MANAGERS = {"focal", "staff"}  # of the State's events, pilots and follow-up
VERIFIED_MEMBERS = {
    "member",
    "alliance_coordinator",
    "other_alliance",
    "cosigner",
    "alliance_member",
}
STAFF = {"staff"}
FILERS = {
    "restricted": {"member"},
    "public": {"member"},
    "alliance_rec": {"alliance_coordinator"},
    **dict.fromkeys(SAFE_RECS, {"member"}),
}
JOINERS = {
    "filing": SIGNED_IN - {"member"},
    "alliance": SIGNED_IN - {"alliance_coordinator", "alliance_member"},
    "other_alliance": SIGNED_IN - {"other_alliance"},
    # those who may see it (its State's officials, UNODC staff), not its member
    "unlisted": {"focal", "agency", "staff"},
}

#: Organizations that no role of the table manages (UNODC staff do).
OWN_ORGS = ["filing", "pending", "rejected", "unlisted"]

#: The roles a state-changing URL's policy allows (they are not tried): by pattern, or by
#: pattern and seeded object (the name of its id in the world).
WRITE_ALLOWED: dict[str, set[str] | dict[str, set[str]]] = {
    **dict.fromkeys(
        [
            "api-action-detail",
            "api-event-attendance",
            "api-event-detail",
            "api-event-document-detail",
            "api-event-document-list",
            "api-event-minutes",
            "api-event-action-item-list",
            "api-event-action-item-detail",
            "api-event-change-status",
            "api-pilot-detail",
            "api-pilot-milestone-list",
            "api-pilot-milestone-detail",
            "events:action_item_create",
            "events:action_item_status",
            "events:document_delete",
            "events:document_upload",
            "events:edit",
            "events:outcomes",
            "events:status",
            "pilots:edit",
            "pilots:milestone_create",
            "pilots:milestone_edit",
            "api-action-list",
            "followup:edit",
            "followup:validate",
            "api-action-validation",
        ],
        MANAGERS,
    ),
    "followup:create": MANAGERS,
    "api-event-action-item-follow-up-action": MANAGERS,
    "api-action-progress-report": {"agency", "focal"},
    "api-action-progress-reports": {"agency", "focal"},
    "followup:report": {"agency", "focal"},
    "followup:report_edit": {"agency", "focal"},
    **dict.fromkeys(
        [
            "api-invitation-revoke",
            "organizations:invitation_revoke",
            "organizations:join_request_decide",
            "organizations:official_role_revoke",
            "organizations:unodc_staff_revoke",
            "organizations:official_roles",
            "api-official-roles",
            "api-official-role-revoke",
            "api-unodc-staff",
            "api-unodc-staff-revoke",
            "api-outbox-retry",
            "api-organization-verify",
            "api-organization-reject",
            "organizations:decide",
            "api-join-request-decide",
            "notifications:retry",
            "recommendations:deadline",
            "api-recommendation-deadline",
            "recommendations:comment_moderate",
            "api-recommendation-comment-moderate",
        ],
        STAFF,
    ),
    "api-membership-detail": {"member", "staff"},  # leaving one's organization
    "organizations:membership_remove": {"member", "staff"},
    "api-notification-read": {"member_notification": {"member"}},
    "notifications:mark_read": {"member_notification": {"member"}},
    "api-organization-detail": {
        "alliance": {"alliance_coordinator", "staff"},
        "other_alliance": {"other_alliance", "staff"},
        **dict.fromkeys(OWN_ORGS, STAFF),
    },
    # an organization's own coordinators (filing's is no role here)
    **dict.fromkeys(
        ["organizations:listing", "api-organization-listing"],
        {"alliance": {"alliance_coordinator"}, "other_alliance": {"other_alliance"}},
    ),
    "organizations:edit": {
        "alliance": {"alliance_coordinator", "staff"},
        "other_alliance": {"other_alliance", "staff"},
        **dict.fromkeys(OWN_ORGS, STAFF),
    },
    "api-organization-join-requests": JOINERS,
    "organizations:join": JOINERS,
    "recommendations:consider": {"focal"},
    "api-recommendation-consider": {"focal"},
    "recommendations:respond": {"focal"},
    "api-recommendation-response": {"focal"},
    **dict.fromkeys(
        [
            "api-recommendation-detail",
            "api-recommendation-attachment",
            "recommendations:attachment_delete",
            "recommendations:delete",
            "recommendations:attachment_upload",
            "api-recommendation-attachments",
        ],
        {"draft": {"member"}},
    ),
    # a submitted one: the filer's members are sent to its page
    "recommendations:edit": {
        "draft": {"member"},
        **FILERS,
        "alliance_rec": {"alliance_coordinator", "alliance_member"},
    },
    "recommendations:submit": {"draft": {"member"}},
    "api-recommendation-submit": {"draft": {"member"}},
    # who may see what: the filer's voice (drafts too); a confirmed co-signer's
    **dict.fromkeys(
        ["recommendations:protection", "api-recommendation-protection"],
        {"draft": {"member"}, **FILERS},
    ),
    "recommendations:cosign_protection": dict.fromkeys(UNNAMED_SIGNERS.values(), {"cosigner"}),
    "api-cosignature-protection": dict.fromkeys(COSIGNATURES[1:], {"cosigner"}),
    **dict.fromkeys(
        [
            "api-recommendation-publish",
            "api-recommendation-withdraw",
            "recommendations:publish",
            "recommendations:withdraw",
            "recommendations:correct",
            "api-recommendation-versions",
        ],
        FILERS,
    ),
    "api-registration-cancel": {"member", "focal", "staff"},
    "events:registration_cancel": {"member", "focal", "staff"},
    "api_token_revoke": {"member"},
    "api-me-token-revoke": {"member"},
    "events:create": {"focal", "other_focal", "staff"},
    "recommendations:consolidate": {"alliance_coordinator"},
    # the seeded import is the alliance coordinator's own: mapping, confirming, cancelling it
    **dict.fromkeys(
        [
            "imports:mapping",
            "imports:preview",
            "imports:cancel",
            "api-import-mapping",
            "api-import-confirm",
            "api-import-cancel",
        ],
        {"alliance_coordinator"},
    ),
    "recommendations:cosign_decide": {"cosigner"},
    "recommendations:create": VERIFIED_MEMBERS,
    "recommendations:share": {"draft": {"member"}},
    # the filer, or UNODC staff once submitted
    **dict.fromkeys(
        [
            "recommendations:translation_add",
            "recommendations:translation_delete",
            "api-recommendation-translations",
            "api-recommendation-translation-delete",
        ],
        {
            "draft": {"member"},
            "restricted": {"member", "staff"},
            "public": {"member", "staff"},
            "alliance_rec": {"alliance_coordinator", "staff"},
        },
    ),
    # the State's response: its focal persons or UNODC staff (the seeded response,
    # awaiting approval, is on the public recommendation)
    **dict.fromkeys(
        [
            "recommendations:response_translation_add",
            "recommendations:response_translation_delete",
            "api-recommendation-response-translations",
            "api-recommendation-response-translation-delete",
        ],
        {"public": {"focal", "staff"}},
    ),
    # a progress report: whoever reports progress on the action, or UNODC staff
    **dict.fromkeys(
        [
            "followup:report_translation_add",
            "followup:report_translation_delete",
            "api-action-progress-report-translations",
            "api-action-progress-report-translation-delete",
        ],
        {"focal", "agency", "staff"},
    ),
    # an alliance invites through its coordinators; a verified organization's
    # coordinators ask to join another's alliance
    **dict.fromkeys(
        ["organizations:alliance_invite", "api-organization-alliance-members"],
        {"alliance": {"alliance_coordinator"}, "other_alliance": {"other_alliance"}},
    ),
    **dict.fromkeys(
        ["organizations:alliance_join", "api-organization-alliance-requests"],
        {
            "alliance": {"cosigner", "other_alliance"},
            "other_alliance": {"cosigner", "alliance_coordinator"},
        },
    ),
    # the asked side decides (filing's coordinator is no role here); either side ends
    **dict.fromkeys(
        [
            "organizations:alliance_membership_decide",
            "api-alliance-membership-accept",
            "api-alliance-membership-decline",
            "api-alliance-membership-end",
        ],
        {
            "alliance_membership": {"alliance_coordinator", "staff"},
            "claimed_membership": {"other_alliance", "staff"},
        },
    ),
}

#: Answered without a refusal status but changing nothing, by design: submitting again
#: (a double click) returns the submitted recommendation; the registration page explains
#: why one cannot register.
UNCHANGED_OK = {"recommendations:submit", "api-recommendation-submit", "events:register"}


def _object_of(path: str, world) -> str:
    """The name of the seeded object a path acts on ("" when none)."""
    from django.urls import resolve

    match = resolve(path)
    pk = match.kwargs.get("pk")
    names = [n for n, v in world.ids.items() if str(v) == str(pk)]
    # ids of different tables collide: keep the table the URL is about (the first
    # family the view's name mentions)
    for family, candidates in (
        ("cosignature", COSIGNATURES),
        ("alliance_membership", MEMBERSHIPS),
        ("alliance-membership", MEMBERSHIPS),
        ("recommendation", RECS),
        ("organization", ORGS),
        ("notification", NOTIFICATIONS),
    ):
        if family in match.view_name:
            names = [n for n in names if n in candidates]
            break
    return names[0] if names else ""


def _allowed(key: str, path: str, world) -> set[str]:
    allowed = WRITE_ALLOWED.get(key, set())
    if isinstance(allowed, dict):
        allowed = allowed.get(_object_of(path, world), set())
    return allowed


def _write_methods(seeded: Seeded) -> dict[str, set[str]]:
    methods: dict[str, set[str]] = {}
    for method, _template, key in seeded.operations:
        if method != "GET":
            methods.setdefault(key, set()).add(method)
    for pattern in seeded.patterns:
        if pattern.key in seeded.paths and not pattern.is_api:
            methods.setdefault(pattern.key, set()).add("POST")
    return methods


def _skipped(key: str) -> bool:
    return key in SELF_SERVICE or key in READ_ONLY or key.startswith(("account_", "mfa_"))


def _refusal(role: str, is_api: bool, response) -> bool:
    if role == "anonymous" and not is_api and response.status_code == 302:
        return "/accounts/login/" in response.url
    # 400/409/415: the empty request is invalid, so the policy may not have been asked;
    # the snapshot still proves that nothing changed.
    allowed = {403, 404, 405} | ({401} if role == "anonymous" else {400, 409, 415})
    return response.status_code in allowed


def _send(client, method: str, path: str, is_api: bool):
    """An empty write: JSON to the API, a form to the web."""
    send = getattr(client, method.lower())
    return send(path, {}, content_type="application/json") if is_api else send(path, {})


def _write(client, method: str, path: str, is_api: bool):
    """A write in a savepoint rolled back after: the response and the snapshot of the
    data as the request left it."""
    return in_savepoint(lambda: (_send(client, method, path, is_api), _snapshot()))


@pytest.mark.parametrize("role", WRITE_ROLES)
def test_refused_writes_are_refused_and_change_nothing(seeded, role):
    """Every refused write, in one savepoint rolled back after: the data must be as
    before (when it is not, each write is tried again alone to name the culprit)."""
    client = seeded.clients[role]
    before = _snapshot()
    tried, problems = [], []
    with transaction.atomic():
        for key, methods in sorted(_write_methods(seeded).items()):
            if _skipped(key):
                continue
            is_api = key in seeded.api_keys
            for path in seeded.paths[key]:
                if role in _allowed(key, path, seeded.world):
                    continue
                for method in sorted(methods):
                    with transaction.atomic():
                        response = _send(client, method, path, is_api)
                    tried.append((key, method, path, is_api))
                    if not (_refusal(role, is_api, response) or key in UNCHANGED_OK):
                        problems.append(
                            f"{method} {path} [{key}] -> "
                            f"{response.status_code} {response.get('Location', '')}"
                        )
        changed = _snapshot() != before
        transaction.set_rollback(True)
    if changed:
        for key, method, path, is_api in tried:
            if _write(client, method, path, is_api)[1] != before:
                problems.append(f"{method} {path} [{key}] CHANGED DATA")
    print(f"\n{role}: {len(tried)} refused writes tried")
    assert not problems, f"{role} was not refused:\n" + "\n".join(problems)
