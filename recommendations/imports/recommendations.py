"""Recommendations from a spreadsheet: by an organization's coordinator for their
organization, or by UNODC staff on behalf of a verified organization (recorded as such).
Every row goes through the services the web form uses. A row finds its recommendation
again by its external id, its reference (PAK-2022-0003) or, for a draft, its title, so
importing the same file twice changes nothing and a corrected file updates what changed.
The columns of the CSV/XLSX export are understood as they are."""

from __future__ import annotations

from django.conf import settings
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
)
from portal.imports.services import imported_record_remember, imported_records
from recommendations import columns, policies
from recommendations.imports.common import S, accepted_instruments, choice_names, instrument_names
from recommendations.models import (
    Recommendation,
    Theme,
)
from recommendations.services.recommendations import (
    recommendation_correct,
    recommendation_create,
    recommendation_submit,
    recommendation_update,
)


def _party_names(p: Party) -> list[str]:
    """A State by its codes or its name in any language (exports name it in the reader's)."""
    names = [p.name, p.iso3, p.iso2]
    for code, _name in settings.LANGUAGES:
        name = state_name(iso3=p.iso3, iso2=p.iso2, english=p.name, language=code)
        if name not in names:
            names.append(name)
    return names

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
            accepted=accepted_instruments,
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
            "instruments": Lookup((i, instrument_names(i)) for i in Instrument.objects.all()),
            "themes": Lookup((t, [*t.translated_all("name"), t.slug]) for t in Theme.objects.all()),
            "clusters": Lookup(
                (c, [c.roman, str(c.number), c.title, str(c)]) for c in Cluster.objects.all()
            ),
            "parties": Lookup((p, _party_names(p)) for p in Party.objects.all()),
            "statuses": Lookup(((c, choice_names(c)) for c in S), display=lambda c: str(c.label)),
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
