"""One reusable check for every uploaded file: extension, content (magic bytes), size and
a safe file name. Reuse it from any form or service::

    from consultations.uploads import validate_upload
    clean_name = validate_upload(uploaded_file)   # raises ValidationError

Files are then stored under MEDIA_ROOT (private) and served only by views that check
the policy and answer with ``FileResponse(..., as_attachment=True)``.
"""

from __future__ import annotations

import os
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

PDF = (b"%PDF-",)
ZIP = (b"PK\x03\x04",)  # OOXML (docx, xlsx, pptx) and ODF (odt, ods) are zip files
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy Office (doc, xls, ppt)
JPEG = (b"\xff\xd8\xff",)
PNG = (b"\x89PNG\r\n\x1a\n",)

#: extension -> accepted leading bytes
ALLOWED: dict[str, tuple[bytes, ...]] = {
    "pdf": PDF,
    "doc": OLE, "xls": OLE, "ppt": OLE,
    "docx": ZIP, "xlsx": ZIP, "pptx": ZIP, "odt": ZIP, "ods": ZIP,
    "jpg": JPEG, "jpeg": JPEG,
    "png": PNG,
}
ALLOWED_EXTENSIONS = tuple(ALLOWED)
MAX_NAME_LENGTH = 150


def _clean_name(name: str) -> str:
    """The base name only (no directories), ASCII, no leading dots, safe characters."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    name = "".join(ch for ch in name if ch.isprintable())
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem.strip().lstrip(".").strip()
    try:
        stem = get_valid_filename(stem) if stem else ""
    except Exception:  # get_valid_filename refuses names such as "." or ".."
        stem = ""
    stem = stem.strip("._-") or "document"
    ext = get_valid_filename(ext).lower() if ext.strip(" .") else ""
    stem = stem[: MAX_NAME_LENGTH - len(ext) - 1]
    return f"{stem}.{ext}" if ext else stem


def validate_upload(file) -> str:
    """Check an uploaded file; return its sanitized name or raise ValidationError."""
    if file is None:
        raise ValidationError(_("Choose a file to upload."), code="required")
    name = _clean_name(getattr(file, "name", "") or "")
    ext = os.path.splitext(name)[1].lstrip(".").lower()
    if ext not in ALLOWED:
        raise ValidationError(
            _("The file must be a PDF, an Office or OpenDocument file (Word, Excel, "
              "PowerPoint), or a JPEG or PNG image."), code="extension")
    size = getattr(file, "size", None)
    limit = settings.UPLOAD_MAX_BYTES
    if size is None or size > limit:
        raise ValidationError(
            _("The file must be smaller than %(limit)s."),
            params={"limit": filesizeformat(limit)}, code="size")
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    if isinstance(head, str):  # a text-mode file cannot be a document
        head = head.encode()
    if not any(head.startswith(magic) for magic in ALLOWED[ext]):
        raise ValidationError(
            _("The file's content does not match its type (.%(ext)s)."),
            params={"ext": ext}, code="content")
    return name
