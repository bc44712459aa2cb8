"""/api/: the versioned API, its OpenAPI schema and its documentation pages."""

from django.urls import include, path, re_path

from consultations.api.me import MeView
from portal.api import docs, views
from portal.api.errors import not_found

v1 = [
    path("me/", MeView.as_view(), name="api_me"),
    path("", include("consultations.api.account")),
    path("", include("consultations.api.calendar")),
    path("", include("consultations.api.officials")),
    path("", include("consultations.api.urls")),
    path("", include("recommendations.api.from_items")),
    path("", include("recommendations.api.states")),
    path("", include("recommendations.api.urls")),
    path("", include("portal.notifications.api")),
    path("", include("portal.notifications.api_outbox")),
    path("", include("portal.imports.api")),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", docs.CachedSchemaView.as_view(), name="api_schema"),
    path("docs/", views.SwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("redoc/", views.RedocView.as_view(url_name="api_schema"), name="api_redoc"),
    path("redoc/redoc.standalone.js", docs.redoc_bundle, name="api_redoc_bundle"),
    re_path(r"^", not_found),
]
