"""Event attendance from a spreadsheet (a list of participants, one per row, with their
stakeholder category, or one row per category with a count), by UNODC staff and the
event's managers. The rows are counted by category and recorded with the service the
outcomes form uses, once per import: the same file again changes nothing."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations import policies
from consultations.models import Attendance, Event
from consultations.roles import roles_of
from consultations.services.events import attendance_record
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

C = Attendance.Category
#: common words for the categories, besides their labels in the six languages
CATEGORY_ALIASES = {
    C.GOVERNMENT: ("gov", "govt", "state", "ministry"),
    C.CIVIL_SOCIETY: ("civil society", "cso", "ngo", "ngos", "csos"),
    C.ACADEMIA: ("academic", "university", "research"),
    C.PRIVATE_SECTOR: ("private", "business", "company"),
    C.INTERGOVERNMENTAL: ("un", "unodc", "igo", "international organization"),
}


def _category_names(choice) -> list[str]:
    names = [choice.value, *CATEGORY_ALIASES.get(choice, ())]
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
                ((c, _category_names(c)) for c in C), display=lambda c: str(c.label)
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


KINDS = (AttendanceImport(),)
