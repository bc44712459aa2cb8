"""The leak test (issue 15): one seeded world with a marker in every restricted thing;
every URL pattern and every OpenAPI operation fetched as every role; each marker must
appear exactly where portal/core/visibility.py (and security.md) says, and every
state-changing URL refuses the roles its policy refuses, changing nothing.

A URL pattern or operation that this test does not know how to fill fails it: add a
filler to FILLERS (and, for a state-changing one, its allowed roles to WRITE_ALLOWED).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from portal.core.models import Heartbeat
from portal.core.visibility import ROLES, VISIBILITY
from recommendations.exports import DATASETS, FORMATS
from tests.security import combinations
from tests.security.walk import (
    EXCLUDED,
    fill,
    openapi_operations,
    response_text,
    url_patterns,
)
from tests.security.world import SENTINELS, seed

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
SAFE_READS = ("detail", "receipt", "preview", "protection", "attachments", "cosignatures",
              "timeline", "versions")
#: Co-signatures: invited (not answered), and confirmed unnamed ones (on public and
#: restricted recommendations).
UNNAMED_SIGNERS = {f"{c.key}_signature": c.key for c in combinations.COMBOS
                   if c.attribution != "named" and c.level == "public"}
COSIGNATURES = ("cosignature", *UNNAMED_SIGNERS)
#: The attachments of the draft and of every combination.
ATTACHMENTS = [("draft", "attachment"),
               *((r, f"{r}_attachment") for r in SAFE_RECS)]
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
    **{f"recommendations:{n}": _ids(*RECS if n in SAFE_READS else STORY_RECS) for n in (
        "detail", "edit", "delete", "preview", "submit", "receipt", "correct", "withdraw",
        "publish", "consider", "deadline", "cosign_invite", "endorse", "respond",
        "response_approve", "response_return", "note_add", "comment_add",
        "attachment_upload", "share", "translation_add", "protection")},
    "recommendations:translation_delete": lambda w: [{"pk": w.ids[r], "language": "fr"}
                                                     for r in STORY_RECS],
    "recommendations:response_translation_add": _ids(*STORY_RECS),
    "recommendations:response_translation_delete": lambda w: [
        {"pk": w.ids[r], "language": "fr"} for r in STORY_RECS],
    "recommendations:cosign_protection": lambda w: [
        {"pk": w.ids["restricted"], "cosignature_pk": w.ids["cosignature"]},
        *({"pk": w.ids[r], "cosignature_pk": w.ids[c]} for c, r in UNNAMED_SIGNERS.items())],
    "recommendations:cosign_decide": _rec("restricted", "cosignature_pk", "cosignature"),
    "recommendations:comment_moderate": _rec("public", "comment_pk", "comment"),
    "recommendations:attachment_download": lambda w: [
        {"pk": w.ids[r], "attachment_pk": w.ids[a]} for r, a in ATTACHMENTS],
    "recommendations:attachment_delete": _rec("draft", "attachment_pk", "attachment"),
    # web: follow-up, dashboard, States
    **{f"followup:{n}": _ids(*ACTIONS) for n in ("detail", "edit", "report", "assess",
                                                  "validate")},
    "followup:create": lambda w: [{"iso3": w.strs["iso3"]}],
    "followup:report_edit": lambda w: [{"pk": w.ids[a], "report_pk": w.ids[r]}
                                       for a, r in REPORTS],
    "followup:report_translation_add": lambda w: [{"pk": w.ids[a], "report_pk": w.ids[r]}
                                                  for a, r in REPORTS],
    "followup:report_translation_delete": lambda w: [
        {"pk": w.ids[a], "report_pk": w.ids[r], "language": "fr"} for a, r in REPORTS],
    "followup:evidence": _ids("evidence"),
    "dashboard:export": _exports,
    **{f"states:{n}": lambda w: [{"iso3": w.strs["iso3"]}] for n in ("detail", "report",
                                                                     "report_pdf")},
    # web: organizations
    **{f"organizations:{n}": _ids(*ORGS) for n in ("detail", "edit", "members", "invite",
                                                   "join", "listing")},
    "organizations:decide": _ids("pending", "rejected"),
    "organizations:alliance_invite": _ids(*ORGS),
    "organizations:alliance_join": _ids(*ORGS),
    "organizations:alliance_membership_decide": lambda w: [
        {"pk": w.ids[m], "decision": d} for m in MEMBERSHIPS
        for d in ("accept", "decline", "end")],
    "organizations:official_role_revoke": _ids("official"),
    "organizations:unodc_staff_revoke": lambda w: [{"user_id": w.ids["staff"]}],
    "organizations:membership_role": _ids("membership"),
    "organizations:membership_remove": _ids("membership"),
    "organizations:join_request_decide": lambda w: [
        {"pk": w.ids["join_request"], "decision": d} for d in ("approve", "reject")],
    "organizations:invitation_revoke": _ids("invitation"),
    "organizations:invitation": lambda w: [{"token": w.strs["invitation_token"]}],
    # web: events and pilots
    **{f"events:{n}": _ids(*EVENTS) for n in (
        "detail", "edit", "status", "ical", "register", "registrations", "outcomes",
        "document_upload", "action_item_create")},
    "events:registration_cancel": lambda w: [{"pk": w.ids["online_event"],
                                              "reg_pk": w.ids["registration"]}],
    "events:document": lambda w: [{"pk": w.ids["online_event"], "doc_pk": w.ids["document"]}],
    "events:document_delete": lambda w: [{"pk": w.ids["online_event"],
                                          "doc_pk": w.ids["document"]}],
    "events:action_item_status": lambda w: [{"pk": w.ids["online_event"],
                                             "item_pk": w.ids["item"]}],
    **{f"pilots:{n}": _ids("pilot") for n in ("detail", "edit", "milestone_create")},
    "pilots:milestone_edit": lambda w: [{"pk": w.ids["pilot"],
                                         "milestone_pk": w.ids["milestone"]}],
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
    **{f"api-organization-{n}": _ids(*ORGS) for n in ("detail", "invitations",
                                                     "join-requests", "reject", "verify",
                                                     "listing")},
    "api-membership-detail": _ids("membership"),
    **{f"api-organization-alliance-{n}": _ids(*ORGS) for n in ("members", "requests")},
    **{f"api-alliance-membership-{n}": _ids(*MEMBERSHIPS)
       for n in ("detail", "accept", "decline", "end")},
    "api-join-request-decide": _ids("join_request"),
    "api-invitation-revoke": _ids("invitation"),
    "api-pilot-detail": _ids("pilot"),
    "api-pilot-milestone-list": lambda w: [{"pilot_pk": w.ids["pilot"]}],
    "api-pilot-milestone-detail": lambda w: [{"pilot_pk": w.ids["pilot"],
                                              "pk": w.ids["milestone"]}],
    **{f"api-event-{n}": _ids(*EVENTS) for n in ("detail", "attendance", "change-status",
                                                "minutes", "registrations")},
    "api-event-document-list": lambda w: [{"event_pk": w.ids[e]} for e in EVENTS],
    "api-event-action-item-list": lambda w: [{"event_pk": w.ids[e]} for e in EVENTS],
    **{f"api-event-document-{n}": lambda w: [{"event_pk": w.ids["online_event"],
                                              "pk": w.ids["document"]}]
       for n in ("detail", "download")},
    "api-event-action-item-detail": lambda w: [{"event_pk": w.ids["online_event"],
                                                "pk": w.ids["item"]}],
    "api-registration-cancel": _ids("registration"),
    **{f"api-recommendation-{n}": _ids(*RECS if n in SAFE_READS else STORY_RECS) for n in (
        "detail", "attachments", "comments", "consider", "cosignatures", "deadline",
        "endorsements", "notes", "publish", "response", "response-approve",
        "response-reject", "submit", "timeline", "versions", "withdraw", "translations",
        "protection")},
    "api-recommendation-translation-delete": lambda w: [{"pk": w.ids[r], "language": "fr"}
                                                        for r in STORY_RECS],
    "api-recommendation-response-translations": _ids(*STORY_RECS),
    "api-recommendation-response-translation-delete": lambda w: [
        {"pk": w.ids[r], "language": "fr"} for r in STORY_RECS],
    **{f"api-recommendation-{n}": lambda w: [
        {"pk": w.ids[r], "attachment_pk": w.ids[a]} for r, a in ATTACHMENTS]
       for n in ("attachment", "attachment-download")},
    "api-recommendation-comment-moderate": _rec("public", "comment_pk", "comment"),
    "api-cosignature-decide": _ids(*COSIGNATURES),
    "api-cosignature-protection": _ids(*COSIGNATURES),
    **{f"api-action-{n}": _ids(*ACTIONS) for n in ("detail", "assessment",
                                                  "progress-reports", "validation")},
    "api-action-progress-report": lambda w: [{"pk": w.ids[a], "report_pk": w.ids[r]}
                                             for a, r in REPORTS],
    "api-action-progress-report-translations": lambda w: [
        {"pk": w.ids[a], "report_pk": w.ids[r]} for a, r in REPORTS],
    "api-action-progress-report-translation-delete": lambda w: [
        {"pk": w.ids[a], "report_pk": w.ids[r], "language": "fr"} for a, r in REPORTS],
    "api-evidence-download": _ids("evidence"),
    "api-export": _exports,
    "api-country-report": lambda w: [{"iso3": w.strs["iso3"]}],
    **{f"api-notification-{n}": _ids(*NOTIFICATIONS) for n in ("detail", "read")},
    "api-me-token-revoke": _ids("token"),
    **{f"api-outbox-{n}": _ids("notification") for n in ("detail", "retry")},
    **{f"api-official-role-{n}": _ids("official") for n in ("detail", "revoke")},
    "api-unodc-staff-revoke": lambda w: [{"user_id": w.ids["staff"]}],
    "api-event-ical": _ids(*EVENTS),
    "api-event-action-item-follow-up-action": lambda w: [{"event_pk": w.ids["online_event"],
                                                          "pk": w.ids["item"]}],
    "api-state-profile": lambda w: [{"iso3": w.strs["iso3"]}],
    "api/^": lambda w: ["/api/", "/api/v2/nothing/"],
    # imports
    **{f"imports:{n}": _ids("import_job") for n in ("mapping", "preview", "progress",
                                                     "status", "errors", "cancel")},
    **{f"imports:{n}": lambda w: [{"kind": k} for k in ("recommendations", "attendance")]
       for n in ("upload", "template")},
    **{f"api-import-{n}": _ids("import_job") for n in ("detail", "mapping", "confirm",
                                                        "errors", "cancel")},
}

#: Extra query strings fetched on some pages: searches and similar titles that would
#: find the restricted recommendations.
QUERIES = {
    "recommendations:list": ["?q=witness", "?q=register&status=draft",
                             # a filter's options must not name what is hidden
                             "?organization={pending}", "?event={draft_event}"],
    "recommendations:similar": ["?party={party}&title=witness+protection+fund",
                                "?party={party}&title=national+register+victims"],
    "api-recommendation-list": ["?q=witness", "?status=draft"],
    "api-recommendation-similar": ["?party={party}&title=witness+protection+fund",
                                   "?party={party}&title=national+register+victims"],
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


def _role_inbox(world, role) -> list[tuple[str, str]]:
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
        out.append((f"notification {n.kind}", f"{notification_subject(n)}\n"
                    f"{notification_summary(n)}\n{n.url}"))
    return out


def _deliver_everything():
    """Send every e-mail the seeding wrote (the workers would), and the digests."""
    import datetime as dt

    from django.utils import timezone

    from portal.notifications.digest import notifications_digest_send
    from portal.notifications.models import Notification
    from portal.notifications.services import notifications_deliver_batch

    ids = list(Notification.objects.filter(email_status="pending").values_list("pk",
                                                                             flat=True))
    notifications_deliver_batch(notification_ids=ids)
    notifications_digest_send(now=timezone.now() + dt.timedelta(days=1))


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    settings = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")), MFA_ENFORCE=False,
        API_THROTTLE_RATES={"user": "1000000/minute", "anon": "1000000/minute"},
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        HEARTBEAT_SECONDS=24 * 3600)  # the heartbeat below stays fresh for the module
    with django_db_blocker.unblock(), settings:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            cache.clear()
            mail.outbox = []
            world = seed()
            _deliver_everything()
            # A worker that answers: the health checks report ready (200), not 503.
            Heartbeat.objects.create(name="worker", last_seen=timezone.now())
            clients = {}
            for role in WRITE_ROLES:
                clients[role] = Client()
                if world.user(role) is not None:
                    clients[role].force_login(world.user(role))
            patterns = url_patterns()
            paths, unfilled = {}, []
            for pattern in patterns:
                if pattern.namespace in EXCLUDED:
                    continue
                got = fill(pattern, FILLERS, world)
                if got is None:
                    unfilled.append(f"{pattern.key} ({pattern.route})")
                else:
                    paths[pattern.key] = got
            s = Seeded(world, clients, patterns, openapi_operations(), paths, unfilled,
                       {p.key for p in patterns if p.is_api})
            s.inbox = {role: _role_inbox(world, role) for role in ROLES}
            yield s
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _in_savepoint(request):
    """Run a request in a savepoint that is rolled back: nothing it does stays."""
    with transaction.atomic():
        try:
            return request()
        finally:
            transaction.set_rollback(True)


def _fetch_all(seeded: Seeded, role: str) -> list[tuple[str, str]]:
    """GET every filled URL as the role: (where, text) of each response."""
    client = seeded.clients[role]
    out, errors = [], []
    for key, paths in seeded.paths.items():
        urls = [p + q.format(**seeded.world.ids) for p in paths
                for q in ["", *QUERIES.get(key, [])]]
        for url in urls:
            response = _in_savepoint(lambda url=url: client.get(url))
            if response.status_code >= 500:
                errors.append(f"{url}: {response.status_code}")
            out.append((f"GET {url} [{key}] {response.status_code}", response_text(response)))
    assert not errors, f"server errors as {role}: {errors}"
    return out


def corpus_of(seeded: Seeded, role: str) -> list[tuple[str, str]]:
    if role not in seeded.corpus:
        seeded.corpus[role] = _fetch_all(seeded, role) + seeded.inbox[role]
    return seeded.corpus[role]


# --- coverage ----------------------------------------------------------------------------


def test_every_url_pattern_and_operation_is_covered(seeded):
    assert not seeded.unfilled, "\n".join(
        f"tell the leak test how to fill {p} (FILLERS in tests/security/test_leaks.py)"
        for p in seeded.unfilled)
    unknown = [f"{m} {t} -> {key}" for m, t, key in seeded.operations
               if key not in seeded.paths]
    assert not unknown, "tell the leak test how to fill these API operations: " + \
        ", ".join(unknown)
    fetched = sum(len(p) for p in seeded.paths.values())
    print(f"\nleak test: {len(seeded.patterns)} URL patterns "
          f"({len(seeded.paths)} walked, {len(seeded.patterns) - len(seeded.paths)} "
          f"excluded: {EXCLUDED}), {len(seeded.operations)} OpenAPI operations, "
          f"{fetched} URLs per role, {len(ROLES)} roles, {len(SENTINELS)} sentinels")


# --- reading: each marker exactly where the table says --------------------------------------

def _where(corpus, sentinel: str) -> list[str]:
    return [where for where, text in corpus if sentinel in text]


CASES = [(role, thing) for thing in VISIBILITY if thing in SENTINELS for role in ROLES]


def test_every_row_of_the_table_is_checked():
    unchecked = set(VISIBILITY) - set(SENTINELS) - combinations.ROWS
    assert not unchecked, f"no marker checks these rows: {unchecked}"


@pytest.mark.parametrize(("role", "thing"), [
    pytest.param(r, t, id=f"{r}-{t}") for r, t in CASES])
def test_sentinel_visibility(seeded, role, thing):
    corpus = corpus_of(seeded, role)
    found = _where(corpus, SENTINELS[thing])
    if VISIBILITY[thing][role]:
        assert found, f"{role} should see {thing} somewhere (its own page) but sees it nowhere"
    else:
        assert not found, f"{role} must not see {thing}, but it is in:\n" + "\n".join(found)


@pytest.mark.parametrize("role", ROLES)
def test_safe_filing_combinations(seeded, role):
    """Every attribution x field visibility x publicity, co-signers and evidence: each
    marker exactly where the table's rows say (a name only where its recommendation's
    title is shown: the organization itself is public)."""
    corpus = corpus_of(seeded, role)
    problems = []
    for what, marker, may, companion in combinations.expected(role):
        texts = [(w, t) for w, t in corpus if companion is None or companion in t]
        found = _where(texts, marker)
        if may and not found:
            problems.append(f"{role} should see the {what} ({marker}) but sees it nowhere")
        if not may and found:
            problems.append(f"{role} must not see the {what} ({marker}): " + ", ".join(found))
    assert not problems, "\n".join(problems)


def test_every_sentinel_reaches_its_owner(seeded):
    """The bystander's notification is in the bystander's inbox (the seed works)."""
    from portal.notifications.models import Notification

    n = Notification.objects.get(pk=seeded.world.ids["notification"])
    assert SENTINELS["other_notification"] in str(n.payload)


# --- the Django admin --------------------------------------------------------------------


def test_admin_is_closed(seeded):
    login = reverse("admin_login_redirect")
    admin = [p for p in seeded.patterns if p.namespace == "admin"]
    for role in ROLES:
        for pattern in admin:
            path = "/" + _admin_path(pattern.route)
            response = seeded.clients[role].get(path)
            if pattern.key == "admin:logout":  # signs out and shows nothing
                assert response.status_code in (302, 405), (role, path, response.status_code)
                continue
            if response.status_code == 403:  # signed in, not Django staff: refused
                continue
            assert response.status_code == 302, (role, path, response.status_code)
            assert response.url.startswith(login) or "login" in response.url, (role, path)
    print(f"\nadmin: {len(admin)} URL patterns send all {len(ROLES)} roles to sign in "
          "(or refuse them)")


def _admin_path(route: str) -> str:
    import re

    route = re.sub(r"\(\?P<app_label>([a-z_]+)[^)]*\)", r"\1", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    route = re.sub(r"<[^>]+>", "1", route)
    return route.replace("^", "").replace("$", "")


# --- writes: every refused role is refused, nothing changes -------------------------------


#: Reference data that no page of the portal writes: counted, not read row by row.
REFERENCE = {"Instrument", "Article", "Cluster", "WorkingGroup", "Party", "TreatyAction",
             "Reservation", "RegionalNetwork", "Theme", "SdgTarget", "ReferenceCounter"}


def _snapshot() -> str:
    """A fingerprint of every row of the portal's tables (reference data: the counts)."""
    digest = hashlib.sha256()
    for label in ("consultations", "recommendations", "accounts", "notifications", "core"):
        for model in apps.get_app_config(label).get_models():
            qs = model.objects.order_by("pk")
            rows = qs.count() if model.__name__ in REFERENCE else list(qs.values_list())
            digest.update(f"{model._meta.label}{rows}".encode())
    return digest.hexdigest()


