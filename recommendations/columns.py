"""The columns of the CSV/XLSX exports, named in the reader's language.

Each dataset's columns, in order, by a stable key with its translated header. The
spreadsheet imports list the same headers as aliases of their fields
(``recommendations/imports.py``) and match them in every language
(``portal/imports/mapping.py``), so an export imports again unchanged whatever language
it was downloaded in. Within one dataset no two headers may read the same in any language
(``tests/imports/test_round_trip.py`` checks the catalogs).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REFERENCE = _("Reference")
TITLE = _("Title")
STATE = _("State")
STATUS = _("Status")
INSTRUMENTS = _("Instruments")
THEMES = _("Themes")
CLUSTER = _("Review cluster")
RECOMMENDATION_TEXT = _("Recommendation")
ACTION_NUMBER = _("Action number")
ACTION = _("Action")
RECOMMENDATIONS = _("Recommendations")
LEAD_BODY = _("Lead body")
RESPONSIBLE = _("Responsible person")
START = _("Start")
DUE = _("Due")
PERCENT = _("Progress (%)")
REPORT_EVERY = _("Report every (months)")
DATE = _("Date")
PROGRESS = _("Progress")

COLUMNS = {
    "recommendations": {
        "reference": REFERENCE,
        "title": TITLE,
        "state": STATE,
        "filed_by": _("Filed by"),
        "status": STATUS,
        "position": _("Position"),
        "instruments": INSTRUMENTS,
        "themes": THEMES,
        "cluster": CLUSTER,
        "submitted": _("Submitted"),
        "response_due": _("Response due"),
        "responded": _("Responded"),
        "public": _("Public"),
        "text": RECOMMENDATION_TEXT,
    },
    "responses": {
        "reference": REFERENCE,
        "title": TITLE,
        "state": STATE,
        "position": _("Position"),
        "justification": _("Justification"),
        "published": _("Published"),
    },
    "actions": {
        "id": ACTION_NUMBER,
        "action": ACTION,
        "state": STATE,
        "recommendations": RECOMMENDATIONS,
        "lead_body": LEAD_BODY,
        "responsible": RESPONSIBLE,
        "start": START,
        "due": DUE,
        "status": STATUS,
        "percent": PERCENT,
        "report_every_months": REPORT_EVERY,
        "overdue": _("Overdue"),
        "alliance_assessment": _("Assessments"),
        "unodc_validated_status": _("Validated status"),
        "unodc_validated_percent": _("Validated progress (%)"),
        "disagreement": _("In disagreement"),
        "last_report": _("Last report"),
    },
    "progress": {
        "action_id": ACTION_NUMBER,
        "action": ACTION,
        "state": STATE,
        "date": DATE,
        "status": STATUS,
        "percent": PERCENT,
        "progress": PROGRESS,
        "evidence": _("Evidence"),
    },
}


def headers(dataset: str) -> list[str]:
    """The dataset's column headers in the active language."""
    return [str(label) for label in COLUMNS[dataset].values()]
