"""Recommendations from a spreadsheet: by an organization's coordinator for their
organization, or by UNODC staff on behalf of a verified organization (recorded as such).
Every row goes through the services the web form uses. A row finds its recommendation
again by its external id, its reference (PAK-2022-0003) or, for a draft, its title, so
importing the same file twice changes nothing and a corrected file updates what changed.
The columns of the CSV/XLSX export are understood as they are."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.models import Cluster, Instrument, Organization, Party
from consultations.roles import roles_of
from portal.core.territories import state_name
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
from recommendations.models import (
    ActionStatus,
    FollowUpAction,
    ProgressReport,
    Recommendation,
    Theme,
)
from recommendations.selectors.followup import actions_visible_to
from recommendations.services.followup import (
    action_create,
    action_update,
    progress_report_create,
    progress_report_update,
)
from recommendations.services.recommendations import (
    recommendation_correct,
    recommendation_create,
    recommendation_submit,
    recommendation_update,
)

S = Recommendation.Status


def _labels(choice) -> list[str]:
    """A choice's value and its label in each language."""
    names = [choice.value]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.append(str(choice.label))
    return names


def _instrument_names(i: Instrument) -> list[str]:
    return [*i.translated_all("short_title"), i.code, *i.translated_all("title")]


def _party_names(p: Party) -> list[str]:
    """A State by its codes or its name in any language (exports name it in the reader's)."""
    names = [p.name, p.iso3, p.iso2]
    for code, _name in settings.LANGUAGES:
        name = state_name(iso3=p.iso3, iso2=p.iso2, english=p.name, language=code)
        if name not in names:
            names.append(name)
    return names


def _accepted_instruments() -> list[str]:
    return [f"{i.short_title} ({i.code})" for i in Instrument.objects.all()]


