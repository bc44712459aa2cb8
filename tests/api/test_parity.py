"""Parity of the web and the API: every capability of a web page has an API operation
(under the same policy, through the same service). A new web URL fails this test until
it is mapped to its operation here, or put on the short, reasoned exclusion list."""

from __future__ import annotations

from tests.security.walk import url_patterns

#: web URL name -> the API URL name(s) that do the same.
PARITY = {
    "set_language": "api-me-profile",  # the signed-in user's language is a profile field
    "profile": "api-me-profile",
    "personal_data": "api-me-personal-data",
    "account_close": "api-me-close",
    "api_tokens": "api-me-tokens",
    "api_token_create": "api-me-tokens",
    "api_token_revoke": "api-me-token-revoke",
    # organizations and roles
    "organizations:directory": "api-organization-list",
    "organizations:register": "api-organization-list",
    "organizations:mine": "api-membership-list",
    "organizations:queue": "api-organization-list",
    "organizations:decide": ("api-organization-verify", "api-organization-reject"),
    "organizations:official_roles": ("api-official-roles", "api-unodc-staff"),
    "organizations:official_role_revoke": "api-official-role-revoke",
    "organizations:unodc_staff_revoke": "api-unodc-staff-revoke",
    "organizations:detail": "api-organization-detail",
    "organizations:edit": "api-organization-detail",
    "organizations:listing": "api-organization-listing",
    "organizations:members": "api-membership-list",
    "organizations:invite": "api-organization-invitations",
    "organizations:join": "api-organization-join-requests",
    "organizations:alliance_invite": "api-organization-alliance-members",
    "organizations:alliance_join": "api-organization-alliance-requests",
    "organizations:alliance_membership_decide": (
        "api-alliance-membership-accept",
        "api-alliance-membership-decline",
    ),
    "organizations:membership_role": "api-membership-detail",
    "organizations:membership_remove": "api-membership-detail",
    "organizations:join_request_decide": "api-join-request-decide",
    "organizations:invitation_revoke": "api-invitation-revoke",
    "organizations:invitation": "api-invitation-accept",
    # events and pilots
    "events:list": "api-event-list",
    "events:create": "api-event-list",
    "events:feed": "api-event-feed",
    "events:my_registrations": "api-registration-list",
    "events:detail": "api-event-detail",
    "events:edit": "api-event-detail",
    "events:status": "api-event-change-status",
    "events:ical": "api-event-ical",
    "events:register": "api-event-registrations",
    "events:registrations": "api-event-registrations",
    "events:registration_cancel": "api-registration-cancel",
    "events:outcomes": ("api-event-minutes", "api-event-attendance"),
    "events:document_upload": "api-event-document-list",
    "events:document": "api-event-document-download",
    "events:document_delete": "api-event-document-detail",
    "events:action_item_create": "api-event-action-item-list",
    "events:action_item_status": "api-event-action-item-detail",
    "pilots:list": "api-pilot-list",
    "pilots:detail": "api-pilot-detail",
    "pilots:edit": "api-pilot-detail",
    "pilots:milestone_create": "api-pilot-milestone-list",
    "pilots:milestone_edit": "api-pilot-milestone-detail",
    # notifications
    "notifications:inbox": "api-notification-list",
    "notifications:open": "api-notification-detail",
    "notifications:mark_read": "api-notification-read",
    "notifications:mark_all_read": "api-notification-read-all",
    "notifications:preferences": "api-me-notification-preferences",
    "notifications:outbox": "api-outbox-list",
    "notifications:retry": "api-outbox-retry",
    # recommendations
    "recommendations:list": "api-recommendation-list",
    "recommendations:create": "api-recommendation-list",
    "recommendations:queue": ("api-recommendation-queue", "api-recommendation-queue-counts"),
    "recommendations:consolidate": (
        "api-recommendation-consolidate",
        "api-recommendation-consolidation-candidates",
    ),
    "recommendations:similar": "api-recommendation-similar",
    "recommendations:detail": ("api-recommendation-detail", "api-recommendation-timeline"),
    "recommendations:edit": "api-recommendation-detail",
    "recommendations:delete": "api-recommendation-detail",
    # the page before submitting and the printable receipt show the detail's data
    "recommendations:preview": "api-recommendation-detail",
    "recommendations:receipt": "api-recommendation-detail",
    "recommendations:submit": "api-recommendation-submit",
    "recommendations:correct": "api-recommendation-versions",
    "recommendations:translation_add": "api-recommendation-translations",
    "recommendations:translation_delete": "api-recommendation-translation-delete",
    "recommendations:response_translation_add": "api-recommendation-response-translations",
    "recommendations:response_translation_delete":
        "api-recommendation-response-translation-delete",
    "recommendations:withdraw": "api-recommendation-withdraw",
    "recommendations:publish": "api-recommendation-publish",
    "recommendations:share": "api-recommendation-detail",  # PATCH shared_with_alliance
    "recommendations:consider": "api-recommendation-consider",
    "recommendations:deadline": "api-recommendation-deadline",
    "recommendations:cosign_invite": "api-recommendation-cosignatures",
    "recommendations:cosign_decide": "api-cosignature-decide",
    "recommendations:protection": "api-recommendation-protection",
    "recommendations:cosign_protection": "api-cosignature-protection",
    "recommendations:endorse": "api-recommendation-endorsements",
    "recommendations:respond": "api-recommendation-response",
    "recommendations:response_approve": "api-recommendation-response-approve",
    "recommendations:response_return": "api-recommendation-response-reject",
    "recommendations:note_add": "api-recommendation-notes",
    "recommendations:comment_add": "api-recommendation-comments",
    "recommendations:comment_moderate": "api-recommendation-comment-moderate",
    "recommendations:attachment_upload": "api-recommendation-attachments",
    "recommendations:attachment_download": "api-recommendation-attachment-download",
    "recommendations:attachment_delete": "api-recommendation-attachment",
    # follow-up, dashboards, States
    "followup:list": "api-action-list",
    "followup:create": ("api-action-list", "api-event-action-item-follow-up-action"),
    "followup:detail": "api-action-detail",
    "followup:edit": "api-action-detail",
    "followup:report": "api-action-progress-reports",
    "followup:report_edit": "api-action-progress-report",
    "followup:report_translation_add": "api-action-progress-report-translations",
    "followup:report_translation_delete": "api-action-progress-report-translation-delete",
    "followup:assess": "api-action-assessment",
    "followup:validate": "api-action-validation",
    "followup:evidence": "api-evidence-download",
    "dashboard:staff": "api-dashboard",
    "dashboard:staff_scorecard": "api-scorecard",
    "dashboard:public": "api-dashboard-public",
    "dashboard:public_scorecard": "api-scorecard-public",
    "dashboard:exports": "api-export",
    "dashboard:export": "api-export",
    "states:list": "api-party-list",
    "states:detail": "api-state-profile",
    "states:report": "api-country-report",
    "states:report_pdf": "api-country-report",
    # spreadsheet imports
    "imports:list": "api-import-list",
    "imports:upload": "api-import-list",
    "imports:mapping": "api-import-mapping",
    "imports:preview": "api-import-detail",
    "imports:progress": "api-import-detail",
    "imports:status": "api-import-detail",
    "imports:errors": "api-import-errors",
    "imports:cancel": "api-import-cancel",
}

