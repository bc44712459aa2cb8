from django.urls import path, re_path

from portal.api.routers import IdRouter
from recommendations.api.views import dashboard, followup, recommendations
from recommendations.exports import DATASETS, FORMATS

router = IdRouter()
router.register("recommendations", recommendations.RecommendationViewSet,
                basename="api-recommendation")
router.register("cosignatures", recommendations.CoSignatureViewSet, basename="api-cosignature")
router.register("actions", followup.ActionViewSet, basename="api-action")
router.register("evidence", followup.EvidenceViewSet, basename="api-evidence")

urlpatterns = [
    *router.urls,
    path("dashboard/", dashboard.DashboardView.as_view(), name="api-dashboard"),
    path("dashboard/scorecard/", dashboard.ScorecardView.as_view(), name="api-scorecard"),
    path("dashboard/public/", dashboard.PublicDashboardView.as_view(),
         name="api-dashboard-public"),
    path("dashboard/public/scorecard/", dashboard.PublicScorecardView.as_view(),
         name="api-scorecard-public"),
    re_path(r"^exports/(?P<dataset>{})\.(?P<fmt>{})$".format("|".join(DATASETS),
                                                              "|".join(FORMATS)),
            dashboard.ExportView.as_view(), name="api-export"),
    re_path(r"^country-reports/(?P<iso3>[A-Za-z]{3})/$", dashboard.CountryReportView.as_view(),
            name="api-country-report"),
]
