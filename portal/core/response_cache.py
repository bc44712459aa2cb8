"""Whole-response caching of public pages and the anonymous API, for anonymous visitors.

Apps name the views whose anonymous answer is the same for every visitor
(``anonymous_cache_register("recommendations:list", "api-recommendation-list", ...)``
in their AppConfig.ready). For those, ``AnonymousResponseCacheMiddleware`` (the last
middleware, so every outer one still runs on a cached answer: security headers, CSP,
the request id, the API's rate-limit headers) keeps the answer of a GET in the cache:

- only for a request that cannot be anyone's: no ``Authorization`` header and no cookie
  but the language and CSRF cookies (a session cookie, even an anonymous one, goes to
  the view), and a user who is not signed in;
- keyed by scheme, host, path, the query string (parameters sorted) and the active
  language (``?lang=``, the language cookie, ``Accept-Language``), and served only for
  the generation it was computed for: the data generation that every domain event
  bumps and the version of the stored read models (portal.core.cache), so the first
  request after a change committed through a service, or after the dashboards were
  recomputed, computes the page again;
- only a 200 whose rendering touched nothing of the visitor's: no cookie set, no CSRF
  token asked for (anonymous pages carry none: the language menu is a GET form for
  them), the session not changed, no ``private``/``no-store`` from the view;
- at most ``RESPONSE_CACHE_SECONDS`` (0 turns it off), which bounds how long a change
  made outside the services (a bulk write, the shell) can go unseen.

Every answer to such a request carries an ``ETag`` (the view's own, e.g. an API
detail's ``"<id>-<version>"``, else one made of the generation and the key) and
``Cache-Control: public, max-age=RESPONSE_CACHE_MAX_AGE, must-revalidate``; an
``If-None-Match`` that names it is a 304 without computing anything. A signed-in (or
session-carrying) request to the same views gets ``private, no-store``.

A cached API answer still counts against the view's rate limits (its throttle classes
are asked first; a refused request goes to the view, which answers 429).

A hit costs one round trip to the cache (two for the API, whose rate limit then writes
its count): the generation, the entry and the throttles' counts are read together,
which is why the generation is stored in the entry rather than in its key. A throttle
reads its count in that trip when it names its cache key (``stored_key(request)``) and
takes the value read (``allow_request(request, view, stored=...)``, as
``portal.api.throttling`` does).

On a miss one worker computes (a short lock in the cache) while the others wait for
its answer (``RESPONSE_CACHE_WAIT_SECONDS``, then they compute themselves): never
every worker at once. They do not serve the previous version meanwhile: a change that
hides something (a filer's name, a withdrawn recommendation) is not served again once
it is committed. With Redis down, nothing is cached and nobody waits.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from portal.core.cache import PAGE_GENERATION_KEYS, page_generation
from portal.core.stampede import lock_acquire, lock_release, wait_for

_VIEW_NAMES: set[str] = set()
# Headers of the view's answer that are kept with it (the outer middlewares add the rest).
_KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "ETag",
    "Last-Modified",
    "Link",
    "Deprecation",
    "Sunset",
)
CACHE_HEADER = "X-Response-Cache"  # HIT, MISS or BYPASS: for operators and the benchmark


def anonymous_cache_register(*view_names: str) -> None:
    """Views (``namespace:name``) whose answer to an anonymous GET is the same for every
    anonymous visitor with the same URL and language."""
    _VIEW_NAMES.update(view_names)


def registered_views() -> frozenset[str]:
    return frozenset(_VIEW_NAMES)


def _seconds(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def _anonymous(request) -> bool:
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    allowed = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    if set(request.COOKIES) - allowed:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _key(request) -> str:
    query = urlencode(
        sorted(parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True))
    )
    raw = "\n".join(
        [request.scheme, request.get_host(), request.path, query, translation.get_language() or ""]
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _tags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a CSRF token was rendered
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def _throttles(request, view_func) -> list[tuple[object, str | None]]:
    """The view's rate limits, each with the cache key of its count when it names it."""
    view_class = getattr(view_func, "cls", None)
    out = []
    for throttle_class in getattr(view_class, "throttle_classes", ()):
        throttle = throttle_class()
        stored_key = getattr(throttle, "stored_key", None)
        out.append((throttle, stored_key(request) if stored_key else None))
    return out


