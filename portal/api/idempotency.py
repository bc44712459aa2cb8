"""Every POST to the API with an ``Idempotency-Key`` header runs once per user and key
(the API's side of portal.core.idempotency: the same claimed keys, the same rows)."""

from __future__ import annotations

import hashlib
import json

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.settings import api_settings

from portal.api.exceptions import error_body
from portal.core.idempotency import HEADER, KeyReused, clean_key, respond_once


def request_fingerprint(request) -> str:
    """What a repeat must send again to count as the same request: the method, the path
    and the body, canonical (JSON whatever its spacing and key order; a form or upload
    by its fields and files' contents, whatever the multipart boundary)."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        fields = sorted((key, request.POST.getlist(key)) for key in request.POST)
        files = sorted((key, f.name, f.size, _file_digest(f))
                       for key in request.FILES for f in request.FILES.getlist(key))
        digest.update(json.dumps([fields, files]).encode())
    else:
        body = request.body
        try:
            body = json.dumps(json.loads(body or b"null"), sort_keys=True,
                              separators=(",", ":")).encode()
        except ValueError:
            pass
        digest.update(body)
    return digest.hexdigest()


def _file_digest(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _api_user(request):
    """The user the API will see (token or session), without raising: a request that
    fails authentication is left to the API to answer."""
    drf_request = Request(request, authenticators=[
        cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES])
    try:
        return drf_request.user
    except APIException:
        return None


class ApiIdempotencyMiddleware:
    """Every POST to the API with an ``Idempotency-Key`` header runs once per user and
    key: a repeat gets the first answer (same status, same body, plus
    ``Idempotent-Replayed: true``); the same key with another path or body is refused
    (422), a malformed key too (400). Only a successful (2xx) answer is remembered: a
    refused request leaves the key free."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.method != "POST" or HEADER not in request.headers
                or not request.path.startswith("/api/")):
            return self.get_response(request)
        raw = request.headers.get(HEADER)
        if clean_key(raw) is None:
            message = _("The Idempotency-Key header must be 8 to 100 letters, digits or -_.:")
            return JsonResponse(error_body("invalid", message,
                                           {"idempotency_key": [message]}), status=400)
        user = _api_user(request)
        if user is None or not user.is_authenticated:
            return self.get_response(request)

        def respond():
            response = respond.response = self.get_response(request)
            return response.status_code, {
                "content": response.content.decode(response.charset or "utf-8"),
                "content_type": response.get("Content-Type", "application/json"),
                "location": response.get("Location", "")}

        respond.response = None
        try:
            status, body = respond_once(user=user, key=raw,
                                        scope=f"{request.method} {request_fingerprint(request)}",
                                        respond=respond)
        except KeyReused:
            message = _("This Idempotency-Key was already used for another request (another "
                        "address or another body). Send a new key with each new request.")
            return JsonResponse(error_body("idempotency_key_reused", message,
                                           {"idempotency_key": [message]}), status=422)
        if respond.response is not None:  # this request ran the view
            return respond.response
        return _replay(status, body)


def _replay(status: int, body) -> HttpResponse:
    """The first answer again (stored as its text; older rows stored the data)."""
    if not (isinstance(body, dict) and "content" in body):
        body = {"content": json.dumps(body), "content_type": "application/json"}
    replayed = HttpResponse(body["content"], status=status, content_type=body["content_type"])
    if body.get("location"):
        replayed["Location"] = body["location"]
    replayed["Idempotent-Replayed"] = "true"
    return replayed
