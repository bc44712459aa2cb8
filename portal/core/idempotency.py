"""One-time tokens of create requests, so that a double click or a retried API call
creates one thing. A web form carries a hidden ``idempotency_key`` (the
``{% idempotency_field %}`` tag); an API client sends an ``Idempotency-Key`` header.

The key is claimed in the transaction of the creation: the first request with a key
creates and remembers what it created; a repeat by the same user gets that (the object
for a web view, the first response for the API); a concurrent repeat waits for the
first to commit. A request that fails leaves the key unused (its row is rolled back).
The same key for another request is refused."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
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
