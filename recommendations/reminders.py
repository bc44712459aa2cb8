"""Reminder scans of the recommendations app: response deadlines, follow-up action due
dates and progress-report due dates.

Each scan inserts ``portal.notifications.models.Reminder`` rows with a unique key (target,
purpose, step, recipient), in batches with ``bulk_create(ignore_conflicts=True)``: running
it twice, concurrently or after a crash inserts nothing twice, and the dispatcher sends
the due rows once. The scans stream their targets with ``values().iterator()``, so memory
stays flat and queries grow with the number of batches, not of rows.

Steps (``today`` is the UTC date of the scan):
- response due (submitted / under consideration): 14 days before, 3 days before, on the
  day; then weekly when overdue (urgent) to the State's focal persons; after
  ``REMINDER_ESCALATION_DAYS`` overdue, once to every UNODC staff user (urgent);
- follow-up action not implemented: 7 days and 1 day before, and once when overdue (urgent),
  to the responsible person and the State's focal persons;
- progress report due (actions with ``report_every_months``: the last report, or the start,
  plus that many months): the same steps as actions.
Only the latest step that applies is created: a deadline discovered late is not
reminded three times at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, Max, OuterRef
from django.urls import NoReverseMatch, reverse

from consultations.models import Party
from consultations.reminders import reminders_scan_events
from consultations.selectors.recipients import focal_person_ids_by_party, unodc_staff_ids
from portal.notifications.messages import state_msg
from portal.notifications.models import Category, Reminder
from portal.notifications.reminders import (
    reminder_due_at,
    reminders_insert_all,
    reminders_table_analyze,
)
from recommendations.models import ActionStatus, FollowUpAction, Recommendation

CHUNK = 2000
OPEN_STATUSES = [Recommendation.Status.SUBMITTED, Recommendation.Status.UNDER_CONSIDERATION]


class DeadlineReminderKind(models.TextChoices):
    """The notification kinds of these reminders: each names its e-mail's templates
    (templates/notifications/email/reminder_<…>.txt, and its subject)."""

    RESPONSE_DUE = "reminder.response_due"
    RESPONSE_OVERDUE = "reminder.response_overdue"
    RESPONSE_ESCALATION = "reminder.response_escalation"
    ACTION_DUE = "reminder.action_due"
    ACTION_OVERDUE = "reminder.action_overdue"
    REPORT_DUE = "reminder.report_due"
    REPORT_OVERDUE = "reminder.report_overdue"


def url_pattern(name: str, fallback: str) -> str:
    """The item's path with ``{pk}`` for the id (reversed once per scan)."""
    try:
        return reverse(name, args=[987654321]).replace("987654321", "{pk}")
    except NoReverseMatch:
        return fallback


def _party_names() -> dict[int, dict]:
    """Each State as a message named in the recipient's language when the e-mail is
    written (the scan runs in no one's language)."""
    return {p.pk: state_msg(p) for p in Party.objects.only("id", "iso3", "iso2", "name")}


def _reminder(ct_id: int, target_id: int, purpose: str, step: str, recipient_id: int, *,
              deadline: dt.date, due_on: dt.date, kind: str, url: str, payload: dict,
              urgent: bool = False, category: str = Category.REMINDER) -> dict:
    """One reminder's fields (a dict: reminders_insert builds a row only for new keys)."""
    return dict(
        target_type_id=ct_id, target_id=target_id, purpose=purpose, step=step,
        recipient_id=recipient_id, deadline=deadline, due_at=reminder_due_at(due_on),
        key=Reminder.make_key(target_type_id=ct_id, target_id=target_id, purpose=purpose,
                              step=step, recipient_id=recipient_id),
        category=category, kind=kind, url=url, payload=payload, urgent=urgent,
    )


def response_step(due: dt.date, today: dt.date) -> tuple[str, dt.date] | None:
    """The latest response-deadline step that applies today, with the day it fell due."""
    left = (due - today).days
    if left > 14:
        return None
    if left > 3:
        return f"{due}:before-14", due - dt.timedelta(days=14)
    if left > 0:
        return f"{due}:before-3", due - dt.timedelta(days=3)
    if left == 0:
        return f"{due}:on-day", due
    week = (-left - 1) // 7  # day 1-7 overdue: week 0, day 8-14: week 1, ...
    return f"{due}:overdue-{week}", due + dt.timedelta(days=1 + 7 * week)


