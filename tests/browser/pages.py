"""The key pages every browser, accessibility and HTML test walks: (name, role, url).

``role`` names a demo account (see recommendations/demo.py) or None for a visitor.
URLs are resolved against the demo data by ``resolve``.
"""

from __future__ import annotations

from django.urls import reverse

DEMO_USERS = {
    "staff": "unodc.staff@demo.untoc.test",
    "focal": "focal.pakistan@demo.untoc.test",
    "agency": "fia.contact@demo.untoc.test",
    "coordinator": "coordinator.cgr@demo.untoc.test",
    "member": "member.cso@demo.untoc.test",
}


def key_pages() -> list[tuple[str, str | None, str]]:
    """Call after the demo data is loaded: some URLs name demo rows."""
    from consultations.models import Event, Organization, PilotInitiative
    from recommendations.models import FollowUpAction, Recommendation

    rec = Recommendation.objects.get(reference="PAK-2022-0001")
    event = Event.objects.get(title="Launch of the Pakistan pilot initiative")
    pilot = PilotInitiative.objects.get(party__iso3="PAK")
    org = Organization.objects.get(acronym="CGR")
    action = FollowUpAction.objects.filter(party__iso3="PAK").order_by("pk").first()
    return [
        ("home", None, reverse("home")),
        ("home-signed-in", "member", reverse("home")),
        ("my-work-coordinator", "coordinator", reverse("my_work")),
        ("my-work-staff", "staff", reverse("my_work")),
        ("my-work-agency", "agency", reverse("my_work")),
        ("official-roles", "staff", reverse("organizations:official_roles")),
        ("confirm-end-role", "staff", reverse("organizations:official_role_revoke",
                                             args=[_assignment_pk()])),
        ("recommendations", None, reverse("recommendations:list")),
        ("recommendation", None, reverse("recommendations:detail", args=[rec.pk])),
        ("recommendation-as-focal", "focal", reverse("recommendations:detail", args=[rec.pk])),
        ("filing-form", "member", reverse("recommendations:create")),
        ("focal-queue", "focal", reverse("recommendations:queue")),
        ("events", None, reverse("events:list")),
        ("event", None, reverse("events:detail", args=[event.pk])),
        ("pilot", None, reverse("pilots:detail", args=[pilot.pk])),
        ("organizations", None, reverse("organizations:directory")),
        ("organization", "coordinator", reverse("organizations:detail", args=[org.pk])),
        ("verification-queue", "staff", reverse("organizations:queue")),
        ("actions", None, reverse("followup:list")),
        ("action", "agency", reverse("followup:detail", args=[action.pk])),
        ("dashboard", "staff", reverse("dashboard:staff")),
        ("public-dashboard", None, reverse("dashboard:public")),
        ("state", None, reverse("states:detail", args=["PAK"])),
        ("inbox", "focal", reverse("notifications:inbox")),
        ("profile", "member", reverse("profile")),
        ("sign-in", None, reverse("account_login")),
        ("sign-up", None, reverse("account_signup")),
        ("password-reset", None, reverse("account_reset_password")),
    ]


def _assignment_pk() -> int:
    from consultations.models import OfficialAssignment

    return OfficialAssignment.objects.get(user__email=DEMO_USERS["agency"]).pk


def demo_user(role: str | None):
    if role is None:
        return None
    from portal.accounts.models import User

    return User.objects.get(email=DEMO_USERS[role])
