"""One JSON shape for every API error:

    {"error": {"code": "invalid", "message": "…", "fields": {"title": ["…"]}}}

Invalid input (django or DRF ValidationError) is 400 with its field errors; a
well-formed request that the object's state refuses (StateConflict: already submitted,
already decided, a duplicate) and concurrent changes (ConflictError) are 409; objects the
user may not see are 404; refused actions 403; rate limits 429. Nothing a client sends is a 500."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings

from portal.core.errors import ConflictError, StateConflict

NON_FIELD = ("__all__", api_settings.NON_FIELD_ERRORS_KEY)


def error_body(code: str, message: str, fields: dict | None = None, **extra) -> dict:
    body = {"code": code, "message": message, "fields": fields or {}}
    body.update(extra)
    return {"error": body}


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list | tuple):
        return [m for value in detail for m in _flatten(value)]
    return [str(detail)]


def _split(detail) -> tuple[str, dict]:
    """A validation detail as (message, {field: [messages]})."""
    if isinstance(detail, dict):
        fields: dict[str, list[str]] = {}
        general: list[str] = []
        for key, value in detail.items():
            if key in NON_FIELD:
                general += _flatten(value)
            else:
                fields[str(key)] = _flatten(value)
        message = " ".join(general) or _("Check the fields marked in error.")
        return message, fields
    return " ".join(_flatten(detail)) or _("The request is not valid."), {}


def _django_validation(exc: DjangoValidationError) -> tuple[str, dict]:
    if hasattr(exc, "error_dict"):
        return _split({k: list(v) for k, v in exc.message_dict.items()})
    return " ".join(exc.messages), {}


def exception_handler(exc, context):
    if isinstance(exc, ConflictError):
        rec = getattr(exc, "recommendation", None)
        extra = {"current_version": rec.version} if rec is not None else {}
        return Response(error_body("conflict", exc.message, **extra),
                        status=status.HTTP_409_CONFLICT)
    if isinstance(exc, StateConflict):
        message, fields = _django_validation(exc)
        return Response(error_body("conflict", message, fields),
                        status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        message, fields = _django_validation(exc)
        return Response(error_body("invalid", message, fields),
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        return Response(error_body("conflict", _("This conflicts with a change made at the "
                                                 "same time. Reload and try again.")),
                        status=status.HTTP_409_CONFLICT)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*(exc.args[:1] or ()))
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django's 500 handler reports it
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        message, fields = _split(exc.detail)
        body = error_body("invalid", message, fields)
    else:
        code = exc.get_codes()
        code = code if isinstance(code, str) else exc.default_code
        body = error_body(str(code), " ".join(_flatten(exc.detail)))
    return Response(body, status=exc.status_code, headers=headers)
