"""Per-State pages for the public: treaty status, events, recommendations and their
implementation at a glance; the printable country report and its PDF."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.core.forms import collation_key
from recommendations.charts import bar_chart
from recommendations.exports import country_report_pdf
from recommendations.selectors.states import state_profile, states_overview


def state_list(request):
    # Sorted by the name the reader sees ("Allemagne" under A in French).
    states = sorted(states_overview(), key=lambda party: collation_key(party.local_name))
    return render(request, "recommendations/states/list.html", {"states": states})


def state_detail(request, iso3: str):
    profile = state_profile(request.user, iso3)
    chart = bar_chart(chart_id="chart-state-actions",
                      title=_("%(state)s: follow-up actions by status")
                      % {"state": profile.party.local_name},
                      rows=[(label, n) for _s, label, n in profile.action_counts])
    return render(request, "recommendations/states/detail.html",
                  {"profile": profile, "party": profile.party, "chart": chart})


def country_report(request, iso3: str):
    profile = state_profile(request.user, iso3, with_reports=True)
    return render(request, "recommendations/states/report.html",
                  {"profile": profile, "party": profile.party})


def country_report_download(request, iso3: str):
    profile = state_profile(request.user, iso3, with_reports=True)
    response = HttpResponse(country_report_pdf(profile, user=request.user),
                            content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="country-report-{profile.party.iso3}.pdf"')
    return response
