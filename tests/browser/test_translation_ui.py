"""The translation of a recommendation in a real browser: its filer adds a French
translation on the page; a French visitor reads it, marked as a translation, and
switches to the original in one click; in Arabic the page (with its translation) is
right to left and never scrolls sideways."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from recommendations.services import recommendations as rec_svc
from recommendations.services import translations as svc
from tests.browser.journeys import tab_to
from tests.browser.support import screenshot
from tests.recommendations.filing_support import fresh, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EN_TITLE = "Create a national task force"
FR_TITLE = "Créer un groupe de travail national"
FR_TEXT = "Un groupe de travail national contre la criminalité organisée."
AR_TITLE = "إنشاء فرقة عمل وطنية PAK-2022-0003"


def _visitor(new_page, live_server, language: str, width: int = 1280):
    page = new_page(viewport={"width": width, "height": 800})
    page.context.add_cookies(
        [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    return page


def test_a_french_translation_is_added_read_and_left_for_the_original(
    new_page, live_server, problems
):
    w = make_world()
    rec = rec_svc.recommendation_publish(
        actor=fresh(w.member), recommendation=w.submitted(language="en")
    )
    assert rec.title == EN_TITLE
    url = reverse("recommendations:detail", args=[rec.pk])

    filer = new_page(user=w.member)
    filer.goto(url)
    form = filer.locator("#translations")
    form.get_by_label("Language of the translation").select_option("fr")
    form.get_by_label("Translated title").fill(FR_TITLE)
    form.get_by_label("Translated recommendation").fill(FR_TEXT)
    form.get_by_role("button", name="Save the translation").click()
    filer.wait_for_load_state()
    assert "?text=fr" in filer.url
    assert filer.locator("h1").inner_text() == FR_TITLE
    assert rec.translations.get().title == FR_TITLE
    screenshot(filer, "translation-added-by-the-filer")

    visitor = _visitor(new_page, live_server, "fr")
    visitor.goto(url)
    heading = visitor.locator("h1")
    assert heading.inner_text() == FR_TITLE and heading.get_attribute("lang") == "fr"
    marker = visitor.locator("#text-language")
    assert "Traduction" in marker.inner_text() or "Translation" in marker.inner_text()
    screenshot(visitor, "translation-read-in-french")
    marker.locator("a[href^='?text=original']").click()
    visitor.wait_for_load_state()
    assert visitor.locator("h1").inner_text() == EN_TITLE
    assert visitor.locator("h1").get_attribute("lang") == "en"
    assert visitor.locator("#text-language a[hreflang='fr']").count() == 1  # back, one click
    assert not problems.errors, problems.errors


@pytest.mark.parametrize("width", [1280, 375])
def test_an_arabic_translation_reads_right_to_left_without_overflow(
    new_page, live_server, problems, width
):
    w = make_world()
    rec = rec_svc.recommendation_publish(
        actor=fresh(w.member), recommendation=w.submitted(language="en")
    )
    svc.recommendation_translation_add(
        actor=fresh(w.member),
        recommendation=rec,
        language="ar",
        title=AR_TITLE,
        text="نص التوصية باللغة العربية.",
    )
    page = _visitor(new_page, live_server, "ar", width)
    page.goto(reverse("recommendations:detail", args=[rec.pk]))
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("h1").inner_text() == AR_TITLE
    assert page.locator("h1").get_attribute("lang") == "ar"
    scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    screenshot(page, f"translation-read-in-arabic-{width}")
    assert scroll <= inner, f"{scroll} px wide at {inner} px"
    # the marker and its link to the original sit at the start edge: the right
    marker = page.locator("#text-language").bounding_box()
    assert marker["x"] >= 0 and marker["x"] + marker["width"] <= inner
    page.locator("#text-language a[href^='?text=original']").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == EN_TITLE
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= inner
    assert not problems.errors, problems.errors


def test_the_filer_removes_a_translation_with_the_keyboard_after_asking(new_page, problems):
    """Remove (a link) opens the confirmation page; Tab reaches its button, Enter removes;
    Cancel would go back (the translation stays until then)."""
    w = make_world()
    rec = rec_svc.recommendation_publish(
        actor=fresh(w.member), recommendation=w.submitted(language="en")
    )
    svc.recommendation_translation_add(
        actor=fresh(w.member), recommendation=rec, language="fr", title=FR_TITLE, text=FR_TEXT
    )
    page = new_page(user=w.member)
    page.goto(reverse("recommendations:detail", args=[rec.pk]))
    tab_to(page, "#translations a[href$='/translations/fr/delete/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == (f"Remove the French translation of “{EN_TITLE}”?")
    assert FR_TITLE in page.locator("blockquote[lang=fr]").inner_text()
    assert rec.translations.exists()
    screenshot(page, "translation-removal-asked")
    tab_to(page, "main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not rec.translations.exists()
    assert "The translation into French was removed." in page.locator("main").inner_text()
    assert not problems.errors, problems.errors
