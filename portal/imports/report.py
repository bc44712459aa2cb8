"""The error report of an import as a CSV download (web and API alike)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from portal.imports.kinds import Outcome
from portal.imports.models import ImportJob


def _safe(value) -> str:
    """No formula injection into the spreadsheet the report is opened in."""
    value = str(value or "")
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def error_report_headers() -> list[str]:
    return [_("row"), _("column"), _("outcome"), _("external id"), _("message")]


def error_report_example() -> str:
    """What the report looks like (the API's example): its header and one row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(error_report_headers())
    writer.writerow([3, _("Title"), Outcome.FAILED, "CSO-2026-014", _("This field is required.")])
    return out.getvalue()


def error_report_response(job: ImportJob) -> HttpResponse:
    """The rows that failed or were left as they are (the preview's problems before the
    run), with the cell and the reason; always an attachment, never shown inline."""
    problems = job.report if job.is_finished else job.preview.get("problems", [])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(error_report_headers())
    for p in problems:
        writer.writerow(
            [
                p["row"],
                _safe(p["column"]),
                p.get("outcome", ""),
                _safe(p.get("external_id", "")),
                _safe(p["message"]),
            ]
        )
    return response
