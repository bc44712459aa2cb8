"""Per-State pages for the public: treaty status, events, recommendations and their
implementation at a glance; the printable country report and its PDF."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from recommendations.charts import bar_chart
from recommendations.exports import country_report_pdf
from recommendations.selectors.states import state_profile, states_overview


def state_list(request):
    return render(request, "recommendations/states/list.html",
                  {"states": states_overview()})


def state_detail(request, iso3: str):
    profile = state_profile(request.user, iso3)
    chart = bar_chart(chart_id="chart-state-actions",
                      title=f"{profile.party.name}: follow-up actions by status",
                      rows=[(label, n) for _s, label, n in profile.action_counts])
    return render(request, "recommendations/states/detail.html",
                  {"profile": profile, "party": profile.party, "chart": chart})


def country_report(request, iso3: str):
    profile = state_profile(request.user, iso3, with_reports=True)
    return render(request, "recommendations/states/report.html",
                  {"profile": profile, "party": profile.party})


def country_report_download(request, iso3: str):
    profile = state_profile(request.user, iso3, with_reports=True)
    response = HttpResponse(country_report_pdf(profile), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="country-report-{profile.party.iso3}.pdf"')
    return response
