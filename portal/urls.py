from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from portal.core import views as core_views
from recommendations.views.home import home

admin.site.site_header = "UNTOC stakeholder consultation portal"
admin.site.site_title = "UNTOC portal admin"

urlpatterns = [
    path("", home, name="home"),
    path("health/", core_views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

