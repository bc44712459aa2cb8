"""Writes of follow-up: actions, progress reports (with evidence and history), alliance
assessments and UNODC validations. Each function is one transaction: it checks the
policy, changes the rows, records the domain event and writes the notifications."""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.events import event_action_item_followed_up_event
from consultations.models import (
    ActionItem,
    Event,
    OfficialAssignment,
    Organization,
    Party,
)
from consultations.uploads import validate_upload
from portal.core import content_language
from portal.core.errors import StateConflict
from recommendations import policies
from recommendations.events import (
    action_assessed_event,
    action_created_event,
    action_progress_report_edited_event,
    action_progress_reported_event,
    action_updated_event,
    action_validated_event,
)
from recommendations.models import (
    ActionStatus,
    Assessment,
    Evidence,
    FieldVisibility,
    FollowUpAction,
    ProgressReport,
    ProgressReportRevision,
    Recommendation,
    Validation,
    Verdict,
)
from recommendations.notifications import (
    action_disagreement_notify,
    action_lead_notify,
    action_progress_reported_notify,
)
from recommendations.selectors.followup import is_closed
from recommendations.selectors.recommendations import recommendations_visible_to

User = get_user_model()


@dataclass
class EvidenceInput:
    """One piece of evidence: a file or a link (exactly one of them)."""

    file: object | None = None
    url: str = ""
    title: str = ""
    is_public: bool = False  # shorthand for visibility "public"
    visibility: str = ""  # FieldVisibility; empty: public when is_public, else government

    @property
    def effective_visibility(self) -> str:
        if self.visibility:
            return self.visibility
        return FieldVisibility.PUBLIC if self.is_public else FieldVisibility.GOVERNMENT


# --- Checks shared by the forms' services ------------------------------------------------


def _check_progress(errors: dict, *, status: str, percent, confirm_implemented: bool,
                    percent_field: str = "percent") -> None:
    if status not in ActionStatus.values:
        errors["status"] = _("Choose a status from the list.")
    if percent is None or not 0 <= int(percent) <= 100:
        errors[percent_field] = _("Progress must be a whole number between 0 and 100.")
        return
    if status == ActionStatus.IMPLEMENTED and int(percent) < 100 and not confirm_implemented:
        errors["confirm_implemented"] = _(
            "The status is “implemented” but progress is %(percent)s%%. Tick the box to "
            "confirm, or correct the status or the progress.") % {"percent": percent}


def _check_dates(errors: dict, start_on: dt.date | None, due_on: dt.date | None) -> None:
    if start_on and due_on and due_on < start_on:
        errors["due_on"] = _("The due date must be on or after the start date.")


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def action_linkable_recommendations(*, actor, party: Party) -> QuerySet[Recommendation]:
    """The one rule for which recommendations a follow-up action may link to (the web
    form offers these, the service refuses others, the API answers with the service's
    field error): addressed to the action's State, submitted (neither a draft nor
    withdrawn), and visible to the user."""
    return (recommendations_visible_to(actor).filter(party=party)
            .exclude(status__in=[Recommendation.Status.DRAFT, Recommendation.Status.WITHDRAWN]))


def _check_links(errors: dict, *, actor, party: Party,
                 recommendations: Sequence[Recommendation], kept: frozenset[int]) -> None:
    """Links outside action_linkable_recommendations are refused, except those the action
    already has (a recommendation withdrawn after it was linked stays linked)."""
    new = {r.pk for r in recommendations} - kept
    if not new:
        return
    allowed = set(action_linkable_recommendations(actor=actor, party=party)
                  .filter(pk__in=new).values_list("pk", flat=True))
    if new - allowed:
        errors["recommendations"] = _(
            "Choose submitted recommendations addressed to %(state)s (not drafts or "
            "withdrawn ones).") % {"state": party.name}


