"""The UNODC dashboard (staff), its public version, the cross-country scorecard and the
exports page."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from consultations.models import Party
from portal.core.forms import collation_key
from recommendations.charts import bar_chart
from recommendations.exports import DATASETS, FORMATS, export_response
from recommendations.forms.followup import ExportFilterForm
from recommendations.policies import can_view_staff_dashboard
from recommendations.selectors.dashboard import SCORECARD_COLUMNS, dashboard, scorecard


def _require_staff(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_view_staff_dashboard(request.user):
        raise PermissionDenied
    return None


def _charts(d) -> list[dict]:
    def rows(items):
        return [(label, n) for _key, label, n in items]
    specs = [
        ("chart-status", _("Recommendations by status"), rows(d.by_status)),
        ("chart-instrument", _("Recommendations by instrument"), rows(d.by_instrument)),
        ("chart-cluster", _("Recommendations by review cluster"), rows(d.by_cluster)),
        ("chart-theme", _("Recommendations by theme"), rows(d.by_theme)),
        ("chart-actions", _("Follow-up actions by status"), rows(d.actions_by_status)),
    ]
    return [{"id": cid, "title": title, "rows": data,
             "svg": bar_chart(chart_id=cid, title=title, rows=data)}
            for cid, title, data in specs]


def _dashboard_page(request, *, public: bool):
    party = None
    iso3 = request.GET.get("state", "").strip()
    if iso3:
        party = get_object_or_404(Party, iso3=iso3.upper())
    d = dashboard(public=public, party=party)
    states = sorted(Party.objects.filter(pilots__isnull=False).distinct(),
                    key=lambda state: collation_key(state.local_name))
    return render(request, "recommendations/dashboard/index.html", {
        "d": d, "charts": _charts(d), "public": public, "party": party,
        "states": states})


def staff_dashboard(request):
    denied = _require_staff(request)
    if denied:
        return denied
    return _dashboard_page(request, public=False)


def public_dashboard(request):
    return _dashboard_page(request, public=True)


def _scorecard_page(request, *, public: bool):
    sort = request.GET.get("sort", "state")
    descending = request.GET.get("dir") == "desc"
    rows = scorecard(public=public, sort=sort, descending=descending)
    columns = []
    for key, label, numeric in SCORECARD_COLUMNS:
        active = key == sort or (sort not in [c[0] for c in SCORECARD_COLUMNS]
                                 and key == "state")
        columns.append({
            "key": key, "label": _(label), "numeric": numeric, "active": active,
            "aria_sort": ("descending" if descending else "ascending") if active else None,
            "next_dir": "asc" if active and descending else ("desc" if active else "asc"),
        })
    return render(request, "recommendations/dashboard/scorecard.html", {
        "rows": rows, "columns": columns, "public": public,
        "as_of": rows[0].as_of if rows else None})


def staff_scorecard(request):
    denied = _require_staff(request)
    if denied:
        return denied
    return _scorecard_page(request, public=False)


def public_scorecard(request):
    return _scorecard_page(request, public=True)


def exports(request):
    form = ExportFilterForm(request.GET or None)
    return render(request, "recommendations/dashboard/exports.html", {
        "form": form, "datasets": DATASETS, "formats": FORMATS,
        "query": request.GET.urlencode()})


def export(request, dataset: str, fmt: str):
    if dataset not in DATASETS or fmt not in FORMATS:
        raise Http404
    form = ExportFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "recommendations/dashboard/exports.html", {
            "form": form, "datasets": DATASETS, "formats": FORMATS, "query": ""}, status=400)
    return export_response(request.user, dataset, fmt, form.cleaned_data)
