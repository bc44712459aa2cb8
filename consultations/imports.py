"""Event attendance from a spreadsheet (a list of participants, one per row, with their
stakeholder category, or one row per category with a count), by UNODC staff and the
event's managers. The rows are counted by category and recorded with the service the
outcomes form uses, once per import: the same file again changes nothing."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations import policies
from consultations.models import Attendance, Event, Organization, Party
from consultations.roles import roles_of
from consultations.services.events import attendance_record
from consultations.services.organizations import (
    organization_register,
    organization_update,
    organization_verify,
)
from portal.imports.kinds import (
    Applied,
    Field,
    ImportKind,
    Lookup,
    Outcome,
    Row,
    RowError,
    parse_int,
)
from portal.imports.services import imported_record_remember, imported_records

C = Attendance.Category
#: common words for the categories, besides their labels in the six languages
#: (by value: attendance and organizations share most of their categories)
CATEGORY_ALIASES = {
    "government": ("gov", "govt", "state", "ministry"),
    "governmental": ("government", "gov", "govt", "ministry", "agency"),
    "civil_society": ("civil society", "cso", "ngo", "ngos", "csos"),
    "academia": ("academic", "university", "research"),
    "private_sector": ("private", "business", "company"),
    "intergovernmental": ("un", "unodc", "igo", "international organization"),
}


def _choice_names(choice, aliases=()) -> list[str]:
    """A choice's value, other common words for it and its label in each language."""
    names = [choice.value, *aliases]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.append(str(choice.label))
    return names


class AttendanceImport(ImportKind):
    name = "attendance"
    label = gettext_lazy("Event attendance")
    scope_label = gettext_lazy("Event")
    aggregate = True
    fields = (
        Field("name", gettext_lazy("participant"), aliases=("name", "full name")),
        Field("organization", gettext_lazy("organization"), aliases=("affiliation", "institution")),
        Field(
            "category",
            gettext_lazy("category"),
            required=True,
            aliases=("stakeholder category", "stakeholder"),
            accepted=lambda: [str(c.label) for c in C],
        ),
        Field(
            "count",
            gettext_lazy("participants"),
            aliases=("count", "number"),
            help=gettext_lazy("For a row that counts several participants; 1 when empty."),
        ),
    )

    def scopes(self, user):
        roles = roles_of(user)
        qs = Event.objects.exclude(status=Event.Status.CANCELLED).order_by("-starts_at")
        if roles.is_unodc_staff:
            return qs
        return qs.filter(party_id__in=roles.focal_party_ids)

    def may_import(self, user, scope) -> bool:
        return scope is not None and policies.can_manage_event(user, scope)

    def context(self, *, user, scope) -> dict:
        return {
            "user": user,
            "event": scope,
            "categories": Lookup(
                ((c, _choice_names(c, CATEGORY_ALIASES.get(c.value, ()))) for c in C),
                display=lambda c: str(c.label),
            ),
        }

    def clean_row(self, ctx: dict, row: Row) -> None:
        value = row.values.get("category", "")
        if not value:
            raise RowError("category", _("choose a category"))
        row.cleaned["category"] = ctx["categories"].get("category", value)
        count = parse_int("count", row.values.get("count", ""), minimum=0, maximum=100000)
        row.cleaned["count"] = 1 if count is None else count

    def apply_all(self, ctx: dict, rows: list[Row]) -> Applied:
        counts: Counter = Counter()
        for row in rows:
            counts[row.cleaned["category"].value] += row.cleaned["count"]
        event = ctx["event"]
        current = dict(Attendance.objects.filter(event=event).values_list("category", "count"))
        wanted = {k: v for k, v in counts.items() if v}
        if current == wanted:
            return Applied(Outcome.SKIPPED)
        attendance_record(
            actor=ctx["user"], event=event, counts={c.value: wanted.get(c.value) for c in C}
        )
        return Applied(Outcome.UPDATED if current else Outcome.CREATED)


# --- Organizations ------------------------------------------------------------------------


