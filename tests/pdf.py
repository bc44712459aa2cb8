"""The text of a PDF as a reader gets it: poppler's pdftotext (poppler-utils), in logical
order, without the bidirectional-control marks it adds, line breaks read as spaces.
Without pdftotext a test that reads PDFs is skipped with the reason, and fails under CI
(where it must run)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape as html_unescape

import pytest

from tests.conftest import IN_CI

# pdftotext wraps right-to-left runs in embedding marks (RLE/LRE/PDF, isolates).
_BIDI_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def pdf_text(data: bytes, *, strict: bool = True) -> str:
    """The text; a file pdftotext cannot read is an error, or "" when not ``strict``."""
    if shutil.which("pdftotext") is None:
        message = "pdftotext is needed: apt-get install -y poppler-utils (CI has it)."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        timeout=60,
        check=strict,
    )
    if result.returncode != 0:
        return ""
    # one space for every run of spaces and line breaks: phrases wrap across lines
    return " ".join(result.stdout.decode("utf-8").translate(_BIDI_MARKS).split())


def _poppler(tool: str, data: bytes, *args: str, to_stdout: bool = False) -> str:
    if shutil.which(tool) is None:
        pdf_text(data)  # skips or fails with the same reason
    result = subprocess.run(
        [tool, *args, "-", *(["-"] if to_stdout else [])],
        input=data,
        capture_output=True,
        timeout=60,
        check=True,
    )
    return result.stdout.decode("utf-8")


def pdf_words(data: bytes) -> list[tuple[str, float, float]]:
    """The words of the first page in reading order, each with its left and right edge
    in points (pdftotext -bbox)."""
    html = _poppler("pdftotext", data, "-bbox", "-f", "1", "-l", "1", to_stdout=True)
    return [
        (html_unescape(word), float(x_min), float(x_max))
        for x_min, x_max, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            html,
        )
    ]


def pdf_fonts(data: bytes) -> set[str]:
    """The names of the fonts embedded in the PDF (pdffonts), without subset prefixes."""
    lines = _poppler("pdffonts", data).splitlines()[2:]
    return {line.split()[0].split("+")[-1] for line in lines if line.strip()}


def pdf_title(data: bytes) -> str:
    """The document's Title metadata (pdfinfo, also poppler-utils)."""
    for line in _poppler("pdfinfo", data).splitlines():
        if line.startswith("Title:"):
            return line.removeprefix("Title:").strip()
    return ""
