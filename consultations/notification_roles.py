"""The roles the notification layer's defaults know, in two queries for many users
(configured as settings.NOTIFICATION_ROLES_RESOLVER; notifications never imports apps)."""

from __future__ import annotations

from collections import defaultdict

from consultations.models import Membership, OfficialAssignment


def user_roles(user_ids: list[int]) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = defaultdict(set)
    for user_id, role in Membership.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "role"):
        roles[user_id].add("coordinator" if role == Membership.Role.COORDINATOR else "member")
    for user_id, role in OfficialAssignment.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "role"):
        roles[user_id].add(role)
    return dict(roles)
