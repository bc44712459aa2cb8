"""Translatable texts stored in a notification, rendered in the reader's language.

A notification is written in the actor's request, but read later by someone else: the
e-mail in the recipient's language, the inbox in the viewer's. So its subject and summary
are stored untranslated, as a message id and its parameters, and translated only when
they are shown::

    payload={"subject": msg(gettext_noop("New recommendation %(ref)s for %(state)s"),
                            ref=rec.reference, state=state_msg(rec.party))}

``gettext_noop`` marks the id for ``makemessages`` and leaves it as it is. A parameter may
itself be a message, the label of a model field's choice (``choice_msg``) or a State
(``state_msg``, named in the reader's language), translated with the text around it.
Plain strings (rows written before, or what a user wrote: a comment, a justification) are
shown as they are.
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext

from portal.core.territories import state_name

logger = logging.getLogger(__name__)

Message = dict[str, Any]
_SCALARS = (str, int, float, type(None))


def _is_message(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("msgid"), str)


def _is_choice(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("choice"), str)


def _is_state(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("state"), str)


def _check_param(name: str, value: Any) -> Any:
    if isinstance(value, bool) or not (isinstance(value, _SCALARS) or _is_message(value)
                                       or _is_choice(value) or _is_state(value)):
        raise TypeError(f"message parameter {name!r} must be a str, int, float, None, msg() or "
                        f"choice_msg(), not {type(value).__name__}")
    return value


def msg(msgid: str, /, **params: Any) -> Message:
    """A message to translate when it is shown. ``msgid`` is the English text, marked
    with ``gettext_noop`` so that ``makemessages`` extracts it; ``params`` fill its
    ``%(name)s`` placeholders (str, int, float, None, or a nested ``msg``/``choice_msg``).
    The result is plain JSON."""
    if not isinstance(msgid, str):
        raise TypeError("msgid must be a str (mark it with gettext_noop, not gettext_lazy)")
    return {"msgid": msgid,
            "params": {name: _check_param(name, value) for name, value in params.items()}}


def choice_msg(model, field: str, value: str | int | None) -> Message:
    """The label of ``value`` among the choices of ``model.field`` (a TextChoices field,
    say), looked up and translated when shown: ``choice_msg(Response, "position", p)``.
    Stored as ``{"choice": "app_label.Model.field", "value": value}``."""
    try:
        model_field = model._meta.get_field(field)
    except FieldDoesNotExist as exc:
        raise ValueError(f"{model._meta.label} has no field {field!r}") from exc
    if not model_field.choices:
        raise ValueError(f"{model._meta.label}.{field} has no choices")
    return {"choice": f"{model._meta.label}.{field}", "value": _check_param("value", value)}


def state_msg(party) -> dict:
    """A State, named in the reader's language when shown (CLDR and the UN's short names,
    portal/core/territories.py). Stored as ``{"state": iso3, "iso2": ..., "name": ...}``,
    the English name kept for rows whose State the names do not know."""
    return {"state": party.iso3, "iso2": party.iso2 or "", "name": party.name}


def _state_name(value: dict) -> str:
    return state_name(iso3=value["state"], iso2=str(value.get("iso2") or ""),
                      english=str(value.get("name") or value["state"]))


def _choice_label(value: dict) -> str:
    raw = value.get("value")
    try:
        model_label, field = value["choice"].rsplit(".", 1)
        choices = dict(apps.get_model(model_label)._meta.get_field(field).flatchoices)
    except (ValueError, LookupError, FieldDoesNotExist):
        logger.warning("unknown choice in a notification: %r", value)
        choices = {}
    label = choices.get(raw)
    if label is None:
        return "" if raw is None else str(raw)
    return str(label)  # a lazy label: translated in the active language


def _render_param(value: Any) -> Any:
    if _is_message(value) or _is_choice(value) or _is_state(value):
        return render_message(value)
    return value


def _format(text: str, params: dict) -> str:
    return text % params if params else text


def render_message(value: Any) -> str:
    """The text of a stored message in the active language. A ``msg`` dict is translated
    and filled in (its parameters rendered the same way); a ``choice_msg`` dict gives its
    translated label; a plain string is returned unchanged; ``None`` gives "".

    Never raises on a bad row: when the translation does not fit the parameters (a
    placeholder missing or mistyped), the English text is used; when even that does not
    fit, the bare message id."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if _is_choice(value):
        return _choice_label(value)
    if _is_state(value):
        return _state_name(value)
    if not _is_message(value):
        return str(value)
    msgid = value["msgid"]
    if not msgid:
        return ""  # gettext("") is the catalog's header
    raw_params = value.get("params") or {}
    if not isinstance(raw_params, dict):
        raw_params = {}
    params = {name: _render_param(param) for name, param in raw_params.items()}
    try:
        return _format(gettext(msgid), params)
    except (KeyError, ValueError, TypeError):
        logger.warning("translation of %r does not fit its parameters", msgid)
    try:
        return _format(msgid, params)
    except (KeyError, ValueError, TypeError):
        logger.warning("message %r does not fit its parameters %r", msgid, params)
    return msgid
