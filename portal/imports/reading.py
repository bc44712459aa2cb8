"""Reading an uploaded spreadsheet safely: CSV in any common encoding (byte-order marks,
UTF-8, then charset-normalizer's guess: UTF-16, Windows-1252, Arabic and Cyrillic code
pages) and XLSX with openpyxl in read-only mode, streamed row by row.

Refused with a message for the person who uploaded it: another type, a file over the
size limit, an XLSX whose zip directory promises more than ``IMPORT_MAX_UNCOMPRESSED``
bytes (a zip bomb, checked before anything is decompressed), macros (.xlsm, a
vbaProject part), formulas (the value shown is not in the file), more rows than
``IMPORT_MAX_ROWS`` (counted while streaming, so a million-row sheet is never held in
memory)."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

FORMATS = ("csv", "xlsx")


class FileProblem(Exception):
    """The file cannot be imported; the message says why, for the person."""


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def check_upload(file) -> str:
    """The format ("csv" or "xlsx") of an uploaded file, or FileProblem."""
    name = (getattr(file, "name", "") or "").lower()
    ext = os.path.splitext(name)[1].lstrip(".")
    if ext in ("xlsm", "xltm", "xlam"):
        raise FileProblem(
            _(
                "The file contains macros (%(ext)s): save it as an Excel "
                "workbook (.xlsx) or as CSV and upload it again."
            )
            % {"ext": "." + ext}
        )
    if ext not in FORMATS:
        raise FileProblem(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))
    size = getattr(file, "size", None) or 0
    if size == 0:
        raise FileProblem(_("The file is empty."))
    if size > settings.UPLOAD_MAX_BYTES:
        raise FileProblem(
            _(
                "The file is %(size)s; the largest accepted is %(limit)s. "
                "Split it into smaller files."
            )
            % {"size": filesizeformat(size), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if ext == "xlsx":
        if not head.startswith(b"PK\x03\x04"):
            raise FileProblem(
                _(
                    "This is not an Excel workbook (.xlsx): save it again "
                    "from your spreadsheet program as .xlsx or CSV."
                )
            )
        _check_zip(file)
    elif head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            _("This is a workbook, not a CSV file: name it .xlsx, or save it as CSV.")
        )
    return ext


def _check_zip(file) -> None:
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileProblem(
            _("The workbook is damaged and cannot be read: save it again as .xlsx or CSV.")
        ) from None
    finally:
        file.seek(0)
    expanded = sum(i.file_size for i in infos)
    if expanded > settings.IMPORT_MAX_UNCOMPRESSED or len(infos) > 10000:
        raise FileProblem(
            _(
                "The workbook expands to %(size)s when opened, more than the "
                "%(limit)s accepted. Save the data alone as CSV."
            )
            % {
                "size": filesizeformat(expanded),
                "limit": filesizeformat(settings.IMPORT_MAX_UNCOMPRESSED),
            }
        )
    names = [i.filename.lower() for i in infos]
    if any("vbaproject" in n or n.endswith(".bin") and "vba" in n for n in names):
        raise FileProblem(
            _(
                "The file contains macros: save it as an Excel workbook "
                "(.xlsx) without macros or as CSV and upload it again."
            )
        )


# --- CSV ---------------------------------------------------------------------------------

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


#: what spreadsheets are saved in besides UTF-8: Windows and ISO code pages of the six
#: languages' scripts (guessing among rarer ones mistakes Cyrillic for Mac Cyrillic)
COMMON_ENCODINGS = (
    "cp1252",
    "cp1251",
    "cp1256",
    "cp1250",
    "cp1253",
    "cp1254",
    "cp1255",
    "koi8_r",
    "iso8859_5",
    "iso8859_6",
    "gb18030",
    "big5",
    "utf_16",
)


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=list(COMMON_ENCODINGS)).best()
    if best is not None:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise FileProblem(
        _(
            "The file's text encoding could not be recognised: save it as "
            "CSV UTF-8 and upload it again."
        )
    )


def _csv_rows(data: bytes) -> tuple[str, Iterator[list[str]]]:
    text, encoding = decode(data)
    if "\x00" in text:
        raise FileProblem(_("The file holds binary data, not text: upload a CSV file."))
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    return encoding, reader


# --- XLSX -------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _xlsx_rows(path_or_file) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path_or_file, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for damaged files
        raise FileProblem(
            _("The workbook is damaged and cannot be read: save it again as .xlsx or CSV.")
        ) from None
    try:
        yield from _sheet_rows(workbook)
    except FileProblem:
        raise
    except Exception:  # damaged XML inside a valid zip
        raise FileProblem(
            _("The workbook is damaged and cannot be read: save it again as .xlsx or CSV.")
        ) from None
    finally:
        workbook.close()


def _sheet_rows(workbook) -> Iterator[list[str]]:
    """The first sheet's rows as text; a formula stops the reading."""
    if not workbook.worksheets:
        return
    sheet = workbook.worksheets[0]
    for number, row in enumerate(sheet.iter_rows(), start=1):
        cells = []
        for index, cell in enumerate(row):
            if getattr(cell, "data_type", None) == "f":
                raise FileProblem(
                    _(
                        "Row %(row)s, column %(column)s holds a formula (%(formula)s): the "
                        "portal imports values, not formulas. Copy the sheet and paste "
                        "it as values, then upload it again."
                    )
                    % {
                        "row": number,
                        "column": _column_letter(index),
                        "formula": str(cell.value)[:40],
                    }
                )
            cells.append(_cell_text(cell.value))
        yield cells


# --- Both -------------------------------------------------------------------------------


def open_table(file, fmt: str) -> tuple[str, list[str], Iterator[tuple[int, list[str]]]]:
    """(encoding, headers, rows as (row number, cells)). Blank rows are left out; more
    than IMPORT_MAX_ROWS data rows raise FileProblem when reached."""
    file.seek(0)
    if fmt == "csv":
        encoding, raw = _csv_rows(file.read())
    else:
        encoding, raw = "", _xlsx_rows(file)
    numbered = enumerate(raw, start=1)
    headers: list[str] = []
    try:
        for _number, cells in numbered:
            if any(c.strip() for c in cells):
                headers = [c.strip() for c in cells]
                break
    except csv.Error as exc:
        raise FileProblem(_("The CSV file cannot be read (%(error)s).") % {"error": exc}) from None
    if not headers:
        raise FileProblem(_("The file has no header row: its first row must name the columns."))
    while headers and not headers[-1]:
        headers.pop()
    limit = max_rows()

    def rows() -> Iterator[tuple[int, list[str]]]:
        count = 0
        try:
            for number, cells in numbered:
                if not any(str(c).strip() for c in cells):
                    continue
                count += 1
                if count > limit:
                    raise FileProblem(
                        _(
                            "The file has more than %(limit)s rows: split it "
                            "into files of at most %(limit)s rows."
                        )
                        % {"limit": f"{limit:,}"}
                    )
                yield number, [str(c).strip() for c in cells[: len(headers)]]
        except csv.Error as exc:
            raise FileProblem(
                _("The CSV file cannot be read (%(error)s).") % {"error": exc}
            ) from None

    return encoding, headers, rows()


def read_all(file, fmt: str) -> tuple[str, list[str], list[tuple[int, list[str]]]]:
    encoding, headers, rows = open_table(file, fmt)
    return encoding, headers, list(rows)