def _check_action_fields(*, party: Party, recommendations: Sequence[Recommendation],
                         lead_body: Organization | None, responsible, start_on, due_on,
                         status, percent, confirm_implemented, report_every_months,
                         title: str) -> None:
    errors: dict = {}
    if not (title or "").strip():
        errors["title"] = _("Enter what the action is.")
    _check_dates(errors, start_on, due_on)
    _check_progress(errors, status=status, percent=percent,
                    confirm_implemented=confirm_implemented)
    if report_every_months is not None and not 1 <= int(report_every_months) <= 24:
        errors["report_every_months"] = _("Reporting frequency must be 1 to 24 months.")
    if lead_body is not None and lead_body.category != Organization.Category.GOVERNMENTAL:
        errors["lead_body"] = _("The lead institution must be a government body.")
    if responsible is not None and not OfficialAssignment.objects.filter(
            user=responsible, party=party,
            role=OfficialAssignment.Role.AGENCY_CONTACT).exists():
        errors["responsible"] = _("The responsible person must be an agency contact of "
                                  "%(state)s.") % {"state": party.name}
    _raise(errors)


# --- Actions -----------------------------------------------------------------------------


def action_create(*, actor, party: Party, title: str, description: str = "",
                  recommendations: Sequence[Recommendation] = (),
                  lead_body: Organization | None = None, responsible=None,
                  start_on: dt.date | None = None, due_on: dt.date | None = None,
                  status: str = ActionStatus.NOT_STARTED, percent: int = 0,
                  report_every_months: int | None = None, source_event: Event | None = None,
                  source_action_item: ActionItem | None = None,
                  confirm_implemented: bool = False,
                  language: str | None = None) -> FollowUpAction:
    """A follow-up action created by the State's focal person or UNODC staff (from a
    response's commitments or an event's action items). An event action item carries on
    as at most one follow-up action; the action remembers the item and its event."""
    if not policies.can_create_action(actor, party.pk):
        raise PermissionDenied
    recommendations = list(recommendations)
    language = content_language.clean(language)
    with transaction.atomic():
        if source_action_item is not None:
            source_action_item = _lock_action_item(source_action_item, party)
            source_event = source_action_item.event
        errors: dict = {}
        _check_links(errors, actor=actor, party=party, recommendations=recommendations,
                     kept=frozenset())
        if errors:
            raise ValidationError(errors)
        _check_action_fields(party=party, recommendations=recommendations,
                             lead_body=lead_body, responsible=responsible, start_on=start_on,
                             due_on=due_on, status=status, percent=percent,
                             confirm_implemented=confirm_implemented,
                             report_every_months=report_every_months, title=title)
        if source_event is not None and source_event.party_id != party.pk:
            _raise({"source_event": _("Choose an event held in %(state)s.") % {
                "state": party.name}})
        action = FollowUpAction.objects.create(
            party=party, title=title.strip(), description=description, lead_body=lead_body,
            language=language,
            responsible=responsible, start_on=start_on, due_on=due_on, status=status,
            percent=int(percent), report_every_months=report_every_months,
            source_event=source_event, source_action_item=source_action_item,
            created_by=actor)
        action.recommendations.set(recommendations)
        ev = action_created_event(
            action=action, actor=actor,
            payload={"title": action.title, "recommendations": [r.pk for r in recommendations],
                     "source_event": source_event.pk if source_event else None,
                     "source_action_item": (source_action_item.pk if source_action_item
                                            else None)})
        if source_action_item is not None:
            event_action_item_followed_up_event(item=source_action_item, actor=actor,
                                                action_id=action.pk)
        action_lead_notify(action=action, event=ev, body_changed=lead_body is not None,
                           responsible_changed=responsible is not None)
    return action


def _lock_action_item(item: ActionItem, party: Party) -> ActionItem:
    """The item, locked so that two people converting it at once make one action."""
    item = (ActionItem.objects.select_for_update(of=("self",)).select_related("event")
            .get(pk=item.pk))
    if item.event.party_id != party.pk:
        _raise({"source_action_item": _("This action item is from an event outside "
                                        "%(state)s.") % {"state": party.name}})
    if FollowUpAction.objects.filter(source_action_item=item).exists():
        raise StateConflict({"source_action_item": _("This action item already has a "
                                                     "follow-up action.")})
    if item.status == ActionItem.Status.DROPPED:
        raise StateConflict({"source_action_item": _("A dropped action item cannot be "
                                                     "followed up.")})
    return item


