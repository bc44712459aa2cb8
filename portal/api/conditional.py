"""ETag and If-Match: optimistic concurrency for every resource that can be changed.

A detail's ETag is `"<id>-<version>"`, the version being the resource's own `version`
number where it has one (recommendations) and its last change time otherwise
(`updated_at`). Reads send it (and answer 304 to a matching If-None-Match); a write
that sends If-Match with a stale ETag is refused with 412 and nothing is changed. A
write without If-Match is accepted (If-Match is optional: 428 is never sent)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException

SAFE = {"GET", "HEAD", "OPTIONS"}
DETAIL_ACTIONS = {"retrieve", "update", "partial_update"}
WRITE_ACTIONS = {"update", "partial_update", "destroy"}


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = _(
        "This has changed since you read it (If-Match does not match its "
        "ETag). Read it again, then retry."
    )


def version_of(obj) -> str:
    version = getattr(obj, "version", None)
    if version is None:
        version = int(obj.updated_at.timestamp() * 1_000_000)
    return f"{obj.pk}-{version}"


def etag_of(obj) -> str:
    return f'"{version_of(obj)}"'


def _tags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def check_if_match(request, obj) -> None:
    """412 when the request's If-Match names none of the object's current ETag."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return
    if etag_of(obj) not in _tags(header):
        raise PreconditionFailed()


def fresh_etag(obj) -> str | None:
    """The ETag after a write, read again from the database (the service may have
    changed the row behind the object the view holds)."""
    model = type(obj)
    field = "version" if hasattr(obj, "version") else "updated_at"
    current = model._default_manager.filter(pk=obj.pk).first()
    if current is None or getattr(current, field, None) is None:
        return None
    return etag_of(current)


class ConditionalMixin:
    """For a viewset of a changeable resource: ETag on the detail (read and after a
    change), If-Match checked before every change or deletion of it, If-None-Match
    answered 304. Nested routes (a sub-resource of the object) use check_if_match and
    with_etag on their own object."""

    _conditional_object = None

    def check_object_permissions(self, request, obj):
        # Every get_object() calls this once the object is found, views that fetch
        # through a selector included: the precondition comes after the permissions.
        super().check_object_permissions(request, obj)
        if getattr(self, "action", None) in WRITE_ACTIONS:
            check_if_match(request, obj)
        self._conditional_object = obj

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        obj = self._conditional_object
        if obj is None or getattr(self, "action", None) not in DETAIL_ACTIONS:
            return response
        if response.status_code != status.HTTP_200_OK:
            return response
        tag = etag_of(obj) if request.method in SAFE else fresh_etag(obj)
        return _answer_with_etag(request, response, tag)


def _answer_with_etag(request, response, tag: str | None):
    """A 200 carries its object's ETag; a read whose If-None-Match names it is a 304."""
    if tag is None:
        return response
    response["ETag"] = tag
    if request.method in SAFE and tag in _tags(request.headers.get("If-None-Match", "")):
        response.status_code = status.HTTP_304_NOT_MODIFIED
        response.data = None
    return response


def answers_with_etag(handler):
    """Marks an action of a nested route that sets its object's ETag with with_etag, so
    that the contract declares the header on its 200."""
    handler.answers_with_etag = True
    return handler


def with_etag(request, response, obj, *, after_write: bool = False):
    """The ETag of a resource served by a nested route (outside ConditionalMixin), and
    its 304, as ConditionalMixin answers them."""
    if response.status_code != status.HTTP_200_OK:
        return response
    tag = fresh_etag(obj) if after_write else etag_of(obj)
    return _answer_with_etag(request, response, tag)
