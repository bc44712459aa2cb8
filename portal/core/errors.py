"""The application's errors, raised by services and understood by every view.

- ``django.core.exceptions.ValidationError``: the input breaks a rule (a form shows it
  next to the field; the API answers 400 with the field errors);
- ``django.core.exceptions.PermissionDenied``: the user may see the object but not do
  this (403 in the API, the 403 page on the web);
- ``django.http.Http404``: the user may not see the object at all;
- ``StateConflict``: the input is well formed, but the object's current state refuses it
  (already submitted, already answered, no longer open, a duplicate of what exists). It
  is a ``ValidationError`` (forms and pages show it the same way); the API answers 409.
- ``ConflictError``: somebody else changed the row since it was loaded (409).

The rule for services: a ``ValidationError`` is about what the request says (a field left
empty, a value out of range, a choice that does not fit the others: 400 with the field
named); a ``StateConflict`` is about what exists (the same request could succeed on
another object or at another time: 409).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class StateConflict(ValidationError):
    """A well-formed request that the current state of the object refuses (a transition
    that is not allowed from its status, a decision already taken, a duplicate). Takes a
    message, or {field: message} when one field names the clash (e.g. an e-mail address
    that is already a member)."""


class ConflictError(Exception):
    """Somebody else changed the row since the user loaded it. Carries the current
    recommendation (and its response, if that is what won) for the conflict page."""

    def __init__(self, message: str, *, recommendation, response=None):
        super().__init__(message)
        self.message = message
        self.recommendation = recommendation
        self.response = response