def action_update(*, actor, action: FollowUpAction, title: str, description: str = "",
                  recommendations: Sequence[Recommendation] = (),
                  lead_body: Organization | None = None, responsible=None,
                  start_on: dt.date | None = None, due_on: dt.date | None = None,
                  status: str, percent: int, report_every_months: int | None = None,
                  confirm_implemented: bool = False,
                  language: str | None = None) -> FollowUpAction:
    if not policies.can_edit_action(actor, action):
        raise PermissionDenied
    recommendations = list(recommendations)
    with transaction.atomic():
        action = FollowUpAction.objects.select_for_update().get(pk=action.pk)
        errors: dict = {}
        _check_links(errors, actor=actor, party=action.party, recommendations=recommendations,
                     kept=frozenset(action.recommendations.values_list("pk", flat=True)))
        if errors:
            raise ValidationError(errors)
        _check_action_fields(party=action.party, recommendations=recommendations,
                             lead_body=lead_body, responsible=responsible, start_on=start_on,
                             due_on=due_on, status=status, percent=percent,
                             confirm_implemented=confirm_implemented,
                             report_every_months=report_every_months, title=title)
        previous_responsible, previous_body = action.responsible_id, action.lead_body_id
        changes = {}
        language = action.language if language is None else content_language.clean(language)
        for name, value in [("title", title.strip()), ("description", description),
                            ("language", language),
                            ("lead_body", lead_body), ("responsible", responsible),
                            ("start_on", start_on), ("due_on", due_on), ("status", status),
                            ("percent", int(percent)),
                            ("report_every_months", report_every_months)]:
            old = getattr(action, name)
            if old != value:
                changes[name] = [str(old) if old is not None else None,
                                 str(value) if value is not None else None]
            setattr(action, name, value)
        action.save()
        action.recommendations.set(recommendations)
        ev = action_updated_event(action=action, actor=actor, changes=changes)
        action_lead_notify(
            action=action, event=ev,
            body_changed=lead_body is not None and lead_body.pk != previous_body,
            responsible_changed=responsible is not None and responsible.pk != previous_responsible)
    return action


# --- Progress reports -------------------------------------------------------------------


def _store_evidence(report: ProgressReport, evidence: Sequence[EvidenceInput], actor) -> None:
    errors: dict = {}
    checked = []
    for item in evidence:
        if item.effective_visibility not in FieldVisibility.values:
            errors["evidence_visibility"] = _("Choose who may see the evidence.")
            continue
        if item.file and item.url:
            errors["evidence_url"] = _("Give either a file or a link for each piece of "
                                       "evidence, not both.")
            continue
        if item.file:
            try:
                name = validate_upload(item.file)
            except ValidationError as exc:
                errors["evidence_file"] = exc.messages
                continue
            checked.append((item, name))
        elif item.url:
            checked.append((item, ""))
    _raise(errors)
    for item, name in checked:
        row = Evidence(report=report, title=(item.title or name)[:200], url=item.url,
                       visibility=item.effective_visibility, uploaded_by=actor,
                       content_type=(mimetypes.guess_type(name)[0] or "") if name else "")
        if item.file:
            row.file.save(name, item.file, save=False)
        row.save()


def _sync_action_from_reports(action: FollowUpAction) -> None:
    latest = action.progress_reports.order_by("-reported_on", "-id").first()
    if latest is not None:
        action.status, action.percent = latest.status, latest.percent
        action.save(update_fields=["status", "percent", "updated_at"])


def _check_report(errors: dict, *, reported_on, text, status, percent,
                  confirm_implemented) -> None:
    if not (text or "").strip():
        errors["text"] = _("Describe the progress made.")
    if reported_on is None:
        errors["reported_on"] = _("Enter the date of the report.")
    elif reported_on > timezone.localdate():
        errors["reported_on"] = _("The report date cannot be in the future.")
    _check_progress(errors, status=status, percent=percent,
                    confirm_implemented=confirm_implemented)


def progress_report_create(*, actor, action: FollowUpAction, reported_on: dt.date, text: str,
                           status: str, percent: int, confirm_implemented: bool = False,
                           evidence: Sequence[EvidenceInput] = (),
                           language: str | None = None) -> ProgressReport:
    """A dated progress report by the responsible agency contact or the focal person. It
    updates the action's status and percent (when it is the latest report) and is refused
    on a closed action."""
    if not policies.can_report_progress(actor, action):
        raise PermissionDenied
    with transaction.atomic():
        action = (FollowUpAction.objects.select_for_update(of=("self",))
                  .select_related("validation")
                  .get(pk=action.pk))
        if is_closed(action):
            raise StateConflict(_("This action is closed: it is implemented and UNODC "
                                    "has validated it, so it takes no more progress "
                                    "reports."))
        errors: dict = {}
        _check_report(errors, reported_on=reported_on, text=text, status=status,
                      percent=percent, confirm_implemented=confirm_implemented)
        _raise(errors)
        report = ProgressReport.objects.create(
            action=action, reported_on=reported_on, text=text.strip(), status=status,
            percent=int(percent), author=actor, language=content_language.clean(language))
        _store_evidence(report, evidence, actor)
        _sync_action_from_reports(action)
        ev = action_progress_reported_event(action=action, actor=actor, report_id=report.pk,
                                            status=status, percent=percent)
        action_progress_reported_notify(report=report, actor=actor, event=ev)
    return report


