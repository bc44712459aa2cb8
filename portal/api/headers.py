"""Response headers every API answer carries, set once here rather than per view:

- `Location` on every 201: the new resource's own URL where it has one (else the list
  it now appears in), unless the view set it;
- `Vary: Authorization` (and Cookie): answers differ per token and per session;
- `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds until the window
  frees a request) from the rate limit that applied, beside `Retry-After` on a 429;
- `Deprecation` / `Sunset` for deprecated operations (see `deprecated`)."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date

API_PREFIX = "/api/"
VERSION_PREFIX = "/api/v1/"


def _has_detail(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if match.url_name is None:  # the catch-all JSON 404
        return False
    actions = getattr(match.func, "actions", None)
    return actions is None or "get" in actions


def location_for(path: str, data) -> str | None:
    """The URL of the resource a POST to `path` created, from its `id`."""
    pk = data.get("id") if isinstance(data, dict) else None
    if pk is None:
        return None
    collection = path.rstrip("/").rsplit("/", 1)[-1]
    candidates = [f"{path.rstrip('/')}/{pk}/", f"{VERSION_PREFIX}{collection}/{pk}/"]
    for candidate in candidates:
        if _has_detail(candidate):
            return candidate
    top = f"{VERSION_PREFIX}{collection}/"
    return top if _has_detail(top) else path


def record_rate(request, *, limit: int, remaining: int, reset: int) -> None:
    """Called by the rate limits: the tightest one is reported."""
    django_request = getattr(request, "_request", request)
    current = getattr(django_request, "_api_rate", None)
    if current is None or remaining < current[1]:
        django_request._api_rate = (limit, remaining, reset)


class ApiHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(API_PREFIX):
            return response
        patch_vary_headers(response, ("Authorization", "Cookie"))
        rate = getattr(request, "_api_rate", None)
        if rate is not None:
            limit, remaining, reset = rate
            response["RateLimit-Limit"] = str(limit)
            response["RateLimit-Remaining"] = str(max(remaining, 0))
            response["RateLimit-Reset"] = str(max(reset, 0))
        if response.status_code == 201 and not response.has_header("Location"):
            location = location_for(request.path_info, getattr(response, "data", None))
            if location:
                response["Location"] = request.build_absolute_uri(location)
        return response


def deprecation_headers(
    response, *, since: dt.datetime, sunset: dt.datetime | None = None, link: str = ""
):
    """Announces a deprecation on one response: `Deprecation: @<epoch>` (RFC 9745, when
    it was deprecated), `Sunset: <HTTP date>` (RFC 8594, when it will be removed) and a
    `Link` to what replaces it."""
    response["Deprecation"] = f"@{int(since.timestamp())}"
    if sunset is not None:
        response["Sunset"] = http_date(sunset.timestamp())
    if link:
        response["Link"] = f'<{link}>; rel="deprecation"'
    return response


def deprecated(*, since: dt.datetime, sunset: dt.datetime | None = None, link: str = ""):
    """Decorates a view function or a viewset method whose answers announce its
    deprecation (see deprecation_headers)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            response = view(*args, **kwargs)
            return deprecation_headers(response, since=since, sunset=sunset, link=link)

        return wrapped

    return decorator