#: Web pages with no API operation, and why.
EXCLUDED = {
    "home": "a landing page: its figures come from the dashboards and lists",
    "health": "the load balancer's probe of the process, not a capability",
    "health_live": "the orchestrator's liveness probe, not a capability",
    "health_ready": "the proxy's readiness probe, not a capability",
    "javascript-catalog": "the translations of the pages' scripts",
    "admin_login_redirect": "the admin's sign-in, which goes through the web sign-in",
    "my_work": "what waits for the user, gathered from lists that each have an operation",
    "imports:template": "a blank spreadsheet to fill in by hand; the API takes the same rows",
}
#: Signing in, signing up, passwords, e-mail addresses and two-factor enrollment are
#: interactive by design: an API token is created after signing in on the web, and a
#: token must not be able to change the credentials that protect the account.
EXCLUDED_PREFIXES = ("account_", "mfa_", "admin:", "bench_")


def _web_names() -> set[str]:
    return {p.key for p in url_patterns() if p.named and not p.is_api}


def _api_names() -> set[str]:
    return {p.key for p in url_patterns() if p.named and p.is_api}


def test_every_web_capability_has_an_api_operation():
    names = {n for n in _web_names() if not n.startswith(EXCLUDED_PREFIXES)}
    unmapped = sorted(names - set(PARITY) - set(EXCLUDED))
    assert unmapped == [], "map these web pages to their API operations (or exclude them)"


def test_the_mapped_api_operations_exist():
    api = _api_names()
    missing = sorted(
        {
            name
            for targets in PARITY.values()
            for name in ((targets,) if isinstance(targets, str) else targets)
        }
        - api
    )
    assert missing == []


def test_the_lists_name_only_existing_pages():
    web = _web_names()
    assert sorted((set(PARITY) | set(EXCLUDED)) - web) == []