def progress_report_update(*, actor, report: ProgressReport, reported_on: dt.date, text: str,
                           status: str, percent: int, confirm_implemented: bool = False,
                           evidence: Sequence[EvidenceInput] = (),
                           language: str | None = None) -> ProgressReport:
    """Edit a report; its previous version is kept as a revision."""
    with transaction.atomic():
        report = ProgressReport.objects.select_for_update().get(pk=report.pk)
        action = (FollowUpAction.objects.select_for_update(of=("self",))
                  .select_related("validation")
                  .prefetch_related("recommendations").get(pk=report.action_id))
        if not policies.can_edit_progress_report(actor, report, action):
            raise PermissionDenied
        if is_closed(action):
            raise StateConflict(_("This action is closed: its reports can no longer be "
                                    "changed."))
        errors: dict = {}
        _check_report(errors, reported_on=reported_on, text=text, status=status,
                      percent=percent, confirm_implemented=confirm_implemented)
        _raise(errors)
        ProgressReportRevision.objects.create(
            report=report, reported_on=report.reported_on, text=report.text,
            status=report.status, percent=report.percent, edited_by=actor)
        report.reported_on, report.text = reported_on, text.strip()
        report.status, report.percent = status, int(percent)
        if language is not None:
            report.language = content_language.clean(language)
        report.save()
        _store_evidence(report, evidence, actor)
        _sync_action_from_reports(action)
        action_progress_report_edited_event(action=action, actor=actor, report_id=report.pk,
                                            status=status, percent=percent)
    return report


# --- Three views: assessment and validation ----------------------------------------------


def assessment_record(*, actor, action: FollowUpAction, organization: Organization,
                      verdict: str, comment: str = "",
                      language: str | None = None) -> Assessment:
    """The filing alliance's view: agree, partly or disagree (with a comment)."""
    if organization.pk not in policies.assessable_org_ids(actor, action):
        raise PermissionDenied
    errors: dict = {}
    if verdict not in Verdict.values:
        errors["verdict"] = _("Choose agree, partly agree or disagree.")
    if verdict in (Verdict.PARTLY, Verdict.DISAGREE) and not (comment or "").strip():
        errors["comment"] = _("Explain where you do not agree.")
    _raise(errors)
    language = content_language.clean(language)
    with transaction.atomic():
        assessment, _created = Assessment.objects.update_or_create(
            action=action, organization=organization,
            defaults={"verdict": verdict, "comment": comment.strip(), "author": actor,
                      "language": language})
        ev = action_assessed_event(action=action, actor=actor, organization_id=organization.pk,
                                   verdict=verdict)
        if verdict == Verdict.DISAGREE:
            action_disagreement_notify(action=action, organization=organization,
                                       comment=comment.strip(), event=ev)
    return assessment


def validation_record(*, actor, action: FollowUpAction, status: str, percent: int,
                      comment: str = "", confirm_implemented: bool = False) -> Validation:
    """UNODC's validated status and percent. Validating "implemented" on an action the
    government reports as implemented closes it."""
    if not policies.can_validate(actor, action):
        raise PermissionDenied
    errors: dict = {}
    _check_progress(errors, status=status, percent=percent,
                    confirm_implemented=confirm_implemented)
    _raise(errors)
    with transaction.atomic():
        validation, _created = Validation.objects.update_or_create(
            action=action, defaults={"status": status, "percent": int(percent),
                                     "comment": comment.strip(), "validated_by": actor})
        action_validated_event(action=action, actor=actor, status=status, percent=percent,
                               closed=status == action.status == ActionStatus.IMPLEMENTED)
    return validation
