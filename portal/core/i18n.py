"""The six UN languages: how each names itself, and a signed-in user's choice of one.

The language menu names every language in itself (the way its readers look for it), and
a signed-in user's choice is stored on the user, so that e-mails (rendered in the
recipient's language, see portal/notifications/services.py) follow it; signing in
switches the pages to that stored language.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.translation import check_for_language
from django.views.i18n import set_language as django_set_language

# Django's own names differ from the UN's usage: "العربيّة" (with a shadda) and
# "简体中文" ("simplified Chinese"); the UN's language menus read العربية and 中文.
SELF_NAMES = {
    "ar": "العربية",
    "zh-hans": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}


def languages_in_themselves() -> list[dict]:
    """The configured languages, in settings order, each with its own name and direction."""
    entries = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        entries.append({"code": code, "name_local": SELF_NAMES.get(code, info["name_local"]),
                        "bidi": info["bidi"]})
    return entries


def set_language(request):
    """Django's set_language (cookie, then back to ``next``), plus: a signed-in user's
    choice is stored on the user; a visitor's may come as a GET (the footer's form for
    visitors: it changes nothing but their own language cookie, like ``?lang=``, so it
    needs no CSRF token and public pages stay the same for every visitor)."""
    response = django_set_language(request)
    user = getattr(request, "user", None)
    visitor = user is None or not user.is_authenticated
    code = request.GET.get("language")
    if (request.method == "GET" and visitor and code in dict(settings.LANGUAGES)
            and check_for_language(code)):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
        return response
    code = request.POST.get("language") if request.method == "POST" else None
    if (code in dict(settings.LANGUAGES) and user is not None and user.is_authenticated
            and user.language != code):
        user.language = code
        user.save(update_fields=["language"])
    return response


def language_on_login(sender, request, user, **kwargs) -> None:
    """Signing in switches to the language stored on the account: the sign-in's response
    sets the language cookie (``LocaleMiddleware``), so the page it leads to and every
    later one speak it. Connected to ``user_logged_in``."""
    code = getattr(user, "language", "") or ""
    if request is not None and code in dict(settings.LANGUAGES):
        request.language_from_login = code


def requested_language(request) -> str | None:
    """The language a request names in ``?lang=`` (any case, "zh", "zh-CN" or "zh-Hans"
    for Chinese), English when it names one the portal does not speak, None when it
    names none."""
    code = request.GET.get("lang")
    if code is None:
        return None
    try:
        return translation.get_supported_language_variant(code.strip().lower()[:20])
    except LookupError:
        return settings.LANGUAGE_CODE


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's negotiation (cookie, then Accept-Language, English when neither names a
    language the portal speaks), with ``?lang=`` first: for links and the API."""

    def process_request(self, request):
        code = requested_language(request)
        if code is None:
            return super().process_request(request)
        # Consumed here: views that read every parameter (the admin's changelist filters,
        # strict API filters) never see it. Links built from the URL keep it.
        query = request.GET.copy()
        query.pop("lang")
        query._mutable = False
        request.GET = query
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        code = getattr(request, "language_from_login", None)
        if code:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, code,
                max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE)
        return super().process_response(request, response)
