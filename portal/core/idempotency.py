"""One-time tokens of create requests, so that a double click or a retried API call
creates one thing. A web form carries a hidden ``idempotency_key`` (the
``{% idempotency_field %}`` tag); an API client sends an ``Idempotency-Key`` header.

The key is claimed in the transaction of the creation: the first request with a key
creates and remembers what it created; a repeat by the same user gets that (the object
for a web view, the first response for the API); a concurrent repeat waits for the
first to commit. A request that fails leaves the key unused (its row is rolled back).
The same key for another request is refused."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from portal.core.models import IdempotencyKey

T = TypeVar("T", bound=models.Model)
FIELD = "idempotency_key"
HEADER = "Idempotency-Key"
_VALID = re.compile(r"^[A-Za-z0-9_.:-]{8,100}$")


def new_key() -> str:
    return uuid.uuid4().hex


def clean_key(value) -> str | None:
    """The key as given, or None when there is none or it is malformed (then the request
    is simply not idempotent: never an error page for a bad hidden field)."""
    value = (value or "").strip() if isinstance(value, str) else ""
    return value if _VALID.match(value) else None


class KeyReused(ValidationError):
    """The key was used for another request."""


def _claim(*, user, key: str, scope: str) -> tuple[IdempotencyKey, bool]:
    """The key's row, locked (inside the caller's transaction), and whether it is new."""
    row, created = (IdempotencyKey.objects.select_for_update()
                    .get_or_create(user=user, key=key, defaults={"scope": scope[:200]}))
    if not created and row.scope != scope[:200]:
        raise KeyReused(_("This idempotency key was already used for another request."))
    return row, created


def create_once(*, user, key: str | None, scope: str, create: Callable[[], T]) -> tuple[T, bool]:
    """``create()`` once per (user, key): returns (the object, whether it was created
    now). A repeat returns the object the first request created (re-read), or creates
    again when that object has since been deleted."""
    key = clean_key(key)
    if key is None or not getattr(user, "is_authenticated", False):
        return create(), True
    with transaction.atomic():
        row, _created = _claim(user=user, key=key, scope=scope)
        if row.content_type_id and row.object_id:
            model = row.content_type.model_class()
            existing = model._default_manager.filter(pk=row.object_id).first()
            if existing is not None:
                return existing, False
        obj = create()
        row.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        row.object_id = obj.pk
        row.save(update_fields=["content_type", "object_id"])
        return obj, True


def create_once_from(request, create: Callable[[], T]) -> T:
    """A web view's create, once per the form's hidden one-time token: a repeated post
    returns the object the first one created (the view then redirects to it)."""
    obj, _created = create_once(user=request.user, key=request.POST.get(FIELD),
                                scope=request.path, create=create)
    return obj


def created_before(request) -> models.Model | None:
    """What an earlier post with this form's token created, if it still exists: a view
    whose form would now refuse the repeat (e.g. "this name is taken") shows it instead."""
    key = clean_key(request.POST.get(FIELD))
    if key is None or not getattr(request.user, "is_authenticated", False):
        return None
    row = (IdempotencyKey.objects.filter(user=request.user, key=key, scope=request.path[:200],
                                         object_id__isnull=False)
           .select_related("content_type").first())
    if row is None:
        return None
    model = row.content_type.model_class()
    return model._default_manager.filter(pk=row.object_id).first()


def respond_once(*, user, key: str | None, scope: str,
                 respond: Callable[[], tuple[int, object]]) -> tuple[int, object]:
    """For the API: ``respond()`` -> (status, body) once per (user, key); a repeat gets
    the first (status, body). Only a successful (2xx) answer is remembered."""
    key = clean_key(key)
    if key is None or not getattr(user, "is_authenticated", False):
        return respond()
    with transaction.atomic():
        row, _created = _claim(user=user, key=key, scope=scope)
        if row.response_status is not None:
            return row.response_status, row.response_body
        status, body = respond()
        if 200 <= status < 300:
            row.response_status, row.response_body = status, body
            row.save(update_fields=["response_status", "response_body"])
        else:
            transaction.set_rollback(True)
        return status, body


# --- the API: every POST under /api/ -----------------------------------------------------


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
    from rest_framework.exceptions import APIException
    from rest_framework.request import Request
    from rest_framework.settings import api_settings

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
        from portal.api.exceptions import error_body

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
