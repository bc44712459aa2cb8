"""The country report PDF in every language: text shaped by HarfBuzz (Arabic joined,
right to left; Chinese with a CJK font), read back with pdftotext in logical order, and
the document title in the report's language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from recommendations.pdf import fonts_advice, missing_fonts
from tests.conftest import IN_CI
from tests.factories import PartyFactory, ProgressReportFactory, RecommendationFactory
from tests.pdf import pdf_fonts, pdf_text, pdf_title, pdf_words

pytestmark = pytest.mark.django_db

CONVENTION_AR = "اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية"
RATIFY_AR = "التصديق على " + CONVENTION_AR
STATE_ZH = "巴基斯坦伊斯兰共和国"
RATIFY_ZH = "批准联合国打击跨国有组织犯罪公约"


@pytest.fixture
def party():
    party = PartyFactory(iso3="PDQ", name="Pdqland")
    RecommendationFactory(
        organization__country=party,
        party=party,
        language="ar",
        reference="PDQ-2026-0001",
        title=RATIFY_AR,
        text="ينبغي للدولة أن تصدق على " + CONVENTION_AR + ".",
    )
    RecommendationFactory(
        organization__country=party,
        party=party,
        language="zh-hans",
        reference="PDQ-2026-0002",
        title=RATIFY_ZH,
        text=STATE_ZH + "应当设立证人保护方案。",
    )
    RecommendationFactory(
        organization__country=party,
        party=party,
        language="en",
        reference="PDQ-2026-0003",
        title="Protect witnesses",
        text="Set up a witness protection programme.",
    )
    return party


def _pdf(client, language: str) -> bytes:
    response = client.get(reverse("states:report_pdf", args=["PDQ"]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def _expected_title(language: str) -> str:
    with translation.override(language):
        return translation.gettext("Country report: %(state)s") % {"state": "Pdqland"}


def _require_fonts():
    advice = fonts_advice()
    if advice:
        if IN_CI:
            pytest.fail(advice)
        pytest.skip(advice)


def test_arabic_report_reads_in_logical_order(client, party):
    _require_fonts()
    data = _pdf(client, "ar")
    text = pdf_text(data)
    assert RATIFY_AR in text
    assert "ينبغي للدولة أن تصدق على " + CONVENTION_AR in text
    # the Latin and Chinese content of the same report keeps its own order
    assert "Set up a witness protection programme." in text
    assert RATIFY_ZH in text
    assert pdf_title(data) == _expected_title("ar")
    fonts = pdf_fonts(data)
    assert any("Naskh-Arabic" in f or "NaskhArabic" in f for f in fonts), fonts


def test_arabic_is_laid_out_right_to_left(client, party):
    """The Arabic report runs from the right margin; the English one from the left (A4 is
    595 points wide, the margins 18 mm = 51 points)."""
    _require_fonts()
    title_ar = pdf_words(_pdf(client, "ar"))[:4]
    title_en = pdf_words(_pdf(client, "en"))[:4]
    assert max(x_max for _w, _x, x_max in title_ar) > 520, title_ar
    assert min(x_min for _w, x_min, _x in title_en) < 60, title_en
    assert max(x_max for _w, _x, x_max in title_en) < 400, title_en


def test_chinese_report_has_the_glyphs(client, party):
    _require_fonts()
    data = _pdf(client, "zh-hans")
    text = pdf_text(data)
    assert RATIFY_ZH in text
    assert STATE_ZH + "应当设立证人保护方案。" in text
    assert RATIFY_AR in text
    assert pdf_title(data) == _expected_title("zh-hans")
    fonts = pdf_fonts(data)
    assert any("CJK" in f for f in fonts), fonts


@pytest.mark.parametrize("language", ["en", "fr", "ru", "es"])
def test_every_language_gives_a_readable_report(client, party, language):
    ProgressReportFactory(action__party=party, text="Bureau ouvert à Tachkent, «prêt».")
    data = _pdf(client, language)
    text = pdf_text(data)
    assert "PDQ-2026-0003" in text and "Protect witnesses" in text
    assert pdf_title(data) == _expected_title(language)


def test_missing_fonts_are_named_with_their_package(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    missing_fonts.cache_clear()
    try:
        advice = fonts_advice()
    finally:
        missing_fonts.cache_clear()
    assert "Noto Naskh Arabic" in advice and "fonts-noto-cjk" in advice
    assert "apt-get install -y fonts-noto-cjk fonts-noto-core" in advice
