"""Reads that apply safe filing (recommendations.policies, "Safe filing"): the fields a
reader may see, and sentences with the organization names the reader may not see
replaced by what the reader sees instead."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from portal.core.events import event_sentence, events_for
from recommendations import policies
from recommendations.models import RecommendationAttachment


def rationale_for(user, recommendation) -> str:
    """The rationale if the reader may read it, else ""."""
    return recommendation.rationale if policies.can_view_rationale(user, recommendation) else ""


def attachments_for(user, recommendation) -> list[RecommendationAttachment]:
    """The attachments the reader may see (from the prefetch when there is one)."""
    if not policies.can_view_attachments(user, recommendation):
        return []
    return list(recommendation.attachments.all())


def attachment_for(user, recommendation, attachment_pk: int) -> RecommendationAttachment:
    """One attachment of a recommendation the reader sees (404 when its attachments are
    kept from the reader)."""
    if not policies.can_view_attachments(user, recommendation):
        raise Http404
    return get_object_or_404(
        RecommendationAttachment, pk=attachment_pk, recommendation=recommendation
    )


def versions_for(user, recommendation) -> list:
    """The versions, their rationale blanked for a reader who may not read it."""
    versions = list(recommendation.versions.all())
    if not policies.can_view_rationale(user, recommendation):
        for v in versions:
            v.rationale = ""
    return versions


def redacted(text: str, hidden: dict[str, str]) -> str:
    """``text`` with every hidden name replaced (longest first: a name containing
    another is replaced whole)."""
    for name in sorted(hidden, key=len, reverse=True):
        if name:
            text = text.replace(name, hidden[name])
    return text


def names_hidden_from(user, recommendation) -> dict[str, str]:
    return policies.names_hidden_from(user, recommendation)


def action_timeline_for(user, action) -> list[tuple[object, str]]:
    """The history of a follow-up action, oldest first: (event, sentence), naming a
    person only to a reader who may see the name (policies.person_name_for)."""
    out: list[tuple[object, str]] = []
    for event in events_for(action).order_by("occurred_at", "pk"):
        what = event_sentence(event, with_actor=False)
        who = policies.person_name_for(user, event.actor, party_id=action.party_id)
        out.append(
            (
                event,
                gettext("%(what)s by %(actor)s") % {"what": what, "actor": who} if who else what,
            )
        )
    return out
