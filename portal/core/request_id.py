"""A request id on every request and every log line written while serving it.

The proxy sets ``X-Request-ID`` (nginx: the client's own, or a new ``$request_id``) and
logs it; the portal takes it (or makes one when there is no proxy), logs it with each
line and returns it in the response's ``X-Request-ID``, so one id follows a request from
the proxy's access log through the node's log lines."""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "HTTP_X_REQUEST_ID"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_current: ContextVar[str] = ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get(HEADER, "")
        request_id = given if _VALID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True
