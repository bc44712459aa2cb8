"""Who gets what, how: the defaults per role and the rule that decides each row.

A user's explicit ``NotificationPreference`` rows win; without one, the most immediate
default among the user's roles applies. The in-app inbox always gets the row (``off`` there
only files it as read); e-mail is sent straight away, held for the daily digest, or not
sent. Urgent notifications (overdue reminders, escalations) are never held for a digest.

Roles come from the apps through ``settings.NOTIFICATION_ROLES_RESOLVER`` (a dotted path
to ``f(user_ids) -> {user_id: set of role names}``), so this module depends on no app.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.module_loading import import_string

from portal.notifications.models import Category, Channel, Mode, NotificationPreference

NOW, D, OFF = Mode.IMMEDIATE, Mode.DIGEST, Mode.OFF
C = Category

#: E-mail defaults per role; categories not listed fall back to BASE_EMAIL_DEFAULTS.
BASE_EMAIL_DEFAULTS: dict[str, str] = {
    C.SUBMISSION: D, C.COSIGN: NOW, C.RESPONSE: NOW, C.STATUS: D, C.FOLLOW_UP: D,
    C.PROGRESS: D, C.ASSESSMENT: D, C.EVENT: NOW, C.ORGANIZATION: NOW, C.MEMBERSHIP: NOW,
    C.COMMENT: D, C.REMINDER: NOW,
}
ROLE_EMAIL_DEFAULTS: dict[str, dict[str, str]] = {
    # Members and coordinators care about their own recommendations and events.
    "member": {C.RESPONSE: NOW, C.STATUS: NOW, C.COSIGN: NOW, C.EVENT: NOW, C.MEMBERSHIP: NOW},
    "coordinator": {C.SUBMISSION: NOW, C.RESPONSE: NOW, C.STATUS: NOW, C.ASSESSMENT: NOW,
                    C.MEMBERSHIP: NOW},
    # Focal persons must answer: submissions and disagreements reach them at once.
    "focal_person": {C.SUBMISSION: NOW, C.FOLLOW_UP: NOW, C.PROGRESS: NOW, C.ASSESSMENT: NOW},
    # Agency contacts report on the actions assigned to them.
    "agency_contact": {C.FOLLOW_UP: NOW, C.PROGRESS: NOW},
    # UNODC staff follow everything, mostly through the digest, except verifications.
    "unodc_staff": {C.SUBMISSION: D, C.RESPONSE: D, C.STATUS: D, C.PROGRESS: D,
                    C.ORGANIZATION: NOW, C.EVENT: NOW, C.ASSESSMENT: NOW},
}
_RANK = {NOW: 2, D: 1, OFF: 0}


def user_roles(user_ids: Iterable[int]) -> dict[int, set[str]]:
    path = getattr(settings, "NOTIFICATION_ROLES_RESOLVER", "")
    if not path:
        return {}
    return import_string(path)(list(user_ids))


def default_mode(roles: set[str], category: str, channel: str) -> str:
    if channel == Channel.IN_APP:
        return NOW
    modes = [ROLE_EMAIL_DEFAULTS[r][category] for r in roles
             if category in ROLE_EMAIL_DEFAULTS.get(r, {})]
    if not modes:
        return BASE_EMAIL_DEFAULTS.get(category, NOW)
    return max(modes, key=_RANK.__getitem__)


def modes_for(users: list, category: str) -> dict[int, tuple[str, str]]:
    """``{user_id: (in_app mode, email mode)}`` for one category: three queries at most,
    whatever the number of users."""
    ids = [u.pk for u in users]
    explicit: dict[tuple[int, str], str] = {
        (uid, channel): mode for uid, channel, mode in NotificationPreference.objects.filter(
            user_id__in=ids, category=category).values_list("user_id", "channel", "mode")
    }
    missing = {uid for uid in ids
               if (uid, Channel.EMAIL) not in explicit or (uid, Channel.IN_APP) not in explicit}
    roles = user_roles(missing) if missing else {}
    result = {}
    for user in users:
        user_role_names = set(roles.get(user.pk, set()))
        if getattr(user, "is_unodc_staff", False):
            user_role_names.add("unodc_staff")
        result[user.pk] = tuple(
            explicit.get((user.pk, channel)) or default_mode(user_role_names, category, channel)
            for channel in (Channel.IN_APP, Channel.EMAIL)
        )
    return result


def preferences_of(user) -> dict[str, dict[str, str]]:
    """Every category's effective modes for one user (the preferences page)."""
    explicit = {(c, ch): m for c, ch, m in NotificationPreference.objects.filter(user=user)
                .values_list("category", "channel", "mode")}
    role_names = set(user_roles([user.pk]).get(user.pk, set()))
    if user.is_unodc_staff:
        role_names.add("unodc_staff")
    return {
        category: {
            channel: explicit.get((category, channel))
            or default_mode(role_names, category, channel)
            for channel in Channel.values
        }
        for category in Category.values
    }
