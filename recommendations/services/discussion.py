"""The discussion of a recommendation: internal notes, public comments and their
moderation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core import content_language
from recommendations import policies
from recommendations.events import (
    comment_created_event,
    comment_hidden_event,
    comment_restored_event,
    note_created_event,
)
from recommendations.models import (
    Comment,
    InternalNote,
    Recommendation,
)
from recommendations.notifications import comment_created_notify, comment_moderated_notify


def note_create(*, actor, recommendation: Recommendation, text: str,
                language: str | None = None) -> InternalNote:
    with transaction.atomic():
        if not policies.can_add_note(actor, recommendation):
            raise PermissionDenied
        if not text.strip():
            raise ValidationError({"text": _("Enter the note.")})
        note = InternalNote.objects.create(recommendation=recommendation, author=actor,
                                           text=text.strip(),
                                           language=content_language.clean(language))
        note_created_event(note=note, actor=actor)
        return note


def comment_create(*, actor, recommendation: Recommendation, text: str,
                   language: str | None = None) -> Comment:
    with transaction.atomic():
        if not policies.can_comment(actor, recommendation):
            raise PermissionDenied
        if not text.strip():
            raise ValidationError({"text": _("Enter your comment.")})
        roles = policies.roles_of(actor)
        org_id = min(roles.verified_org_ids) if roles.verified_org_ids else None
        comment = Comment.objects.create(recommendation=recommendation, author=actor,
                                         organization_id=org_id, text=text.strip(),
                                         language=content_language.clean(language))
        ev = comment_created_event(comment=comment, actor=actor)
        comment_created_notify(comment=comment, actor=actor, event=ev)
        return comment


def comment_moderate(*, actor, comment: Comment, hide: bool, reason: str = "") -> Comment:
    with transaction.atomic():
        if not policies.can_moderate_comments(actor):
            raise PermissionDenied
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if hide and not reason.strip():
            raise ValidationError({"reason": _("Give the reason for hiding the comment.")})
        comment.status = Comment.Status.HIDDEN if hide else Comment.Status.PUBLISHED
        comment.moderated_by, comment.moderated_at = actor, timezone.now()
        comment.moderation_reason = reason.strip()
        comment.save(update_fields=["status", "moderated_by", "moderated_at",
                                    "moderation_reason"])
        (comment_hidden_event if hide else comment_restored_event)(
            comment=comment, actor=actor, reason=reason.strip())
        comment_moderated_notify(comment=comment)
        return comment
