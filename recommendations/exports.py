"""Exports that honour the user's filters and visibility: CSV (streamed with the csv
module), XLSX (openpyxl, write-only) and the printable country report as PDF
(WeasyPrint, recommendations/pdf.py).
Every dataset is read through the user-scoped selectors, in a fixed number of queries.
Column headers, States, instruments, themes, statuses and yes/no are in the reader's
language (recommendations/columns.py), and rows are sorted by the State's name as the
reader reads it (the order handed to the database: an export of any size streams)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.db.models import F, Prefetch, QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from consultations.selectors.parties import party_local_order
from recommendations import policies
from recommendations.columns import headers as column_headers
from recommendations.models import Evidence, ProgressReport, Recommendation
from recommendations.pdf import country_report_pdf  # noqa: F401 (the exports' PDF)
from recommendations.policies import can_view_evidence
from recommendations.selectors.followup import action_list, actions_visible_to
from recommendations.selectors.recommendations import recommendations_visible_to
from recommendations.selectors.responses import responses_visible_to

DATASETS = ("recommendations", "responses", "actions", "progress")
FORMATS = ("csv", "xlsx")


def treaty_actions_text(actions) -> str:
    """A State's treaty actions for one instrument, in words: "Ratification 13 January
    2010 (date unconfirmed)" (the web page says the same)."""
    return "; ".join(f"{a.get_kind_display()} {date_format(a.date, 'DATE_FORMAT')}"
                     + ("" if a.date_confirmed else f" ({_('date unconfirmed')})")
                     for a in actions)


def _yes_no(value) -> str:
    """A flag as a word of the reader's language, never a code."""
    return _("Yes") if value else _("No")


def _d(value) -> str:
    return value.isoformat() if value else ""


def _filtered_recommendations(user, filters: dict) -> QuerySet[Recommendation]:
    qs = recommendations_visible_to(user)
    if filters.get("party"):
        qs = qs.filter(party=filters["party"])
    if filters.get("instrument"):
        qs = qs.filter(instruments=filters["instrument"])
    if filters.get("theme"):
        qs = qs.filter(themes=filters["theme"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs.distinct()


def _filtered_actions(user, filters: dict):
    qs = action_list(user, party_id=filters["party"].pk if filters.get("party") else None,
                     status=filters.get("status", ""), overdue=bool(filters.get("overdue")))
    if filters.get("instrument"):
        qs = qs.filter(pk__in=actions_visible_to(user).filter(
            recommendations__instruments=filters["instrument"]).values("pk"))
    if filters.get("theme"):
        qs = qs.filter(pk__in=actions_visible_to(user).filter(
            recommendations__themes=filters["theme"]).values("pk"))
    return qs


def rows_recommendations(user, filters: dict) -> tuple[list[str], Iterator[list]]:
    headers = column_headers("recommendations")
    qs = (_filtered_recommendations(user, filters)
          .select_related("party", "organization", "cluster")
          .prefetch_related("instruments", "themes")
          .order_by(party_local_order("party_id"), F("reference").asc(nulls_last=True), "id"))

    def gen():
        for r in qs:
            yield [r.reference or "", r.title, r.party.local_name,
                   policies.filer_display_for(user, r),
                   r.get_status_display(), r.get_position_display(),
                   ", ".join(str(i) for i in r.instruments.all()),
                   ", ".join(str(t) for t in r.themes.all()),
                   r.cluster.roman if r.cluster else "", _d(r.submitted_at),
                   _d(r.response_due_on), _d(r.responded_at), _yes_no(r.is_public),
                   r.text]
    return headers, gen()


def rows_responses(user, filters: dict) -> tuple[list[str], Iterator[list]]:
    headers = column_headers("responses")
    recs = _filtered_recommendations(user, {**filters, "status": ""}).values("pk")
    qs = (responses_visible_to(user).filter(recommendation__in=recs)
          .select_related("recommendation__party")
          .order_by(party_local_order("recommendation__party_id"),
                    F("recommendation__reference").asc(nulls_last=True), "id"))
    if filters.get("status"):
        qs = qs.filter(position=filters["status"])

    def gen():
        for resp in qs:
            rec = resp.recommendation
            yield [rec.reference or "", rec.title, rec.party.local_name,
                   resp.get_position_display(),
                   resp.justification, _d(resp.published_at)]
    return headers, gen()


def rows_actions(user, filters: dict) -> tuple[list[str], Iterator[list]]:
    headers = column_headers("actions")
    qs = _filtered_actions(user, filters)

    def gen():
        for a in qs:
            validation = getattr(a, "validation", None)
            yield [a.pk, a.title, a.party.local_name,
                   ", ".join(r.reference or r.title for r in a.recommendations.all()),
                   a.lead_body.name if a.lead_body else "",
                   policies.person_name_for(user, a.responsible, party_id=a.party_id),
                   _d(a.start_on), _d(a.due_on),
                   a.get_status_display(), a.percent, a.report_every_months or "",
                   _yes_no(a.is_overdue),
                   "; ".join(f"{policies.assessor_display_for(user, x, a)}: "
                             f"{x.get_verdict_display()}"
                             for x in a.assessments.all()),
                   validation.get_status_display() if validation else "",
                   validation.percent if validation else "",
                   _yes_no(a.in_disagreement), _d(a.last_report_on)]
    return headers, gen()


def rows_progress(user, filters: dict) -> tuple[list[str], Iterator[list]]:
    headers = column_headers("progress")
    actions = _filtered_actions(user, {**filters, "status": ""}).prefetch_related(
        Prefetch("progress_reports",
                 queryset=ProgressReport.objects.prefetch_related(
                     Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
                 .order_by("reported_on", "id")))
    status = filters.get("status")

    def gen():
        for a in actions:
            for report in a.progress_reports.all():
                if status and report.status != status:
                    continue
                evidence = [e.url or e.title or e.file.name for e in report.evidence.all()
                            if can_view_evidence(user, e, a)]
                yield [a.pk, a.title, a.party.local_name, _d(report.reported_on),
                       report.get_status_display(),
                       report.percent, report.text, " | ".join(evidence)]
    return headers, gen()


ROWS = {"recommendations": rows_recommendations, "responses": rows_responses,
        "actions": rows_actions, "progress": rows_progress}


class _Echo:
    def write(self, value):
        return value


def _safe_cell(value):
    """Neutralise spreadsheet formulas in text cells (CSV injection), and drop the
    control characters a worksheet cannot hold (stored text may contain them)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return value


def csv_text(headers: list[str], rows: Iterable[list] = ()) -> str:
    """The CSV a download would hold (without its byte-order mark), as one text."""
    writer = csv.writer(_Echo())
    return "".join([writer.writerow(headers),
                    *(writer.writerow([_safe_cell(v) for v in row]) for row in rows)])


def csv_response(filename: str, headers: list[str], rows: Iterable[list]
                 ) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # spreadsheets then read UTF-8
        yield writer.writerow(headers)
        for row in rows:
            yield writer.writerow([_safe_cell(v) for v in row])
    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, sheet: str, headers: list[str], rows: Iterable[list]
                  ) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    worksheet.append(headers)
    for row in rows:
        worksheet.append([_safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(user, dataset: str, fmt: str, filters: dict):
    headers, rows = ROWS[dataset](user, filters)
    name = dataset
    if filters.get("party"):
        name = f"{dataset}-{filters['party'].iso3}"
    if fmt == "xlsx":
        return xlsx_response(name, dataset, headers, rows)
    return csv_response(name, headers, rows)
