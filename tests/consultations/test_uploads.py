import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.uploads import validate_upload

PDF = b"%PDF-1.4\n%test\n"
DOCX = b"PK\x03\x04" + b"\x00" * 30
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 30
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 30
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 30


@pytest.mark.parametrize("name, content", [
    ("minutes.pdf", PDF), ("report.docx", DOCX), ("budget.xlsx", DOCX), ("slides.pptx", DOCX),
    ("notes.odt", DOCX), ("sheet.ods", DOCX), ("old.doc", OLE), ("old.xls", OLE),
    ("old.ppt", OLE), ("photo.jpg", JPEG), ("photo.JPEG", JPEG), ("chart.png", PNG),
])
def test_accepts_allowed_types(name, content):
    assert validate_upload(SimpleUploadedFile(name, content)) == name.rsplit(".", 1)[0] + "." + \
        name.rsplit(".", 1)[1].lower()


@pytest.mark.parametrize("name, content, code", [
    ("script.exe", b"MZ\x90\x00", "extension"),
    ("page.html", b"<html>", "extension"),
    ("noextension", PDF, "extension"),
    ("fake.pdf", b"<script>alert(1)</script>", "content"),
    ("fake.png", PDF, "content"),
    ("fake.docx", OLE, "content"),
    ("empty.pdf", b"", "empty"),
])
def test_refuses_wrong_type_or_content(name, content, code):
    with pytest.raises(ValidationError) as info:
        validate_upload(SimpleUploadedFile(name, content))
    assert info.value.code == code


def test_refuses_files_over_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as info:
        validate_upload(SimpleUploadedFile("big.pdf", PDF + b"x" * 200))
    assert info.value.code == "size"
    assert "100" in info.value.messages[0]


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\evil.pdf", "evil.pdf"),
    ("<script>alert(1)</script>.pdf", "script.pdf"),
    ("<b>bold;rm -rf</b>x.pdf", "bx.pdf"),
    (".hidden.pdf", "hidden.pdf"),
    ("rapport d'activité 2023.pdf", "rapport_dactivite_2023.pdf"),
    ("....pdf", "document.pdf"),
    ("a\x00b.pdf", "ab.pdf"),
    ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
])
def test_sanitizes_malicious_names(name, expected):
    assert validate_upload(SimpleUploadedFile(name, PDF)) == expected


def test_leaves_the_file_position_unchanged():
    upload = SimpleUploadedFile("a.pdf", PDF)
    upload.read(3)
    validate_upload(upload)
    assert upload.tell() == 3
