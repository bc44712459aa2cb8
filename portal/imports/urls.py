from django.urls import path

from portal.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_list, name="list"),
    path("new/<slug:kind>/", views.import_upload, name="upload"),
    path("template/<slug:kind>.xlsx", views.import_template, name="template"),
    path("<id:pk>/", views.import_mapping, name="mapping"),
    path("<id:pk>/preview/", views.import_preview, name="preview"),
    path("<id:pk>/progress/", views.import_progress, name="progress"),
    path("<id:pk>/status.json", views.import_status, name="status"),
    path("<id:pk>/errors.csv", views.import_errors, name="errors"),
    path("<id:pk>/cancel/", views.import_cancel, name="cancel"),
]
