"""The application's errors, raised by services and understood by every view.

- ``django.core.exceptions.ValidationError``: the input breaks a rule (a form shows it
  next to the field; the API answers 400 with the field errors);
- ``django.core.exceptions.PermissionDenied``: the user may see the object but not do
  this (403 in the API, the 403 page on the web);
- ``django.http.Http404``: the user may not see the object at all;
- ``ConflictError``: somebody else changed the row since it was loaded (409).
"""

from __future__ import annotations


class ConflictError(Exception):
    """Somebody else changed the row since the user loaded it. Carries the current
    recommendation (and its response, if that is what won) for the conflict page."""

    def __init__(self, message: str, *, recommendation, response=None):
        super().__init__(message)
        self.message = message
        self.recommendation = recommendation
        self.response = response