class OrganizationImport(ImportKind):
    """Organizations from a list UNODC staff keep: registered and verified through the
    same services as the registration form and the verification queue, found again by
    their external id or by their name in their country."""

    name = "organizations"
    label = gettext_lazy("Organizations")
    fields = (
        Field("external_id", gettext_lazy("External id"), aliases=("id", "row id")),
        Field("name", gettext_lazy("name"), required=True, aliases=("organization",)),
        Field("acronym", gettext_lazy("acronym")),
        Field(
            "category",
            gettext_lazy("category"),
            required=True,
            accepted=lambda: [str(c.label) for c in Organization.Category],
        ),
        Field(
            "country",
            gettext_lazy("country"),
            aliases=("state",),
            help=gettext_lazy("Empty for an intergovernmental or regional organization."),
            accepted=lambda: list(Party.objects.values_list("name", flat=True)),
        ),
        Field("website", gettext_lazy("website")),
        Field("contact_email", gettext_lazy("contact e-mail"), aliases=("e-mail", "email")),
        Field("description", gettext_lazy("description")),
    )

    def may_import(self, user, scope) -> bool:
        return policies.can_verify_organization(user)

    def context(self, *, user, scope) -> dict:
        orgs = list(Organization.objects.all())
        return {
            "user": user,
            "by_pk": {o.pk: o for o in orgs},
            "by_name": {(o.name.strip().casefold(), o.country_id): o for o in orgs},
            "categories": Lookup(
                (
                    (c, _choice_names(c, CATEGORY_ALIASES.get(c.value, ())))
                    for c in Organization.Category
                ),
                display=lambda c: str(c.label),
            ),
            "parties": Lookup((p, [p.name, p.iso3, p.iso2]) for p in Party.objects.all()),
            "records": imported_records(kind=self.name, scope_id=None),
        }

    def clean_row(self, ctx: dict, row: Row) -> None:
        v, c = row.values, row.cleaned
        name = v.get("name", "").strip()
        if not name:
            raise RowError("name", _("enter the organization's name"))
        if len(name) > 200:
            raise RowError("name", _("the name is longer than 200 characters"))
        if not v.get("category"):
            raise RowError("category", _("choose a category"))
        category = ctx["categories"].get("category", v["category"])
        country = ctx["parties"].get("country", v["country"]) if v.get("country") else None
        data = {"name": name, "category": category.value, "country": country}
        for field_name, limit in (
            ("acronym", 30),
            ("website", 200),
            ("contact_email", 254),
            ("description", 10000),
        ):
            if field_name in v:
                if len(v[field_name]) > limit:
                    raise RowError(field_name, _("longer than %(n)s characters") % {"n": limit})
                data[field_name] = v[field_name]
        for field_name in ("website", "contact_email"):
            try:
                Organization._meta.get_field(field_name).clean(data.get(field_name, ""), None)
            except ValidationError as exc:
                raise RowError(field_name, " ".join(exc.messages)) from None
        c["data"] = data
        existing = None
        if row.external_id in ctx["records"]:
            existing = ctx["by_pk"].get(ctx["records"][row.external_id])
        c["existing"] = existing or ctx["by_name"].get(
            (name.casefold(), country.pk if country else None)
        )

    def apply_row(self, ctx: dict, row: Row) -> Applied:
        data, org, user = row.cleaned["data"], row.cleaned["existing"], ctx["user"]
        if org is None:
            org = organization_register(actor=user, applicant_joins=False, **data)
            org = organization_verify(actor=user, organization=org)
            ctx["by_pk"][org.pk] = org
            ctx["by_name"][(org.name.casefold(), org.country_id)] = org
            outcome = Outcome.CREATED
        else:
            changed = {k: v for k, v in data.items() if getattr(org, k) != v}
            if changed:
                org = organization_update(actor=user, organization=org, **changed)
                outcome = Outcome.UPDATED
            else:
                outcome = Outcome.SKIPPED
        if row.external_id:
            imported_record_remember(
                kind=self.name,
                scope_id=None,
                external_id=row.external_id,
                object_id=org.pk,
                known=ctx["records"],
            )
        return Applied(outcome, object_id=org.pk)


KINDS = (AttendanceImport(), OrganizationImport())