def reminders_scan_responses(*, today: dt.date) -> int:
    ct_id = ContentType.objects.get_for_model(Recommendation).pk
    focal = focal_person_ids_by_party()
    parties = _party_names()
    url = url_pattern("recommendations:detail", "/recommendations/{pk}/")
    escalate_after = settings.REMINDER_ESCALATION_DAYS
    staff_ids: list[int] | None = None
    qs = (Recommendation.objects
          .filter(status__in=OPEN_STATUSES, response_due_on__isnull=False,
                  response_due_on__lte=today + dt.timedelta(days=14))
          .order_by().values_list("pk", "party_id", "reference", "title", "response_due_on"))

    def rows() -> Iterator[dict]:
        nonlocal staff_ids
        for pk, party_id, reference, title, due in qs.iterator(chunk_size=CHUNK):
            step = response_step(due, today)
            if step is None:
                continue
            step_name, due_on = step
            overdue = (today - due).days
            payload = {"reference": reference or f"#{pk}", "title": title[:200],
                       "party": parties.get(party_id, ""), "due_on": due.isoformat(),
                       "days_left": max(-overdue, 0), "days_overdue": max(overdue, 0)}
            kind = (DeadlineReminderKind.RESPONSE_OVERDUE if overdue > 0
                    else DeadlineReminderKind.RESPONSE_DUE)
            for user_id in focal.get(party_id, ()):
                yield _reminder(ct_id, pk, "response", step_name, user_id, deadline=due,
                                due_on=due_on, kind=kind, url=url.format(pk=pk),
                                payload=payload, urgent=overdue > 0)
            if overdue >= escalate_after:
                if staff_ids is None:
                    staff_ids = unodc_staff_ids()
                for user_id in staff_ids:
                    yield _reminder(ct_id, pk, "response_escalation", f"{due}:escalation",
                                    user_id, deadline=due,
                                    due_on=due + dt.timedelta(days=escalate_after),
                                    kind=DeadlineReminderKind.RESPONSE_ESCALATION,
                                    url=url.format(pk=pk),
                                    payload=payload, urgent=True)

    return reminders_insert_all(rows(), chunk=CHUNK)


def action_step(due: dt.date, today: dt.date) -> tuple[str, dt.date] | None:
    left = (due - today).days
    if left > 7 or left == 0:
        return None
    if left > 1:
        return f"{due}:before-7", due - dt.timedelta(days=7)
    if left == 1:
        return f"{due}:before-1", due - dt.timedelta(days=1)
    return f"{due}:overdue", due + dt.timedelta(days=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def reminders_scan_actions(*, today: dt.date) -> int:
    """Follow-up actions (due date) and their progress reports (report cadence)."""
    ct_id = ContentType.objects.get_for_model(FollowUpAction).pk
    focal = focal_person_ids_by_party()
    parties = _party_names()
    url = url_pattern("followup:detail", "/follow-up/{pk}/")
    already_overdue = Reminder.objects.filter(
        target_type_id=ct_id, target_id=OuterRef("pk"), purpose="action",
        deadline=OuterRef("due_on"), step__endswith=":overdue")
    actions = (FollowUpAction.objects
               .exclude(status=ActionStatus.IMPLEMENTED)
               .filter(due_on__isnull=False, due_on__lte=today + dt.timedelta(days=7))
               .exclude(Exists(already_overdue))
               .order_by().values_list("pk", "party_id", "title", "due_on", "responsible_id"))
    reports = (FollowUpAction.objects
               .exclude(status=ActionStatus.IMPLEMENTED)
               .filter(report_every_months__isnull=False, report_every_months__gt=0)
               .annotate(last_report=Max("progress_reports__reported_on"))
               .order_by().values_list("pk", "party_id", "title", "responsible_id",
                                       "report_every_months", "last_report", "start_on",
                                       "created_at"))

    def recipients(party_id: int, responsible_id: int | None) -> list[int]:
        ids = list(focal.get(party_id, ()))
        if responsible_id and responsible_id not in ids:
            ids.insert(0, responsible_id)
        return ids

    def rows() -> Iterator[dict]:
        for pk, party_id, title, due, responsible_id in actions.iterator(chunk_size=CHUNK):
            step = action_step(due, today)
            if step is None:
                continue
            step_name, due_on = step
            payload = {"title": title[:200], "party": parties.get(party_id, ""),
                       "due_on": due.isoformat(), "days_left": max((due - today).days, 0)}
            overdue = step_name.endswith(":overdue")
            for user_id in recipients(party_id, responsible_id):
                yield _reminder(ct_id, pk, "action", step_name, user_id, deadline=due,
                                due_on=due_on, url=url.format(pk=pk), payload=payload,
                                kind=DeadlineReminderKind.ACTION_OVERDUE if overdue
                                else DeadlineReminderKind.ACTION_DUE, urgent=overdue)
        for (pk, party_id, title, responsible_id, months, last, start,
             created) in reports.iterator(chunk_size=CHUNK):
            due = _add_months(last or start or created.date(), months)
            step = action_step(due, today)
            if step is None:
                continue
            step_name, due_on = step
            overdue = step_name.endswith(":overdue")
            payload = {"title": title[:200], "party": parties.get(party_id, ""),
                       "due_on": due.isoformat(), "days_left": max((due - today).days, 0)}
            for user_id in recipients(party_id, responsible_id):
                yield _reminder(ct_id, pk, "report", step_name, user_id,
                                deadline=due, due_on=due_on, url=url.format(pk=pk),
                                payload=payload, urgent=overdue,
                                kind=DeadlineReminderKind.REPORT_OVERDUE if overdue
                                else DeadlineReminderKind.REPORT_DUE)

    return reminders_insert_all(rows(), chunk=CHUNK)


def reminders_scan_all(*, today: dt.date) -> dict[str, int]:
    """Every scan of the portal (recommendations depends on consultations, not back)."""
    result = {
        "responses": reminders_scan_responses(today=today),
        "actions": reminders_scan_actions(today=today),
        "events": reminders_scan_events(today=today),
    }
    reminders_table_analyze(inserted=sum(result.values()))
    return result
