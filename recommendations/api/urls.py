from django.urls import path, re_path

from portal.api.routers import IdRouter
from recommendations.api import views
from recommendations.exports import DATASETS, FORMATS

router = IdRouter()
router.register("recommendations", views.RecommendationViewSet, basename="api-recommendation")
router.register("cosignatures", views.CoSignatureViewSet, basename="api-cosignature")
router.register("actions", views.ActionViewSet, basename="api-action")
router.register("evidence", views.EvidenceViewSet, basename="api-evidence")

urlpatterns = [
    *router.urls,
    path("dashboard/", views.DashboardView.as_view(), name="api-dashboard"),
    path("dashboard/scorecard/", views.ScorecardView.as_view(), name="api-scorecard"),
    path("dashboard/public/", views.PublicDashboardView.as_view(),
         name="api-dashboard-public"),
    path("dashboard/public/scorecard/", views.PublicScorecardView.as_view(),
         name="api-scorecard-public"),
    re_path(r"^exports/(?P<dataset>{})\.(?P<fmt>{})$".format("|".join(DATASETS),
                                                              "|".join(FORMATS)),
            views.ExportView.as_view(), name="api-export"),
    re_path(r"^country-reports/(?P<iso3>[A-Za-z]{3})/$", views.CountryReportView.as_view(),
            name="api-country-report"),
]