def _anonymous_refusal(response) -> bool:
    return (response.status_code in (401, 403, 404, 405)
            or (response.status_code == 302 and "/accounts/login/" in response.url))


def _refused(response) -> bool:
    return response.status_code in (403, 404, 405)


def test_pdf_text_is_read(seeded):
    """The country report PDF is read as text (else the PDF checks would prove nothing)."""
    url = reverse("states:report_pdf", args=[seeded.world.strs["iso3"]])
    text = response_text(seeded.clients["staff"].get(url))
    assert "Publish annual organized crime statistics" in text


#: Self-service URLs: each signed-in user acts on their own account, session or inbox
#: (and anonymous on signing in or up); nobody else's data is reachable through them.
SELF_SERVICE = {
    "set_language", "javascript-catalog", "profile", "personal_data", "account_close",
    "api_tokens", "api_token_create", "notifications:mark_all_read",
    "notifications:preferences", "api-notification-read-all", "organizations:register",
    "api-organization-list", "api-invitation-accept", "organizations:invitation",
    "api-me-profile", "api-me-close", "api-me-tokens", "api-me-notification-preferences",
}
#: Web pages that only read (some answer a POST as a GET): no state to change.
READ_ONLY = {
    "home", "my_work", "health", "health_live", "health_ready",
    "dashboard:export", "dashboard:exports", "dashboard:public",
    "dashboard:public_scorecard", "dashboard:staff", "dashboard:staff_scorecard",
    "events:detail", "events:document", "events:feed", "events:ical", "events:list",
    "events:my_registrations", "events:registrations", "followup:detail", "followup:list",
    "organizations:detail", "organizations:directory", "organizations:mine",
    "organizations:members", "pilots:detail", "pilots:list", "states:detail",
    "states:list", "states:report", "states:report_pdf", "recommendations:list",
    "recommendations:detail", "recommendations:similar", "recommendations:queue",
    "recommendations:preview", "recommendations:receipt", "followup:evidence",
    "recommendations:attachment_download", "notifications:inbox", "notifications:outbox",
    "notifications:open", "organizations:queue", "api_schema", "api_docs", "api_redoc",
}
SIGNED_IN = set(WRITE_ROLES) - {"anonymous"}

