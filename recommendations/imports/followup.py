"""Follow-up actions and their progress reports from a spreadsheet, through the services
the web forms use; a row finds its action again by its external id or number, a report by
its action and date."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.models import OfficialAssignment, Organization, Party
from consultations.roles import roles_of
from portal.imports.kinds import (
    Applied,
    Field,
    ImportKind,
    Lookup,
    Outcome,
    Row,
    RowError,
    parse_date,
    parse_int,
)
from portal.imports.services import imported_record_remember, imported_records
from recommendations import columns, policies
from recommendations.imports.common import S, choice_names
from recommendations.models import (
    ActionStatus,
    FollowUpAction,
    ProgressReport,
    Recommendation,
)
from recommendations.selectors.followup import actions_visible_to
from recommendations.services.followup import (
    action_create,
    action_update,
    progress_report_create,
    progress_report_update,
)

# --- Progress reports ----------------------------------------------------------------------


class ProgressReportImport(ImportKind):
    """Dated progress reports on follow-up actions, by the people who report progress on
    the web (the responsible agency contact, the State's focal persons; staff as the
    policy allows). The export of progress reports imports again unchanged: a report is
    found by its external id, or by its action and date."""

    name = "progress"
    label = gettext_lazy("Progress reports")
    fields = (
        Field("external_id", gettext_lazy("External id"), aliases=("id", "row id")),
        Field(
            "action_id",
            gettext_lazy("follow-up action id"),
            aliases=("action id", "action no", columns.ACTION_NUMBER),
            required=True,
            help=gettext_lazy("The number in the action's address (/follow-up/12/)."),
        ),
        Field(
            "reported_on",
            gettext_lazy("date"),
            aliases=("reported on", "report date", columns.DATE),
            required=True,
            help=gettext_lazy("Written as 2024-01-31."),
        ),
        Field(
            "status",
            gettext_lazy("status"),
            aliases=(columns.STATUS,),
            required=True,
            accepted=lambda: [str(c.label) for c in ActionStatus],
        ),
        Field(
            "percent",
            gettext_lazy("progress (%)"),
            aliases=("percent", "%", columns.PERCENT),
            required=True,
            help=gettext_lazy("A whole number from 0 to 100."),
        ),
        Field(
            "text",
            gettext_lazy("progress"),
            aliases=("text", "report", columns.PROGRESS),
            required=True,
        ),
    )

    def may_import(self, user, scope) -> bool:
        roles = roles_of(user)
        return roles.is_unodc_staff or bool(roles.focal_party_ids | roles.agency_party_ids)

    def context(self, *, user, scope) -> dict:
        roles = roles_of(user)
        actions = actions_visible_to(user).select_related("validation")
        if not roles.is_unodc_staff:
            actions = actions.filter(party_id__in=roles.official_party_ids)
        actions = {a.pk: a for a in actions}
        reports: dict[tuple[int, object], list[ProgressReport]] = {}
        for report in ProgressReport.objects.filter(action_id__in=list(actions)):
            reports.setdefault((report.action_id, report.reported_on), []).append(report)
        return {
            "user": user,
            "actions": actions,
            "reports": reports,
            "by_pk": {r.pk: r for group in reports.values() for r in group},
            "statuses": Lookup(
                ((c, choice_names(c)) for c in ActionStatus), display=lambda c: str(c.label)
            ),
            "records": imported_records(kind=self.name, scope_id=None),
        }

    def clean_row(self, ctx: dict, row: Row) -> None:
        v, c = row.values, row.cleaned
        number = parse_int("action_id", v.get("action_id", ""), minimum=1)
        if number is None or number not in ctx["actions"]:
            raise RowError(
                "action_id",
                _("no follow-up action %(id)s that you report on")
                % {"id": v.get("action_id", "") or "–"},
            )
        c["action"] = ctx["actions"][number]
        c["reported_on"] = parse_date("reported_on", v.get("reported_on", ""))
        if c["reported_on"] is None:
            raise RowError("reported_on", _("enter the date of the report"))
        if not v.get("status"):
            raise RowError("status", _("choose a status"))
        c["status"] = ctx["statuses"].get("status", v["status"])
        c["percent"] = parse_int("percent", v.get("percent", ""), minimum=0, maximum=100)
        if c["percent"] is None:
            raise RowError("percent", _("enter the progress as a number from 0 to 100"))
        if c["status"] == ActionStatus.IMPLEMENTED and c["percent"] < 100:
            raise RowError(
                "percent",
                _(
                    "the status is Implemented but the progress is "
                    "%(percent)s%%: correct one of them"
                )
                % {"percent": c["percent"]},
            )
        if not v.get("text", "").strip():
            raise RowError("text", _("describe the progress made"))
        existing = None
        if row.external_id in ctx["records"]:
            existing = ctx["by_pk"].get(ctx["records"][row.external_id])
        if existing is None:
            same_day = ctx["reports"].get((number, c["reported_on"]), [])
            existing = next(
                (r for r in same_day if r.text.strip() == v["text"].strip()),
                same_day[0] if len(same_day) == 1 else None,
            )
        c["existing"] = existing

    def apply_row(self, ctx: dict, row: Row) -> Applied:
        c = row.cleaned
        values = {
            "reported_on": c["reported_on"],
            "text": row.values["text"],
            "status": c["status"].value,
            "percent": c["percent"],
            "confirm_implemented": False,
        }
        report = c["existing"]
        if report is None:
            report = progress_report_create(actor=ctx["user"], action=c["action"], **values)
            ctx["reports"].setdefault((report.action_id, report.reported_on), []).append(report)
            ctx["by_pk"][report.pk] = report
            outcome = Outcome.CREATED
        elif (report.reported_on, report.text.strip(), report.status, report.percent) == (
            values["reported_on"],
            values["text"].strip(),
            values["status"],
            values["percent"],
        ):
            outcome = Outcome.SKIPPED
        else:
            report = progress_report_update(actor=ctx["user"], report=report, **values)
            outcome = Outcome.UPDATED
        if row.external_id:
            imported_record_remember(
                kind=self.name,
                scope_id=None,
                external_id=row.external_id,
                object_id=report.pk,
                known=ctx["records"],
            )
        return Applied(outcome, object_id=report.pk)


# --- Follow-up actions --------------------------------------------------------------------


class ActionImport(ImportKind):
    """Follow-up actions of a State, by its focal persons or UNODC staff (who create them
    on the web), through the same services. An action is found again by its external id
    or its portal number (the export's ``id`` column)."""

    name = "actions"
    label = gettext_lazy("Follow-up actions")
    scope_label = gettext_lazy("State party")
    fields = (
        Field("external_id", gettext_lazy("External id"), aliases=("row id",)),
        Field(
            "action_id",
            gettext_lazy("follow-up action id"),
            aliases=("id", "action id", columns.ACTION_NUMBER),
            help=gettext_lazy("The portal's number of an action to update."),
        ),
        Field("title", gettext_lazy("action"), required=True, aliases=("title", columns.ACTION)),
        Field("description", gettext_lazy("description")),
        Field(
            "recommendations",
            gettext_lazy("recommendations"),
            aliases=("recommendation", "references", columns.RECOMMENDATIONS),
            help=gettext_lazy("References (PAK-2022-0003), separated by commas."),
        ),
        Field(
            "lead_body", gettext_lazy("lead institution"), aliases=("lead body", columns.LEAD_BODY)
        ),
        Field(
            "responsible",
            gettext_lazy("responsible"),
            aliases=(columns.RESPONSIBLE,),
            help=gettext_lazy("The e-mail address or name of an agency contact."),
        ),
        Field("start_on", gettext_lazy("start"), aliases=("start on", columns.START)),
        Field("due_on", gettext_lazy("due"), aliases=("due on", columns.DUE)),
        Field(
            "status",
            gettext_lazy("status"),
            aliases=(columns.STATUS,),
            accepted=lambda: [str(c.label) for c in ActionStatus],
        ),
        Field("percent", gettext_lazy("progress (%)"), aliases=("percent", "%", columns.PERCENT)),
        Field(
            "report_every_months",
            gettext_lazy("report every (months)"),
            aliases=("report every months", columns.REPORT_EVERY),
        ),
    )

    def scopes(self, user):
        roles = roles_of(user)
        if roles.is_unodc_staff:
            return Party.objects.all()
        return Party.objects.filter(pk__in=roles.focal_party_ids)

    def may_import(self, user, scope) -> bool:
        return scope is not None and policies.can_create_action(user, scope.pk)

    def context(self, *, user, scope) -> dict:
        actions = {
            a.pk: a
            for a in FollowUpAction.objects.filter(party=scope)
            .select_related("lead_body", "responsible")
            .prefetch_related("recommendations")
        }
        recs = Recommendation.objects.filter(party=scope).exclude(status=S.DRAFT)
        bodies = Organization.objects.filter(
            country=scope, category=Organization.Category.GOVERNMENTAL
        )
        contacts = OfficialAssignment.objects.filter(
            party=scope, role=OfficialAssignment.Role.AGENCY_CONTACT
        ).select_related("user")
        return {
            "user": user,
            "party": scope,
            "actions": actions,
            "recommendations": Lookup((r, [r.reference, r.title]) for r in recs),
            "bodies": Lookup((b, [b.name, b.acronym]) for b in bodies),
            "contacts": Lookup(
                (a.user, [a.user.email, a.user.full_name, str(a.user)]) for a in contacts
            ),
            "statuses": Lookup(
                ((c, choice_names(c)) for c in ActionStatus), display=lambda c: str(c.label)
            ),
            "records": imported_records(kind=self.name, scope_id=scope.pk),
        }

    def clean_row(self, ctx: dict, row: Row) -> None:
        v, c = row.values, row.cleaned
        existing = None
        if row.external_id in ctx["records"]:
            existing = ctx["actions"].get(ctx["records"][row.external_id])
        if existing is None and v.get("action_id"):
            number = parse_int("action_id", v["action_id"], minimum=1)
            existing = ctx["actions"].get(number)
            if existing is None:
                raise RowError(
                    "action_id",
                    _("%(state)s has no follow-up action %(id)s")
                    % {"state": ctx["party"].name, "id": v["action_id"]},
                )
        c["existing"] = existing
        title = v.get("title", "").strip()
        if not title:
            raise RowError("title", _("enter what the action is"))
        if len(title) > 300:
            raise RowError("title", _("the title is longer than 300 characters"))

        def keep(name, parse, current):
            return parse() if name in v else current

        c["values"] = {
            "title": title,
            "description": keep(
                "description", lambda: v["description"], existing.description if existing else ""
            ),
            "recommendations": keep(
                "recommendations",
                lambda: ctx["recommendations"].many("recommendations", v["recommendations"]),
                list(existing.recommendations.all()) if existing else [],
            ),
            "lead_body": keep(
                "lead_body",
                lambda: ctx["bodies"].get("lead_body", v["lead_body"]) if v["lead_body"] else None,
                existing.lead_body if existing else None,
            ),
            "responsible": keep(
                "responsible",
                lambda: (
                    ctx["contacts"].get("responsible", v["responsible"])
                    if v["responsible"]
                    else None
                ),
                existing.responsible if existing else None,
            ),
            "start_on": keep(
                "start_on",
                lambda: parse_date("start_on", v["start_on"]),
                existing.start_on if existing else None,
            ),
            "due_on": keep(
                "due_on",
                lambda: parse_date("due_on", v["due_on"]),
                existing.due_on if existing else None,
            ),
            "status": keep(
                "status",
                lambda: (
                    ctx["statuses"].get("status", v["status"]).value
                    if v["status"]
                    else ActionStatus.NOT_STARTED
                ),
                existing.status if existing else ActionStatus.NOT_STARTED,
            ),
            "percent": keep(
                "percent",
                lambda: parse_int("percent", v["percent"], minimum=0, maximum=100) or 0,
                existing.percent if existing else 0,
            ),
            "report_every_months": keep(
                "report_every_months",
                lambda: parse_int(
                    "report_every_months", v["report_every_months"], minimum=1, maximum=24
                ),
                existing.report_every_months if existing else None,
            ),
        }

    def apply_row(self, ctx: dict, row: Row) -> Applied:
        values, action = row.cleaned["values"], row.cleaned["existing"]
        if action is None:
            action = action_create(actor=ctx["user"], party=ctx["party"], **values)
            ctx["actions"][action.pk] = action
            outcome = Outcome.CREATED
        else:
            current = {k: getattr(action, k) for k in values if k != "recommendations"}
            current["recommendations"] = {r.pk for r in action.recommendations.all()}
            wanted = {**values, "recommendations": {r.pk for r in values["recommendations"]}}
            if current == wanted:
                outcome = Outcome.SKIPPED
            else:
                action = action_update(actor=ctx["user"], action=action, **values)
                outcome = Outcome.UPDATED
        if row.external_id:
            imported_record_remember(
                kind=self.name,
                scope_id=ctx["party"].pk,
                external_id=row.external_id,
                object_id=action.pk,
                known=ctx["records"],
            )
        return Applied(outcome, object_id=action.pk)