def _throttled(request, throttles, values: dict | None) -> bool:
    """Counts this request against the view's rate limits, as the view would; with
    ``values``, the counts read with the entry (a fresh read without)."""
    for throttle, key in throttles:
        if key is not None and values is not None:
            allowed = throttle.allow_request(request, None, stored=values.get(key))
        else:
            allowed = throttle.allow_request(request, None)
        if not allowed:
            return True
    return False


def _current(entry, generation: str):
    """The stored answer when it was computed for this generation, else None."""
    if isinstance(entry, dict) and entry.get("generation") == generation:
        return entry
    return None


class _Pending:
    """A miss being computed by the view: where to store it, for which generation, and
    the lock if held."""

    def __init__(self, entry_key: str, generation: str, tag: str, lock_key: str, token: str | None):
        self.entry_key, self.generation, self.tag = entry_key, generation, tag
        self.lock_key, self.token = lock_key, token


class AnonymousResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = getattr(request, "_response_cache", None)
        if isinstance(state, _Pending):
            try:
                response = self._store(request, response, state)
            finally:
                if state.token is not None:
                    lock_release(state.lock_key, state.token)
        elif state == "bypass" and "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name not in _VIEW_NAMES or request.method != "GET":
            return None
        if not _anonymous(request):
            request._response_cache = "bypass"
            return None
        if not _seconds("RESPONSE_CACHE_SECONDS", 300):
            return None
        key = _key(request)
        entry_key = f"response:{key}"
        throttles = _throttles(request, view_func)
        counts = [k for _throttle, k in throttles if k is not None]
        values = cache.get_many([*PAGE_GENERATION_KEYS, entry_key, *counts])
        generation = page_generation(values)
        own_tag = f'"g{generation}-{key[:16]}"'
        if own_tag in _tags(request.headers.get("If-None-Match", "")):
            if _throttled(request, throttles, values):
                return None  # the view answers 429 (without counting it twice)
            return _finish(request, HttpResponseNotModified(), own_tag, "HIT")
        entry = _current(values.get(entry_key), generation)
        lock_key = f"response-lock:{generation}:{key}"
        token = None
        if entry is None:
            values = None  # the counts read then may be stale by the time it is served
            token = lock_acquire(lock_key, seconds=_seconds("RESPONSE_CACHE_LOCK_SECONDS", 10))
            if token is None:  # another worker computes it: wait for its answer
                entry = wait_for(
                    lock_key,
                    lambda: _current(cache.get(entry_key), generation),
                    seconds=_seconds("RESPONSE_CACHE_WAIT_SECONDS", 5),
                )
        if entry is not None:
            if _throttled(request, throttles, values):  # a miss is counted by the view
                return None
            response = HttpResponse(entry["content"], status=entry["status"])
            for header, value in entry["headers"]:
                response[header] = value
            return _finish(request, response, response.get("ETag") or own_tag, "HIT")
        request._response_cache = _Pending(entry_key, generation, own_tag, lock_key, token)
        return None  # the view computes it; __call__ stores it

    @staticmethod
    def _store(request, response, pending: _Pending):
        if response.status_code == 304 and response.has_header("ETag"):  # the view's own
            return _finish(request, response, response["ETag"], "MISS")
        if not _storable(request, response):
            if "Cache-Control" not in response:
                patch_cache_control(response, private=True, no_store=True)
            response[CACHE_HEADER] = "BYPASS"
            return response
        tag = response.get("ETag") or pending.tag
        response["ETag"] = tag
        cache.set(
            pending.entry_key,
            {
                "generation": pending.generation,
                "status": response.status_code,
                "content": response.content,
                "headers": [(h, response[h]) for h in _KEPT_HEADERS if h in response],
            },
            timeout=int(_seconds("RESPONSE_CACHE_SECONDS", 300)),
        )
        return _finish(request, response, tag, "MISS")


def _finish(request, response, tag: str, outcome: str):
    if tag in _tags(request.headers.get("If-None-Match", "")) and response.status_code == 200:
        response = HttpResponseNotModified()
    response["ETag"] = tag
    response[CACHE_HEADER] = outcome
    max_age = int(_seconds("RESPONSE_CACHE_MAX_AGE", 0))
    patch_cache_control(response, public=True, max_age=max_age, must_revalidate=True)
    patch_vary_headers(response, ("Cookie", "Authorization", "Accept-Language"))
    return response
