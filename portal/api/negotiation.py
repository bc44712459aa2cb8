"""Content negotiation of the API's downloads (files, calendars): they answer whatever
the client says it accepts; their errors are still JSON in the one error shape."""

from __future__ import annotations

from rest_framework.negotiation import DefaultContentNegotiation


class AnyAccept(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
