"""/api/: the versioned API, its OpenAPI schema and its documentation pages."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from portal.api import views
from portal.api.exceptions import not_found

v1 = [
    path("me/", views.MeView.as_view(), name="api_me"),
    path("", include("consultations.api.urls")),
    path("", include("recommendations.api.urls")),
    path("", include("portal.notifications.api")),
    path("", include("portal.imports.api")),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", views.SwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("redoc/", views.RedocView.as_view(url_name="api_schema"), name="api_redoc"),
    re_path(r"^", not_found),
]
