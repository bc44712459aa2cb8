"""URLs of follow-up ("follow-up/"), the dashboard ("dashboard/") and State pages
("states/"); config/urls.py includes each list under its own namespace."""

from django.urls import path, re_path

from recommendations.views import dashboard, followup, states, translations

followup_patterns = [
    path("", followup.action_list, name="list"),
    path("new/<str:iso3>/", followup.action_create, name="create"),
    path("<id:pk>/", followup.action_detail, name="detail"),
    path("<id:pk>/edit/", followup.action_edit, name="edit"),
    path("<id:pk>/report/", followup.report_create, name="report"),
    path("<id:pk>/reports/<id:report_pk>/edit/", followup.report_edit, name="report_edit"),
    path("<id:pk>/reports/<id:report_pk>/translations/", translations.report_translation_add,
         name="report_translation_add"),
    path("<id:pk>/reports/<id:report_pk>/translations/<slug:language>/delete/",
         translations.report_translation_delete, name="report_translation_delete"),
    path("<id:pk>/assess/", followup.assess, name="assess"),
    path("<id:pk>/validate/", followup.validate, name="validate"),
    path("evidence/<id:pk>/", followup.evidence_download, name="evidence"),
]

dashboard_patterns = [
    path("", dashboard.staff_dashboard, name="staff"),
    path("scorecard/", dashboard.staff_scorecard, name="staff_scorecard"),
    path("public/", dashboard.public_dashboard, name="public"),
    path("public/scorecard/", dashboard.public_scorecard, name="public_scorecard"),
    path("exports/", dashboard.exports, name="exports"),
    re_path(r"^exports/(?P<dataset>[a-z]+)\.(?P<fmt>csv|xlsx)$", dashboard.export,
            name="export"),
]

states_patterns = [
    path("", states.state_list, name="list"),
    path("<str:iso3>/", states.state_detail, name="detail"),
    path("<str:iso3>/report/", states.country_report, name="report"),
    path("<str:iso3>/report.pdf", states.country_report_download, name="report_pdf"),
]
