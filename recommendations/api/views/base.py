"""What the recommendations API views share: content negotiation for downloads, the
pagination of sub-lists, file downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.negotiation import DefaultContentNegotiation

from portal.api.pagination import PagePagination


class AnyAccept(DefaultContentNegotiation):
    """Downloads answer whatever the client says it accepts (a file); their errors are
    still JSON in the one error shape."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class SubListPagination(PagePagination):
    """Sub-lists of one object (comments, notes, versions, progress reports...): page
    numbers, 25 a page by default, at most 100."""

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_size_query_param:
                param["schema"] = {"type": "integer", "minimum": 1,
                                   "maximum": self.max_page_size}
                param["description"] = str(_(
                    "Results per page (default %(default)s, at most %(max)s).")
                    % {"default": self.page_size, "max": self.max_page_size})
        return params


def file_download(field_file, filename: str) -> FileResponse:
    """A stored file as a download: never shown inline, never sniffed."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=filename,
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response
