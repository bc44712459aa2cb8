"""The domain events of this app's aggregates (see portal.core.events): the kinds of each
aggregate, whose label is the sentence a timeline or a history shows (with parameters
from the payload), and one function per kind that records it, called by the services in
their transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.events import event_record
from portal.core.models import DomainEvent

if TYPE_CHECKING:
    import datetime as dt

    from portal.accounts.models import User
    from recommendations.models import (
        Comment,
        FollowUpAction,
        InternalNote,
        Recommendation,
        Response,
    )


class RecommendationEventKind(models.TextChoices):
    CREATED = "recommendation.created", _("Draft created")
    UPDATED = "recommendation.updated", _("Draft saved")
    FILED_ON_BEHALF = ("recommendation.filed_on_behalf",
                       _("Filed by UNODC staff on behalf of %(organization)s"))
    # a move of its status (recommendations.transitions): "recommendation.<status>"
    DRAFT = "recommendation.draft", _("Returned to draft")
    SUBMITTED = "recommendation.submitted", _("Submitted to the State")
    UNDER_CONSIDERATION = "recommendation.under_consideration", _("Taken under consideration")
    RESPONDED = "recommendation.responded", _("Response published")
    WITHDRAWN = "recommendation.withdrawn", _("Withdrawn")
    PUBLISHED = "recommendation.published", _("Made public by the filer")
    CORRECTED = "recommendation.corrected", _("Corrected (version %(version)s)")
    COSIGN_REQUESTED = ("recommendation.cosign_requested",
                        _("%(organization)s invited to co-sign"))
    COSIGNED = "recommendation.cosigned", _("Co-signed by %(organization)s")
    COSIGN_DECLINED = "recommendation.cosign_declined", _("%(organization)s declined to co-sign")
    ENDORSED = "recommendation.endorsed", _("Endorsed on behalf of %(organization)s")
    DEADLINE_CHANGED = ("recommendation.deadline_changed",
                        _("Response deadline changed to %(to)s"))
    CONSOLIDATED = "recommendation.consolidated", _("Consolidated from members' drafts")
    CONSOLIDATED_INTO = ("recommendation.consolidated_into",
                         _("Consolidated into an alliance recommendation"))
    ATTACHMENT_ADDED = "recommendation.attachment_added", _("Attachment “%(name)s” added")
    SHARED_WITH_ALLIANCE = ("recommendation.shared_with_alliance",
                            _("Draft shared with the alliance"))
    UNSHARED_WITH_ALLIANCE = ("recommendation.unshared_with_alliance",
                              _("Draft no longer shared with the alliance"))
    TRANSLATION_ADDED = ("recommendation.translation_added",
                         _("Translation into %(language_name)s added"))
    TRANSLATION_REMOVED = ("recommendation.translation_removed",
                           _("Translation into %(language_name)s removed"))
    # safe filing: these sentences never name the organization
    ATTRIBUTION_CHANGED = ("recommendation.attribution_changed",
                           _("The filer changed who may read its name"))
    RATIONALE_VISIBILITY_CHANGED = ("recommendation.rationale_visibility_changed",
                                    _("The filer changed who may read the rationale"))
    ATTACHMENTS_VISIBILITY_CHANGED = ("recommendation.attachments_visibility_changed",
                                      _("The filer changed who may see the attachments"))
    COSIGNER_ATTRIBUTION_CHANGED = ("recommendation.cosigner_attribution_changed",
                                    _("A co-signer changed who may read its name"))


class ResponseEventKind(models.TextChoices):
    DRAFTED = ("response.drafted",
               _("Response proposed, awaiting a second official's approval"))
    RETURNED = "response.returned", _("Proposed response sent back")
    TRANSLATION_ADDED = ("response.translation_added",
                         _("Translation of the response into %(language_name)s added"))
    TRANSLATION_REMOVED = ("response.translation_removed",
                           _("Translation of the response into %(language_name)s removed"))


class ProgressReportEventKind(models.TextChoices):
    TRANSLATION_ADDED = ("progress_report.translation_added",
                         _("Translation of a progress report into %(language_name)s added"))
    TRANSLATION_REMOVED = ("progress_report.translation_removed",
                           _("Translation of a progress report into %(language_name)s removed"))


class NoteEventKind(models.TextChoices):
    CREATED = "note.created", _("Internal note added")


class CommentEventKind(models.TextChoices):
    CREATED = "comment.created", _("Comment published")
    HIDDEN = "comment.hidden", _("Comment hidden")
    RESTORED = "comment.restored", _("Comment restored")


class ActionEventKind(models.TextChoices):
    CREATED = "action.created", _("Follow-up action created")
    UPDATED = "action.updated", _("Follow-up action updated")
    PROGRESS_REPORTED = "action.progress_reported", _("Progress reported (%(percent)s%%)")
    PROGRESS_REPORT_EDITED = ("action.progress_report_edited",
                              _("Progress report corrected (%(percent)s%%)"))
    ASSESSED = "action.assessed", _("Assessed by the filing organization")
    VALIDATED = "action.validated", _("Validated by UNODC (%(percent)s%%)")


EVENT_KINDS: tuple[type[models.TextChoices], ...] = (
    RecommendationEventKind, ResponseEventKind, ProgressReportEventKind, NoteEventKind,
    CommentEventKind, ActionEventKind,
)

#: kind -> sentence, registered in AppConfig.ready
SENTENCES = {kind: kind.label for kinds in EVENT_KINDS for kind in kinds}

# --- Recommendations ---------------------------------------------------------------------


def _recommendation_event(kind: RecommendationEventKind, recommendation: Recommendation,
                          actor: User | None, *, note: str = "",
                          payload: dict[str, Any] | None = None) -> DomainEvent:
    return event_record(kind=kind, target=recommendation, actor=actor, note=note,
                        payload=payload)


def recommendation_created_event(*, recommendation: Recommendation,
                                 actor: User) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.CREATED, recommendation, actor)


def recommendation_updated_event(*, recommendation: Recommendation,
                                 actor: User) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.UPDATED, recommendation, actor)


def recommendation_filed_on_behalf_event(*, recommendation: Recommendation,
                                         actor: User) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.FILED_ON_BEHALF, recommendation,
                                 actor,
                                 payload={"organization": recommendation.organization.name})


def _status_event(kind: RecommendationEventKind, recommendation: Recommendation,
                  actor: User | None, previous: str, note: str,
                  **payload: Any) -> DomainEvent:
    return _recommendation_event(kind, recommendation, actor, note=note,
                                 payload={"from": previous, "to": recommendation.status,
                                          **payload})


def recommendation_returned_to_draft_event(*, recommendation: Recommendation, actor: User,
                                           previous: str, note: str = "") -> DomainEvent:
    return _status_event(RecommendationEventKind.DRAFT, recommendation, actor, previous, note)


def recommendation_submitted_event(*, recommendation: Recommendation, actor: User,
                                   previous: str, note: str = "") -> DomainEvent:
    return _status_event(RecommendationEventKind.SUBMITTED, recommendation, actor, previous,
                         note, reference=recommendation.reference)


def recommendation_under_consideration_event(*, recommendation: Recommendation,
                                             actor: User, previous: str,
                                             note: str = "") -> DomainEvent:
    return _status_event(RecommendationEventKind.UNDER_CONSIDERATION, recommendation, actor,
                         previous, note)


def recommendation_responded_event(*, recommendation: Recommendation, actor: User,
                                   previous: str, note: str = "",
                                   response: Response) -> DomainEvent:
    return _status_event(RecommendationEventKind.RESPONDED, recommendation, actor, previous,
                         note, position=response.position,
                         responded_by=response.responded_by_id)


def recommendation_withdrawn_event(*, recommendation: Recommendation, actor: User,
                                   previous: str, note: str = "") -> DomainEvent:
    return _status_event(RecommendationEventKind.WITHDRAWN, recommendation, actor, previous,
                         note)


def recommendation_published_event(*, recommendation: Recommendation,
                                   actor: User) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.PUBLISHED, recommendation, actor)


def recommendation_corrected_event(*, recommendation: Recommendation, actor: User,
                                   version: int, note: str) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.CORRECTED, recommendation, actor,
                                 note=note, payload={"version": version})


def recommendation_cosign_requested_event(*, recommendation: Recommendation, actor: User,
                                          organization_name: str) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.COSIGN_REQUESTED, recommendation,
                                 actor, payload={"organization": organization_name})


def recommendation_cosigned_event(*, recommendation: Recommendation, actor: User,
                                  organization_name: str) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.COSIGNED, recommendation, actor,
                                 payload={"organization": organization_name})


def recommendation_cosign_declined_event(*, recommendation: Recommendation, actor: User,
                                         organization_name: str) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.COSIGN_DECLINED, recommendation,
                                 actor, payload={"organization": organization_name})


def recommendation_endorsed_event(*, recommendation: Recommendation, actor: User,
                                  organization_name: str) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.ENDORSED, recommendation, actor,
                                 payload={"organization": organization_name})


def recommendation_deadline_changed_event(*, recommendation: Recommendation, actor: User,
                                          previous: dt.date | None, due_on: dt.date,
                                          note: str) -> DomainEvent:
    return _recommendation_event(
        RecommendationEventKind.DEADLINE_CHANGED, recommendation, actor, note=note,
        payload={"from": previous.isoformat() if previous else None,
                 "to": due_on.isoformat()})


def recommendation_consolidated_event(*, recommendation: Recommendation, actor: User,
                                      source_ids: list[int]) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.CONSOLIDATED, recommendation, actor,
                                 payload={"sources": source_ids})


def recommendation_consolidated_into_event(*, recommendation: Recommendation, actor: User,
                                           into: Recommendation) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.CONSOLIDATED_INTO, recommendation,
                                 actor, payload={"into": into.pk})


def recommendation_attachment_added_event(*, recommendation: Recommendation, actor: User,
                                          name: str) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.ATTACHMENT_ADDED, recommendation,
                                 actor, payload={"name": name})


def recommendation_shared_with_alliance_event(*, recommendation: Recommendation,
                                              actor: User) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.SHARED_WITH_ALLIANCE, recommendation,
                                 actor)


def recommendation_unshared_with_alliance_event(*, recommendation: Recommendation,
                                                actor: User) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.UNSHARED_WITH_ALLIANCE,
                                 recommendation, actor)


def recommendation_translation_added_event(*, recommendation: Recommendation, actor: User,
                                           language: str, language_name: str) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.TRANSLATION_ADDED, recommendation,
                                 actor, payload={"language": language,
                                                 "language_name": language_name})


def recommendation_translation_removed_event(*, recommendation: Recommendation, actor: User,
                                             language: str,
                                             language_name: str) -> DomainEvent:
    return _recommendation_event(RecommendationEventKind.TRANSLATION_REMOVED, recommendation,
                                 actor, payload={"language": language,
                                                 "language_name": language_name})


def _protection_event(kind: RecommendationEventKind, recommendation: Recommendation,
                      actor: User, old: str, new: str) -> DomainEvent:
    return _recommendation_event(kind, recommendation, actor, payload={"from": old, "to": new})


def recommendation_attribution_changed_event(*, recommendation: Recommendation, actor: User,
                                             old: str, new: str) -> DomainEvent:
    return _protection_event(RecommendationEventKind.ATTRIBUTION_CHANGED, recommendation,
                             actor, old, new)


def recommendation_rationale_visibility_changed_event(
        *, recommendation: Recommendation, actor: User, old: str, new: str) -> DomainEvent:
    return _protection_event(RecommendationEventKind.RATIONALE_VISIBILITY_CHANGED,
                             recommendation, actor, old, new)


def recommendation_attachments_visibility_changed_event(
        *, recommendation: Recommendation, actor: User, old: str, new: str) -> DomainEvent:
    return _protection_event(RecommendationEventKind.ATTACHMENTS_VISIBILITY_CHANGED,
                             recommendation, actor, old, new)


def recommendation_cosigner_attribution_changed_event(
        *, recommendation: Recommendation, actor: User, old: str, new: str) -> DomainEvent:
    return _protection_event(RecommendationEventKind.COSIGNER_ATTRIBUTION_CHANGED,
                             recommendation, actor, old, new)


def content_translation_event(*, kind: models.TextChoices, target: Any, actor: User,
                              language: str, language_name: str) -> DomainEvent:
    """A translation of a recommendation, a response or a progress report added or removed
    (``kind`` is that kind's TRANSLATION_ADDED or TRANSLATION_REMOVED)."""
    return event_record(kind=kind, target=target, actor=actor,
                        payload={"language": language, "language_name": language_name})


# --- Responses, notes, comments ----------------------------------------------------------


def response_drafted_event(*, response: Response, actor: User) -> DomainEvent:
    return event_record(kind=ResponseEventKind.DRAFTED, target=response, actor=actor,
                        payload={"position": response.position,
                                 "recommendation": response.recommendation_id})


def response_returned_event(*, recommendation: Recommendation, actor: User,
                            note: str) -> DomainEvent:
    return event_record(kind=ResponseEventKind.RETURNED, target=recommendation, actor=actor,
                        note=note)


def note_created_event(*, note: InternalNote, actor: User) -> DomainEvent:
    # recorded on the note itself: internal notes never appear in the public timeline
    return event_record(kind=NoteEventKind.CREATED, target=note, actor=actor,
                        payload={"recommendation": note.recommendation_id})


def comment_created_event(*, comment: Comment, actor: User) -> DomainEvent:
    return event_record(kind=CommentEventKind.CREATED, target=comment, actor=actor,
                        payload={"recommendation": comment.recommendation_id})


def comment_hidden_event(*, comment: Comment, actor: User, reason: str) -> DomainEvent:
    return event_record(kind=CommentEventKind.HIDDEN, target=comment, actor=actor, note=reason)


def comment_restored_event(*, comment: Comment, actor: User, reason: str) -> DomainEvent:
    return event_record(kind=CommentEventKind.RESTORED, target=comment, actor=actor,
                        note=reason)


# --- Follow-up actions -------------------------------------------------------------------


def action_created_event(*, action: FollowUpAction, actor: User,
                         payload: dict[str, Any]) -> DomainEvent:
    """``payload`` says where the action came from (the recommendations, a response, an
    event's action item)."""
    return event_record(kind=ActionEventKind.CREATED, target=action, actor=actor,
                        payload=payload)


def action_updated_event(*, action: FollowUpAction, actor: User,
                         changes: dict[str, Any]) -> DomainEvent:
    return event_record(kind=ActionEventKind.UPDATED, target=action, actor=actor,
                        payload={"changes": changes})


def action_progress_reported_event(*, action: FollowUpAction, actor: User, report_id: int,
                                   status: str, percent: int) -> DomainEvent:
    return event_record(kind=ActionEventKind.PROGRESS_REPORTED, target=action, actor=actor,
                        payload={"report": report_id, "status": status,
                                 "percent": int(percent)})


def action_progress_report_edited_event(*, action: FollowUpAction, actor: User,
                                        report_id: int, status: str,
                                        percent: int) -> DomainEvent:
    return event_record(kind=ActionEventKind.PROGRESS_REPORT_EDITED, target=action,
                        actor=actor, payload={"report": report_id, "status": status,
                                              "percent": int(percent)})


def action_assessed_event(*, action: FollowUpAction, actor: User, organization_id: int,
                          verdict: str) -> DomainEvent:
    return event_record(kind=ActionEventKind.ASSESSED, target=action, actor=actor,
                        payload={"organization": organization_id, "verdict": verdict})


def action_validated_event(*, action: FollowUpAction, actor: User, status: str,
                           percent: int, closed: bool) -> DomainEvent:
    return event_record(kind=ActionEventKind.VALIDATED, target=action, actor=actor,
                        payload={"status": status, "percent": int(percent),
                                 "closed": closed})
