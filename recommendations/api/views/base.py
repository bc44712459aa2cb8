"""What the recommendations API views share: content negotiation for downloads, the
pagination of sub-lists, file downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404

from portal.api.negotiation import AnyAccept
from portal.api.pagination import PagePagination

__all__ = ["AnyAccept", "SubListPagination", "file_download"]


class SubListPagination(PagePagination):
    """Sub-lists of one object (comments, notes, versions, progress reports...): page
    numbers, 25 a page by default, at most 100."""


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