class RecommendationImport(ImportKind):
    name = "recommendations"
    label = gettext_lazy("Recommendations")
    scope_label = gettext_lazy("Organization")
    fields = (
        Field(
            "external_id",
            gettext_lazy("External id"),
            aliases=("id", "row id"),
            help=gettext_lazy(
                "Your own id for the row: importing the file again finds the recommendation by it."
            ),
        ),
        Field(
            "reference",
            gettext_lazy("reference"),
            aliases=(columns.REFERENCE,),
            help=gettext_lazy(
                "The portal's reference (PAK-2022-0003) of a recommendation to update."
            ),
        ),
        Field("title", gettext_lazy("title"), required=True, aliases=(columns.TITLE,)),
        Field(
            "text", gettext_lazy("recommendation"), aliases=("text", columns.RECOMMENDATION_TEXT)
        ),
        Field("rationale", gettext_lazy("rationale")),
        Field(
            "state",
            gettext_lazy("addressed to"),
            aliases=("state", "party", "country", columns.STATE),
            help=gettext_lazy("The State; the organization's own when empty."),
            accepted=lambda: list(Party.objects.values_list("name", flat=True)),
        ),
        Field(
            "instruments",
            gettext_lazy("instruments"),
            aliases=("instrument", columns.INSTRUMENTS),
            help=gettext_lazy("One or more, separated by commas."),
            accepted=_accepted_instruments,
        ),
        Field(
            "themes",
            gettext_lazy("themes"),
            aliases=("theme", columns.THEMES),
            accepted=lambda: list(Theme.objects.values_list("name", flat=True)),
        ),
        Field(
            "cluster",
            gettext_lazy("review cluster"),
            aliases=("cluster", columns.CLUSTER),
            accepted=lambda: [f"{c.roman}: {c.title}" for c in Cluster.objects.all()],
        ),
        Field(
            "status",
            gettext_lazy("status"),
            aliases=(columns.STATUS,),
            help=gettext_lazy(
                "Draft (the default) or Submitted: a submitted row is "
                "sent to the State's focal persons."
            ),
            accepted=lambda: [str(S.DRAFT.label), str(S.SUBMITTED.label)],
        ),
    )

    def scopes(self, user):
        roles = roles_of(user)
        qs = Organization.objects.filter(status=Organization.Status.VERIFIED)
        if roles.is_unodc_staff:
            return qs
        return qs.filter(pk__in=roles.coordinator_org_ids & roles.verified_org_ids)

    def may_import(self, user, scope) -> bool:
        return scope is not None and self.scopes(user).filter(pk=scope.pk).exists()

    def context(self, *, user, scope) -> dict:
        recs = list(
            Recommendation.objects.filter(organization=scope).prefetch_related(
                "instruments", "themes"
            )
        )
        return {
            "user": user,
            "organization": scope,
            "on_behalf": scope.pk not in roles_of(user).member_org_ids
            and policies.can_file_on_behalf(user, scope),
            "instruments": Lookup((i, _instrument_names(i)) for i in Instrument.objects.all()),
            "themes": Lookup((t, [*t.translated_all("name"), t.slug]) for t in Theme.objects.all()),
            "clusters": Lookup(
                (c, [c.roman, str(c.number), c.title, str(c)]) for c in Cluster.objects.all()
            ),
            "parties": Lookup((p, _party_names(p)) for p in Party.objects.all()),
            "statuses": Lookup(((c, _labels(c)) for c in S), display=lambda c: str(c.label)),
            "by_pk": {r.pk: r for r in recs},
            "by_reference": {r.reference: r for r in recs if r.reference},
            "drafts_by_title": {r.title.strip().casefold(): r for r in recs if r.status == S.DRAFT},
            "records": imported_records(kind=self.name, scope_id=scope.pk),
        }

    def _existing(self, ctx: dict, row: Row) -> Recommendation | None:
        if row.external_id and row.external_id in ctx["records"]:
            rec = ctx["by_pk"].get(ctx["records"][row.external_id])
            if rec is not None:
                return rec
        reference = row.values.get("reference", "")
        if reference:
            rec = ctx["by_reference"].get(reference)
            if rec is not None:
                return rec
            other = (
                Recommendation.objects.filter(reference=reference)
                .values_list("organization__name", flat=True)
                .first()
            )
            if other is not None:
                row.cleaned["other_filer"] = other
                return None
            raise RowError(
                "reference",
                _(
                    "no recommendation of %(org)s has the reference "
                    "'%(ref)s'; leave the reference empty to create "
                    "one"
                )
                % {"org": ctx["organization"].name, "ref": reference},
            )
        if not row.external_id:
            return ctx["drafts_by_title"].get(row.values.get("title", "").strip().casefold())
        return None

    def clean_row(self, ctx: dict, row: Row) -> None:
        values, cleaned = row.values, row.cleaned
        cleaned["existing"] = self._existing(ctx, row)
        if "other_filer" in cleaned:
            return  # an export's row of another organization: left as it is
        if not values.get("title", "").strip():
            raise RowError("title", _("enter a title"))
        if len(values["title"]) > 200:
            raise RowError("title", _("the title is longer than 200 characters"))
        for name in ("text", "rationale"):
            if len(values.get(name, "")) > 10000:
                raise RowError(name, _("the text is longer than 10,000 characters"))
        organization = ctx["organization"]
        if values.get("state"):
            cleaned["party"] = ctx["parties"].get("state", values["state"])
        else:
            cleaned["party"] = (
                cleaned["existing"].party if cleaned["existing"] else organization.country
            )
            if cleaned["party"] is None:
                raise RowError("state", _("name the State the recommendation is addressed to"))
        if not policies.addressable_party_ok(organization, cleaned["party"].pk):
            raise RowError(
                "state",
                _("%(org)s can only address recommendations to its own State (%(country)s)")
                % {"org": organization.name, "country": organization.country},
            )
        cleaned["instruments"] = ctx["instruments"].many(
            "instruments", values.get("instruments", "")
        )
        cleaned["themes"] = ctx["themes"].many("themes", values.get("themes", ""))
        cleaned["cluster"] = (
            ctx["clusters"].get("cluster", values["cluster"]) if values.get("cluster") else None
        )
        status = (
            ctx["statuses"].get("status", values["status"]) if values.get("status") else S.DRAFT
        )
        existing = cleaned["existing"]
        if existing is None and status not in (S.DRAFT, S.SUBMITTED):
            raise RowError(
                "status",
                _("a new recommendation is imported as Draft or Submitted, not as %(status)s")
                % {"status": status.label},
            )
        cleaned["submit"] = status == S.SUBMITTED and (
            existing is None or existing.status == S.DRAFT
        )
        if (
            cleaned["submit"]
            and not values.get("text", "").strip()
            and not (existing and existing.text.strip())
        ):
            raise RowError("text", _("a submitted recommendation needs its text"))
        if (
            cleaned["submit"]
            and not cleaned["instruments"]
            and not (existing and existing.instruments.all())
        ):
            raise RowError(
                "instruments", _("a submitted recommendation needs at least one instrument")
            )

    def _content(self, row: Row, rec: Recommendation | None) -> dict:
        """The draft's content after the row: columns not in the file keep their value."""
        v, c = row.values, row.cleaned

        def keep(name, new, current):
            return new if name in v else current

        return {
            "party": c["party"],
            "title": v["title"].strip(),
            "text": keep("text", v.get("text", ""), rec.text if rec else ""),
            "rationale": keep("rationale", v.get("rationale", ""), rec.rationale if rec else ""),
            "instruments": keep(
                "instruments", c["instruments"], list(rec.instruments.all()) if rec else []
            ),
            "themes": keep("themes", c["themes"], list(rec.themes.all()) if rec else []),
            "cluster": keep("cluster", c["cluster"], rec.cluster if rec else None),
        }

    def apply_row(self, ctx: dict, row: Row) -> Applied:
        c = row.cleaned
        if "other_filer" in c:
            return Applied(
                Outcome.SKIPPED, _("filed by %(org)s: left as it is") % {"org": c["other_filer"]}
            )
        user, on_behalf, rec = ctx["user"], ctx["on_behalf"], c["existing"]
        content = self._content(row, rec)
        if rec is None:
            rec = recommendation_create(
                actor=user,
                organization=ctx["organization"],
                articles=(),
                sdg_targets=(),
                on_behalf=on_behalf,
                **content,
            )
            outcome = Outcome.CREATED
            ctx["by_pk"][rec.pk] = rec
            if not row.external_id:
                ctx["drafts_by_title"][rec.title.casefold()] = rec
        elif rec.status == S.DRAFT:
            current = {
                "party": rec.party,
                "title": rec.title,
                "text": rec.text,
                "rationale": rec.rationale,
                "instruments": {i.pk for i in rec.instruments.all()},
                "themes": {t.pk for t in rec.themes.all()},
                "cluster": rec.cluster,
            }
            wanted = {
                **content,
                "instruments": {i.pk for i in content["instruments"]},
                "themes": {t.pk for t in content["themes"]},
            }
            if current == wanted and not c["submit"]:
                outcome = Outcome.SKIPPED
            else:
                rec = recommendation_update(
                    actor=user,
                    recommendation=rec,
                    articles=list(rec.articles.all()),
                    sdg_targets=list(rec.sdg_targets.all()),
                    event=rec.event,
                    on_behalf=on_behalf,
                    **content,
                )
                outcome = Outcome.UPDATED
        else:
            if (content["title"], content["text"], content["rationale"]) == (
                rec.title,
                rec.text,
                rec.rationale,
            ):
                outcome = Outcome.SKIPPED
            else:
                recommendation_correct(
                    actor=user,
                    recommendation=rec,
                    expected_version=None,
                    title=content["title"],
                    text=content["text"],
                    rationale=content["rationale"],
                    note=_("Corrected by a spreadsheet import."),
                )
                outcome = Outcome.UPDATED
        if c["submit"]:
            rec = recommendation_submit(actor=user, recommendation=rec, on_behalf=on_behalf)
        if row.external_id:
            imported_record_remember(
                kind=self.name,
                scope_id=ctx["organization"].pk,
                external_id=row.external_id,
                object_id=rec.pk,
                known=ctx["records"],
            )
        if rec.reference:
            ctx["by_reference"][rec.reference] = rec
        return Applied(outcome, object_id=rec.pk)


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
                ((c, _labels(c)) for c in ActionStatus), display=lambda c: str(c.label)
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
        from consultations.models import OfficialAssignment

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
                ((c, _labels(c)) for c in ActionStatus), display=lambda c: str(c.label)
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


KINDS = (RecommendationImport(), ProgressReportImport(), ActionImport())
