"""Files the import refuses or reads anyway, each with a clear message next to the file
field and nothing written: wrong type, too big, macros, formulas, a zip bomb, too many
rows, and CSV files in other encodings."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from portal.imports.models import ImportJob
from portal.imports.services import import_job_create
from recommendations.models import Recommendation
from tests.imports.support import csv_bytes, map_and_check, pakistan_world, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return pakistan_world()


def refused(world, file) -> str:
    """Why the file is refused: next to the file field at the upload, or, for what only
    reading every row finds, on the import the check stopped (its file deleted)."""
    try:
        job = import_job_create(
            actor=world["coordinator"],
            kind="recommendations",
            file=file,
            scope_id=world["alliance"].pk,
        )
    except ValidationError as exc:
        assert Recommendation.objects.count() == 0
        return " ".join(exc.message_dict["file"])
    job = map_and_check(world["coordinator"], job, job.mapping)
    assert job.status == ImportJob.Status.FAILED and not job.file
    assert Recommendation.objects.count() == 0
    return job.message


def test_wrong_type(world):
    assert "CSV file (.csv) or an Excel workbook" in refused(
        world, upload("report.pdf", b"%PDF-1.4 something")
    )
    assert "not an Excel workbook" in refused(world, upload("fake.xlsx", b"Title\nA\n"))
    assert "a workbook, not a CSV file" in refused(
        world, upload("book.csv", xlsx_bytes([["Title"], ["A"]]))
    )
    assert ImportJob.objects.count() == 0


@override_settings(UPLOAD_MAX_BYTES=1000)
def test_over_the_size_limit(world):
    message = refused(world, upload("big.csv", csv_bytes([["Title"]] + [["x" * 50]] * 40)))
    assert "the largest accepted is 1000" in message


def test_macros(world):
    assert "contains macros" in refused(world, upload("book.xlsm", xlsx_bytes([["Title"]])))
    buffer = io.BytesIO(xlsx_bytes([["Title"], ["A"]]))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 100)
    assert "contains macros" in refused(world, upload("book.xlsx", buffer.getvalue()))


def test_formulas(world):
    message = refused(world, upload("book.xlsx", xlsx_bytes([["Title", "Count"], ["A", "=1+1"]])))
    assert "Row 2, column B holds a formula (=1+1)" in message


@override_settings(IMPORT_MAX_UNCOMPRESSED=1024 * 1024)
def test_zip_bomb_refused_from_its_directory(world):
    buffer = io.BytesIO(xlsx_bytes([["Title"], ["A"]]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\x00" * (8 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 100_000  # small on disk, 8 MiB when opened
    assert "expands to 8.0" in refused(world, upload("bomb.xlsx", data))


@override_settings(IMPORT_MAX_ROWS=1000)
def test_row_cap_checked_while_streaming(world):
    rows = [["Title"]] + [[f"Row {n}"] for n in range(1500)]
    assert "more than 1,000 rows" in refused(world, upload("many.xlsx", xlsx_bytes(rows)))
    assert "more than 1,000 rows" in refused(world, upload("many.csv", csv_bytes(rows)))


def test_million_row_sheet_stops_at_the_cap(world):
    """A sheet claiming a million rows: reading stops at the cap, not at the end."""
    from portal.imports.reading import open_table

    rows = [["Title"]] + [["x"]] * 60_000
    data = csv_bytes(rows)
    _enc, _headers, iterator = open_table(io.BytesIO(data), "csv")
    with pytest.raises(Exception, match="more than 50,000 rows"):
        for _row in iterator:
            pass


def test_empty_and_headerless(world):
    assert "empty" in refused(world, upload("empty.csv", b""))
    assert "no data rows" in refused(world, upload("head.csv", b"Title\n"))


@pytest.mark.parametrize(
    "encoding,text",
    [
        ("utf-16", "Приоритет поддержки жертв"),
        ("cp1252", "Coopération régionale, façade"),
        ("cp1256", "دعم الضحايا وحقوق الإنسان والمساواة بين الجنسين في باكستان"),
        ("cp1251", "Приоритет поддержки жертв организованной преступности и прав человека"),
    ],
)
def test_csv_in_other_encodings(world, encoding, text):
    data = csv_bytes([["Title", "Recommendation"], [text, text + " " + text]] * 1, encoding)
    job = import_job_create(
        actor=world["coordinator"],
        kind="recommendations",
        file=upload("r.csv", data),
        scope_id=world["alliance"].pk,
    )
    job = map_and_check(world["coordinator"], job, job.mapping)
    assert job.preview["rows"][0]["values"]["title"] == text
