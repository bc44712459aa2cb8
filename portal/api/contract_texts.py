"""Descriptions and examples of the kernel's and the account's operations (applied to
the schema by portal.api.contract)."""

from __future__ import annotations

OPERATIONS = {
    "me_tokens_revoke": (
        "Your own tokens only (another's is a 404). A revoked token answers 401 from the "
        "next request on; revoking twice changes nothing."
    ),
    "notifications_list": (
        "Cursor-paginated, newest first; `unread=true` keeps the unread ones, `category` "
        "one kind. Subjects and summaries are in your language."
    ),
    "notifications_retrieve": "One of your notifications (anybody else's is a 404).",
    "notifications_read_create": "Marks it read; reading it twice changes nothing.",
    "notifications_read_all_create": "Marks every unread notification read; answers how many.",
    "outbox_list": (
        "Every e-mail the portal queued, newest first, with its delivery status and "
        "attempts: `status` keeps one status, `q` searches the recipient and kind, "
        "`twice=true` keeps e-mails that may have been sent twice. UNODC staff only."
    ),
    "outbox_retrieve": "One e-mail of the outbox, with its last error. UNODC staff only.",
    "outbox_retry_create": (
        "Queues a failed e-mail again from its first attempt (a 400 for any other "
        "status). UNODC staff only."
    ),
}

EXAMPLES = {
    "me_tokens_create": {
        "request": {"name": "monthly report script"},
        "response": {
            "id": 4,
            "name": "monthly report script",
            "prefix": "untoc_1a2b3c4d",
            "created_at": "2026-11-30T08:00:00Z",
            "last_used_at": None,
            "revoked_at": None,
            "token": "untoc_1a2b3c4d_kYs0…(shown once)",
        },
    },
    "me_notification_preferences_update": {
        "request": [{"category": "response", "channel": "email", "mode": "digest"}],
    },
    "me_profile_partial_update": {
        "request": {"language": "fr", "timezone": "Europe/Vienna"},
    },
    "me_close": {"request": {"password": "your password", "confirm": True}},
}
