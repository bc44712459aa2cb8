"""The leak test's walk: how to fill the path parameters of every URL pattern and
API operation (FILLERS), the extra queries tried, the seeded world with a client
per role (``Seeded``; the ``seeded`` fixture is in conftest.py) and what each role
reads (``corpus_of``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone

from portal.core.visibility import ROLES
from recommendations.exports import DATASETS, FORMATS
from tests.security import combinations
from tests.security.walk import (
    response_text,
)

pytestmark = pytest.mark.django_db  # the world itself is seeded once, for the module
WRITE_ROLES = (*ROLES, "alliance_member")


def _ids(*names):
    return lambda w: [{"pk": w.ids[n]} for n in names]


#: Safe filing: every attribution x field visibility x publicity (combinations.py). They
#: are walked through the pages and operations that read a recommendation (the writes
#: are tried on the four recommendations of the story, which cover their rules).
SAFE_RECS = tuple(c.key for c in combinations.COMBOS)
STORY_RECS = ("draft", "restricted", "public", "alliance_rec")
RECS = (*STORY_RECS, *SAFE_RECS)
SAFE_READS = (
    "detail",
    "receipt",
    "preview",
    "protection",
    "attachments",
    "cosignatures",
    "timeline",
    "versions",
)
#: Co-signatures: invited (not answered), and confirmed unnamed ones (on public and
#: restricted recommendations).
UNNAMED_SIGNERS = {
    f"{c.key}_signature": c.key
    for c in combinations.COMBOS
    if c.attribution != "named" and c.level == "public"
}
COSIGNATURES = ("cosignature", *UNNAMED_SIGNERS)
#: The attachments of the draft and of every combination.
ATTACHMENTS = [("draft", "attachment"), *((r, f"{r}_attachment") for r in SAFE_RECS)]
ACTIONS = ("restricted_action", "public_action")
EVENTS = ("draft_event", "online_event")
ORGS = ("filing", "alliance", "other_alliance", "pending", "rejected", "unlisted")
REPORTS = [("restricted_action", "restricted_report"), ("public_action", "public_report")]
NOTIFICATIONS = ("notification", "member_notification")
#: The alliance's accepted member, and another alliance's claim never accepted.
MEMBERSHIPS = ("alliance_membership", "claimed_membership")


def _rec(name, extra, world_key):
    return lambda w: [{"pk": w.ids[name], extra: w.ids[world_key]}]


def _exports(w):
    return [{"dataset": d, "fmt": f} for d in DATASETS for f in FORMATS]


#: How to fill the path parameters of each URL pattern (keyword arguments per pattern).
FILLERS = {
    # web: recommendations
    **{
        f"recommendations:{n}": _ids(*RECS if n in SAFE_READS else STORY_RECS)
        for n in (
            "detail",
            "edit",
            "delete",
            "preview",
            "submit",
            "receipt",
            "correct",
            "withdraw",
            "publish",
            "consider",
            "deadline",
            "cosign_invite",
            "endorse",
            "respond",
            "response_approve",
            "response_return",
            "note_add",
            "comment_add",
            "attachment_upload",
            "share",
            "translation_add",
            "protection",
        )
    },
    "recommendations:translation_delete": lambda w: [
        {"pk": w.ids[r], "language": "fr"} for r in STORY_RECS
    ],
    "recommendations:response_translation_add": _ids(*STORY_RECS),
    "recommendations:response_translation_delete": lambda w: [
        {"pk": w.ids[r], "language": "fr"} for r in STORY_RECS
    ],
    "recommendations:cosign_protection": lambda w: [
        {"pk": w.ids["restricted"], "cosignature_pk": w.ids["cosignature"]},
        *({"pk": w.ids[r], "cosignature_pk": w.ids[c]} for c, r in UNNAMED_SIGNERS.items()),
    ],
    "recommendations:cosign_decide": _rec("restricted", "cosignature_pk", "cosignature"),
    "recommendations:comment_moderate": _rec("public", "comment_pk", "comment"),
    "recommendations:attachment_download": lambda w: [
        {"pk": w.ids[r], "attachment_pk": w.ids[a]} for r, a in ATTACHMENTS
    ],
    "recommendations:attachment_delete": _rec("draft", "attachment_pk", "attachment"),
    # web: follow-up, dashboard, States
    **{f"followup:{n}": _ids(*ACTIONS) for n in ("detail", "edit", "report", "assess", "validate")},
    "followup:create": lambda w: [{"iso3": w.strs["iso3"]}],
    "followup:report_edit": lambda w: [{"pk": w.ids[a], "report_pk": w.ids[r]} for a, r in REPORTS],
    "followup:report_translation_add": lambda w: [
        {"pk": w.ids[a], "report_pk": w.ids[r]} for a, r in REPORTS
    ],
    "followup:report_translation_delete": lambda w: [
        {"pk": w.ids[a], "report_pk": w.ids[r], "language": "fr"} for a, r in REPORTS
    ],
    "followup:evidence": _ids("evidence"),
    "dashboard:export": _exports,
    **{
        f"states:{n}": lambda w: [{"iso3": w.strs["iso3"]}]
        for n in ("detail", "report", "report_pdf")
    },
    # web: organizations
    **{
        f"organizations:{n}": _ids(*ORGS)
        for n in ("detail", "edit", "members", "invite", "join", "listing")
    },
    "organizations:decide": _ids("pending", "rejected"),
    "organizations:alliance_invite": _ids(*ORGS),
    "organizations:alliance_join": _ids(*ORGS),
    "organizations:alliance_membership_decide": lambda w: [
        {"pk": w.ids[m], "decision": d} for m in MEMBERSHIPS for d in ("accept", "decline", "end")
    ],
    "organizations:official_role_revoke": _ids("official"),
    "organizations:unodc_staff_revoke": lambda w: [{"user_id": w.ids["staff"]}],
    "organizations:membership_role": _ids("membership"),
    "organizations:membership_remove": _ids("membership"),
    "organizations:join_request_decide": lambda w: [
        {"pk": w.ids["join_request"], "decision": d} for d in ("approve", "reject")
    ],
    "organizations:invitation_revoke": _ids("invitation"),
    "organizations:invitation": lambda w: [{"token": w.strs["invitation_token"]}],
    # web: events and pilots
    **{
        f"events:{n}": _ids(*EVENTS)
        for n in (
            "detail",
            "edit",
            "status",
            "ical",
            "register",
            "registrations",
            "outcomes",
            "document_upload",
            "action_item_create",
        )
    },
    "events:registration_cancel": lambda w: [
        {"pk": w.ids["online_event"], "reg_pk": w.ids["registration"]}
    ],
    "events:document": lambda w: [{"pk": w.ids["online_event"], "doc_pk": w.ids["document"]}],
    "events:document_delete": lambda w: [
        {"pk": w.ids["online_event"], "doc_pk": w.ids["document"]}
    ],
    "events:action_item_status": lambda w: [
        {"pk": w.ids["online_event"], "item_pk": w.ids["item"]}
    ],
    **{f"pilots:{n}": _ids("pilot") for n in ("detail", "edit", "milestone_create")},
    "pilots:milestone_edit": lambda w: [{"pk": w.ids["pilot"], "milestone_pk": w.ids["milestone"]}],
    # web: notifications, tokens, allauth
    **{f"notifications:{n}": _ids(*NOTIFICATIONS) for n in ("open", "mark_read")},
    "notifications:retry": _ids("notification"),
    "api_token_revoke": _ids("token"),
    "account_confirm_email": lambda w: [{"key": "not-a-key"}],
    "account_reset_password_from_key": lambda w: [{"uidb36": "1", "key": "set-password"}],
    # API
    "api-instrument-detail": lambda w: [{"pk": 1}],
    "api-cluster-detail": lambda w: [{"pk": 1}],
    "api-party-detail": _ids("party"),
    **{
        f"api-organization-{n}": _ids(*ORGS)
        for n in ("detail", "invitations", "join-requests", "reject", "verify", "listing")
    },
    "api-membership-detail": _ids("membership"),
    **{f"api-organization-alliance-{n}": _ids(*ORGS) for n in ("members", "requests")},
    **{
        f"api-alliance-membership-{n}": _ids(*MEMBERSHIPS)
        for n in ("detail", "accept", "decline", "end")
    },
    "api-join-request-decide": _ids("join_request"),
    "api-invitation-revoke": _ids("invitation"),
    "api-pilot-detail": _ids("pilot"),
    "api-pilot-milestone-list": lambda w: [{"pilot_pk": w.ids["pilot"]}],
    "api-pilot-milestone-detail": lambda w: [
        {"pilot_pk": w.ids["pilot"], "pk": w.ids["milestone"]}
    ],
    **{
        f"api-event-{n}": _ids(*EVENTS)
        for n in ("detail", "attendance", "change-status", "minutes", "registrations")
    },
    "api-event-document-list": lambda w: [{"event_pk": w.ids[e]} for e in EVENTS],
    "api-event-action-item-list": lambda w: [{"event_pk": w.ids[e]} for e in EVENTS],
    **{
        f"api-event-document-{n}": lambda w: [
            {"event_pk": w.ids["online_event"], "pk": w.ids["document"]}
        ]
        for n in ("detail", "download")
    },
    "api-event-action-item-detail": lambda w: [
        {"event_pk": w.ids["online_event"], "pk": w.ids["item"]}
    ],
    "api-registration-cancel": _ids("registration"),
    **{
        f"api-recommendation-{n}": _ids(*RECS if n in SAFE_READS else STORY_RECS)
        for n in (
            "detail",
            "attachments",
            "comments",
            "consider",
            "cosignatures",
            "deadline",
            "endorsements",
            "notes",
            "publish",
            "response",
            "response-approve",
            "response-reject",
            "submit",
            "timeline",
            "versions",
            "withdraw",
            "translations",
            "protection",
        )
    },
    "api-recommendation-translation-delete": lambda w: [
        {"pk": w.ids[r], "language": "fr"} for r in STORY_RECS
    ],
    "api-recommendation-response-translations": _ids(*STORY_RECS),
    "api-recommendation-response-translation-delete": lambda w: [
        {"pk": w.ids[r], "language": "fr"} for r in STORY_RECS
    ],
    **{
        f"api-recommendation-{n}": lambda w: [
            {"pk": w.ids[r], "attachment_pk": w.ids[a]} for r, a in ATTACHMENTS
        ]
        for n in ("attachment", "attachment-download")
    },
    "api-recommendation-comment-moderate": _rec("public", "comment_pk", "comment"),
    "api-cosignature-decide": _ids(*COSIGNATURES),
    "api-cosignature-protection": _ids(*COSIGNATURES),
    **{
        f"api-action-{n}": _ids(*ACTIONS)
        for n in ("detail", "assessment", "progress-reports", "validation")
    },
    "api-action-progress-report": lambda w: [
        {"pk": w.ids[a], "report_pk": w.ids[r]} for a, r in REPORTS
    ],
    "api-action-progress-report-translations": lambda w: [
        {"pk": w.ids[a], "report_pk": w.ids[r]} for a, r in REPORTS
    ],
    "api-action-progress-report-translation-delete": lambda w: [
        {"pk": w.ids[a], "report_pk": w.ids[r], "language": "fr"} for a, r in REPORTS
    ],
    "api-evidence-download": _ids("evidence"),
    "api-export": _exports,
    "api-country-report": lambda w: [{"iso3": w.strs["iso3"]}],
    **{f"api-notification-{n}": _ids(*NOTIFICATIONS) for n in ("detail", "read")},
    "api-me-token-revoke": _ids("token"),
    **{f"api-outbox-{n}": _ids("notification") for n in ("detail", "retry")},
    **{f"api-official-role-{n}": _ids("official") for n in ("detail", "revoke")},
    "api-unodc-staff-revoke": lambda w: [{"user_id": w.ids["staff"]}],
    "api-event-ical": _ids(*EVENTS),
    "api-event-action-item-follow-up-action": lambda w: [
        {"event_pk": w.ids["online_event"], "pk": w.ids["item"]}
    ],
    "api-state-profile": lambda w: [{"iso3": w.strs["iso3"]}],
    "api/^": lambda w: ["/api/", "/api/v2/nothing/"],
    # imports
    **{
        f"imports:{n}": _ids("import_job")
        for n in ("mapping", "preview", "progress", "status", "errors", "cancel")
    },
    **{
        f"imports:{n}": lambda w: [{"kind": k} for k in ("recommendations", "attendance")]
        for n in ("upload", "template")
    },
    **{
        f"api-import-{n}": _ids("import_job")
        for n in ("detail", "mapping", "confirm", "errors", "cancel")
    },
}

#: Extra query strings fetched on some pages: searches and similar titles that would
#: find the restricted recommendations.
QUERIES = {
    "recommendations:list": [
        "?q=witness",
        "?q=register&status=draft",
        # a filter's options must not name what is hidden
        "?organization={pending}",
        "?event={draft_event}",
    ],
    "recommendations:similar": [
        "?party={party}&title=witness+protection+fund",
        "?party={party}&title=national+register+victims",
    ],
    "api-recommendation-list": ["?q=witness", "?status=draft"],
    "api-recommendation-similar": [
        "?party={party}&title=witness+protection+fund",
        "?party={party}&title=national+register+victims",
    ],
    "notifications:outbox": ["?status=failed"],
}


@dataclass
class Seeded:
    world: object
    clients: dict[str, Client]
    patterns: list
    operations: list
    paths: dict[str, list[str]]  # pattern key -> concrete paths
    unfilled: list[str]
    api_keys: set[str] = field(default_factory=set)
    inbox: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    corpus: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def role_inbox(world, role) -> list[tuple[str, str]]:
    """The e-mails and notifications a role received while the world was seeded."""
    from portal.notifications.models import Notification
    from portal.notifications.services import notification_subject, notification_summary

    user = world.user(role)
    if user is None:
        return []
    out = []
    for message in mail.outbox:
        if user.email in message.to:
            bodies = [message.body] + [c for c, _t in getattr(message, "alternatives", [])]
            out.append((f"e-mail {message.subject!r}", message.subject + "\n".join(bodies)))
    for n in Notification.objects.filter(recipient=user):
        out.append(
            (
                f"notification {n.kind}",
                f"{notification_subject(n)}\n{notification_summary(n)}\n{n.url}",
            )
        )
    return out


def deliver_everything():
    """Send every e-mail the seeding wrote (the workers would), and the digests."""
    import datetime as dt

    from portal.notifications.digest import notifications_digest_send
    from portal.notifications.models import Notification
    from portal.notifications.services import notifications_deliver_batch

    ids = list(Notification.objects.filter(email_status="pending").values_list("pk", flat=True))
    notifications_deliver_batch(notification_ids=ids)
    notifications_digest_send(now=timezone.now() + dt.timedelta(days=1))


def in_savepoint(request):
    """Run a request in a savepoint that is rolled back: nothing it does stays."""
    with transaction.atomic():
        try:
            return request()
        finally:
            transaction.set_rollback(True)


def fetch_all(seeded: Seeded, role: str) -> list[tuple[str, str]]:
    """GET every filled URL as the role: (where, text) of each response."""
    client = seeded.clients[role]
    out, errors = [], []
    for key, paths in seeded.paths.items():
        urls = [
            p + q.format(**seeded.world.ids) for p in paths for q in ["", *QUERIES.get(key, [])]
        ]
        for url in urls:
            response = in_savepoint(lambda url=url: client.get(url))
            if response.status_code >= 500:
                errors.append(f"{url}: {response.status_code}")
            out.append((f"GET {url} [{key}] {response.status_code}", response_text(response)))
    assert not errors, f"server errors as {role}: {errors}"
    return out


def corpus_of(seeded: Seeded, role: str) -> list[tuple[str, str]]:
    if role not in seeded.corpus:
        seeded.corpus[role] = fetch_all(seeded, role) + seeded.inbox[role]
    return seeded.corpus[role]
