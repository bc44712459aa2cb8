"""Request body parsers of the API: DRF's, except that a multipart body with no part that
can be read is refused instead of read as an empty form (which every optional field
then takes as "left out": ``--B\r\n[]--B--`` confirmed an import with its defaults)."""

from __future__ import annotations

import io

from django.utils.http import parse_header_parameters
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

#: A body up to this size is kept to tell an empty form from one that cannot be read.
SMALL_BODY = 4096


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        meta = parser_context["request"].META
        try:
            length = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = None
        if 0 < length <= SMALL_BODY and stream is not None:
            body = stream.read(length)
            stream = io.BytesIO(body)
        result = super().parse(stream, media_type, parser_context)
        if not result.data and not result.files and length and not _empty_form(meta, body):
            raise ParseError(_("The multipart/form-data body has no part that can be read: "
                               "each part needs a Content-Disposition header with the "
                               "field's name."))
        return result


def _empty_form(meta, body: bytes | None) -> bool:
    """An empty form: no body, or the closing delimiter alone."""
    if body is None:
        return False  # a large body from which nothing could be read
    _media, params = parse_header_parameters(meta.get("CONTENT_TYPE", ""))
    return body.strip() in (b"", f"--{params.get('boundary', '')}--".encode())