MANAGERS = {"focal", "staff"}  # of the State's events, pilots and follow-up
VERIFIED_MEMBERS = {"member", "alliance_coordinator", "other_alliance", "cosigner",
                    "alliance_member"}
STAFF = {"staff"}
FILERS = {"restricted": {"member"}, "public": {"member"},
          "alliance_rec": {"alliance_coordinator"}, **dict.fromkeys(SAFE_RECS, {"member"})}
JOINERS = {"filing": SIGNED_IN - {"member"},
           "alliance": SIGNED_IN - {"alliance_coordinator", "alliance_member"},
           "other_alliance": SIGNED_IN - {"other_alliance"},
           # those who may see it (its State's officials, UNODC staff), not its member
           "unlisted": {"focal", "agency", "staff"}}

#: Organizations that no role of the table manages (UNODC staff do).
OWN_ORGS = ["filing", "pending", "rejected", "unlisted"]

#: The roles a state-changing URL's policy allows (they are not tried): by pattern, or by
#: pattern and seeded object (the name of its id in the world).
WRITE_ALLOWED: dict[str, set[str] | dict[str, set[str]]] = {
    **dict.fromkeys([
        "api-action-detail", "api-event-attendance", "api-event-detail",
        "api-event-document-detail", "api-event-document-list", "api-event-minutes",
        "api-event-action-item-list", "api-event-action-item-detail",
        "api-event-change-status", "api-pilot-detail", "api-pilot-milestone-list",
        "api-pilot-milestone-detail", "events:action_item_create",
        "events:action_item_status", "events:document_delete", "events:document_upload",
        "events:edit", "events:outcomes", "events:status", "pilots:edit",
        "pilots:milestone_create", "pilots:milestone_edit", "api-action-list",
        "followup:edit", "followup:validate", "api-action-validation"], MANAGERS),
    "followup:create": MANAGERS,
    "api-event-action-item-follow-up-action": MANAGERS,
    "api-action-progress-report": {"agency", "focal"},
    "api-action-progress-reports": {"agency", "focal"},
    "followup:report": {"agency", "focal"},
    "followup:report_edit": {"agency", "focal"},
    **dict.fromkeys([
        "api-invitation-revoke", "organizations:invitation_revoke",
        "organizations:join_request_decide", "organizations:official_role_revoke",
        "organizations:unodc_staff_revoke", "organizations:official_roles",
        "api-official-roles", "api-official-role-revoke", "api-unodc-staff",
        "api-unodc-staff-revoke", "api-outbox-retry",
        "api-organization-verify", "api-organization-reject", "organizations:decide",
        "api-join-request-decide", "notifications:retry", "recommendations:deadline",
        "api-recommendation-deadline", "recommendations:comment_moderate",
        "api-recommendation-comment-moderate"], STAFF),
    "api-membership-detail": {"member", "staff"},  # leaving one's organization
    "organizations:membership_remove": {"member", "staff"},
    "api-notification-read": {"member_notification": {"member"}},
    "notifications:mark_read": {"member_notification": {"member"}},
    "api-organization-detail": {"alliance": {"alliance_coordinator", "staff"},
                                "other_alliance": {"other_alliance", "staff"},
                                **dict.fromkeys(OWN_ORGS, STAFF)},
    # an organization's own coordinators (filing's is no role here)
    **dict.fromkeys(["organizations:listing", "api-organization-listing"],
                    {"alliance": {"alliance_coordinator"},
                     "other_alliance": {"other_alliance"}}),
    "organizations:edit": {"alliance": {"alliance_coordinator", "staff"},
                           "other_alliance": {"other_alliance", "staff"},
                           **dict.fromkeys(OWN_ORGS, STAFF)},
    "api-organization-join-requests": JOINERS,
    "organizations:join": JOINERS,
    "recommendations:consider": {"focal"},
    "api-recommendation-consider": {"focal"},
    "recommendations:respond": {"focal"},
    "api-recommendation-response": {"focal"},
    **dict.fromkeys(["api-recommendation-detail", "api-recommendation-attachment",
                     "recommendations:attachment_delete", "recommendations:delete",
                     "recommendations:attachment_upload", "api-recommendation-attachments"],
                    {"draft": {"member"}}),
    # a submitted one: the filer's members are sent to its page
    "recommendations:edit": {"draft": {"member"}, **FILERS,
                             "alliance_rec": {"alliance_coordinator", "alliance_member"}},
    "recommendations:submit": {"draft": {"member"}},
    "api-recommendation-submit": {"draft": {"member"}},
    # who may see what: the filer's voice (drafts too); a confirmed co-signer's
    **dict.fromkeys(["recommendations:protection", "api-recommendation-protection"],
                    {"draft": {"member"}, **FILERS}),
    "recommendations:cosign_protection": dict.fromkeys(UNNAMED_SIGNERS.values(),
                                                       {"cosigner"}),
    "api-cosignature-protection": dict.fromkeys(COSIGNATURES[1:], {"cosigner"}),
    **dict.fromkeys(["api-recommendation-publish", "api-recommendation-withdraw",
                     "recommendations:publish", "recommendations:withdraw",
                     "recommendations:correct", "api-recommendation-versions"], FILERS),
    "api-registration-cancel": {"member", "focal", "staff"},
    "events:registration_cancel": {"member", "focal", "staff"},
    "api_token_revoke": {"member"},
    "api-me-token-revoke": {"member"},
    "events:create": {"focal", "other_focal", "staff"},
    "recommendations:consolidate": {"alliance_coordinator"},
    # the seeded import is the alliance coordinator's own: mapping, confirming, cancelling it
    **dict.fromkeys(["imports:mapping", "imports:preview", "imports:cancel",
                     "api-import-mapping", "api-import-confirm", "api-import-cancel"],
                    {"alliance_coordinator"}),
    "recommendations:cosign_decide": {"cosigner"},
    "recommendations:create": VERIFIED_MEMBERS,
    "recommendations:share": {"draft": {"member"}},
    # the filer, or UNODC staff once submitted
    **dict.fromkeys(["recommendations:translation_add", "recommendations:translation_delete",
                     "api-recommendation-translations",
                     "api-recommendation-translation-delete"],
                    {"draft": {"member"}, "restricted": {"member", "staff"},
                     "public": {"member", "staff"},
                     "alliance_rec": {"alliance_coordinator", "staff"}}),
    # the State's response: its focal persons or UNODC staff (the seeded response,
    # awaiting approval, is on the public recommendation)
    **dict.fromkeys(["recommendations:response_translation_add",
                     "recommendations:response_translation_delete",
                     "api-recommendation-response-translations",
                     "api-recommendation-response-translation-delete"],
                    {"public": {"focal", "staff"}}),
    # a progress report: whoever reports progress on the action, or UNODC staff
    **dict.fromkeys(["followup:report_translation_add", "followup:report_translation_delete",
                     "api-action-progress-report-translations",
                     "api-action-progress-report-translation-delete"],
                    {"focal", "agency", "staff"}),
    # an alliance invites through its coordinators; a verified organization's
    # coordinators ask to join another's alliance
    **dict.fromkeys(["organizations:alliance_invite", "api-organization-alliance-members"],
                    {"alliance": {"alliance_coordinator"},
                     "other_alliance": {"other_alliance"}}),
    **dict.fromkeys(["organizations:alliance_join", "api-organization-alliance-requests"],
                    {"alliance": {"cosigner", "other_alliance"},
                     "other_alliance": {"cosigner", "alliance_coordinator"}}),
    # the asked side decides (filing's coordinator is no role here); either side ends
    **dict.fromkeys(["organizations:alliance_membership_decide",
                     "api-alliance-membership-accept", "api-alliance-membership-decline",
                     "api-alliance-membership-end"],
                    {"alliance_membership": {"alliance_coordinator", "staff"},
                     "claimed_membership": {"other_alliance", "staff"}}),
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
    for family, candidates in (("cosignature", COSIGNATURES),
                               ("alliance_membership", MEMBERSHIPS),
                               ("alliance-membership", MEMBERSHIPS),
                               ("recommendation", RECS), ("organization", ORGS),
                               ("notification", NOTIFICATIONS)):
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
    return (key in SELF_SERVICE or key in READ_ONLY
            or key.startswith(("account_", "mfa_")))


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
    return _in_savepoint(lambda: (_send(client, method, path, is_api), _snapshot()))


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
                        problems.append(f"{method} {path} [{key}] -> "
                                        f"{response.status_code} {response.get('Location', '')}")
        changed = _snapshot() != before
        transaction.set_rollback(True)
    if changed:
        for key, method, path, is_api in tried:
            if _write(client, method, path, is_api)[1] != before:
                problems.append(f"{method} {path} [{key}] CHANGED DATA")
    print(f"\n{role}: {len(tried)} refused writes tried")
    assert not problems, f"{role} was not refused:\n" + "\n".join(problems)


def test_anonymous_home_page_counts_only_public_recommendations(seeded):
    """Counts leak too: the home page's total for the pilot's State is what anonymous may
    see (the public recommendations), not every submitted one."""
    import re

    from recommendations.models import Recommendation

    page = response_text(seeded.clients["anonymous"].get(reverse("home")))
    [total] = re.findall(r'Total</th><td class="num">(\d+)<', page)
    public = Recommendation.objects.filter(party_id=seeded.world.ids["party"], is_public=True
                                           ).exclude(status="draft").count()
    assert int(total) == public
