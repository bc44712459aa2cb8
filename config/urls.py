from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from consultations.urls import events as event_urls
from consultations.urls import organizations as organization_urls
from consultations.urls import pilots as pilot_urls
from pages import urls as page_urls
from portal.accounts.views import admin_login_redirect
from portal.core import health
from portal.core import views as core_views
from portal.core.i18n import set_language
from recommendations.urls import followup as followup_urls
from recommendations.views.home import home
from recommendations.views.mywork import my_work_page

admin.site.site_header = _("UNTOC stakeholder consultation portal")
admin.site.site_title = _("UNTOC portal administration")

urlpatterns = [
    path("", home, name="home"),
    path("my-work/", my_work_page, name="my_work"),
    path("health/", core_views.health, name="health"),
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    # Before Django's own: the choice of a signed-in user is also stored on the user.
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/tokens/", include("portal.api.token_urls")),
    path("accounts/", include("consultations.urls.accounts")),
    path("accounts/", include("portal.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # Each namespace: consultations' pages, and the pages that also show recommendations.
    path("organizations/", include((page_urls.organization_patterns
                                    + organization_urls.urlpatterns, "organizations"))),
    path("events/", include((page_urls.event_patterns + event_urls.urlpatterns, "events"))),
    path("pilots/", include((page_urls.pilot_patterns + pilot_urls.urlpatterns, "pilots"))),
    path("notifications/", include("portal.notifications.urls")),
    path("imports/", include("portal.imports.urls")),
    path("recommendations/", include("recommendations.urls.recommendations")),
    path("follow-up/", include((followup_urls.followup_patterns, "followup"))),
    path("dashboard/", include((followup_urls.dashboard_patterns, "dashboard"))),
    path("states/", include((followup_urls.states_patterns, "states"))),
    path("api/", include("config.api_urls")),
    # The admin signs in through allauth: same rate limits, same two-factor step.
    path("admin/login/", admin_login_redirect, name="admin_login_redirect"),
    path("admin/", admin.site.urls),
]

# Under /api/ these answer in the API's JSON error shape; elsewhere Django's pages.
handler400 = "portal.api.errors.bad_request"
handler403 = "portal.api.errors.permission_denied"
handler404 = "portal.api.errors.page_not_found"
handler500 = "portal.api.errors.server_error"

if settings.BENCHMARK_ENDPOINTS:  # bench/: the ceiling of the stack (base layout, no DB)
    from bench.views import baseline

    urlpatterns.append(path("_baseline/", baseline, name="bench_baseline"))

