"""Django-level error views that answer in the API's JSON error shape under /api/ and
fall back to Django's own pages elsewhere: unknown paths (404), CSRF failures (403,
e.g. a write to an unrouted path) and unhandled errors (500). Routed API views answer
through the DRF exception handler (portal.api.exceptions)."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.csrf import csrf_exempt

from portal.api.exceptions import error_body

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def json_error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse(error_body(code, message), status=status)


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Every path under /api/ that no operation serves, whatever the method: 404 JSON
    (CSRF-exempt: nothing is written, so a token client gets the 404, not a CSRF page)."""
    return json_error("not_found", _("Not found."), 404)


def page_not_found(request, exception=None, template_name="404.html"):
    if is_api(request):
        return not_found(request)
    return defaults.page_not_found(request, exception, template_name=template_name)


def server_error(request, template_name="500.html"):
    if is_api(request):
        return json_error(
            "server_error",
            _("Something went wrong on our side. The error has been logged; try again later."),
            500,
        )
    return defaults.server_error(request, template_name=template_name)


def permission_denied(request, exception=None, template_name="403.html"):
    if is_api(request):
        return json_error(
            "permission_denied", _("You do not have permission to perform this action."), 403
        )
    return defaults.permission_denied(request, exception, template_name=template_name)


def bad_request(request, exception=None, template_name="400.html"):
    if is_api(request):
        return json_error("bad_request", _("The request is not valid."), 400)
    return defaults.bad_request(request, exception, template_name=template_name)


def csrf_failure(request, reason="", template_name="403_csrf.html"):
    """CSRF_FAILURE_VIEW: a session-authenticated write without the CSRF token."""
    if is_api(request):
        return json_error(
            "csrf_failed",
            _("CSRF verification failed: send the CSRF token with a session, or use an API token."),
            403,
        )
    return django_csrf_failure(request, reason=reason, template_name=template_name)
