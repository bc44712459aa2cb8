"""Arabic in a real browser: the right-to-left layout never scrolls sideways (the old
off-screen skip link made every Arabic page 11,279 px wide at 1,280 px)."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.browser.support import screenshot
from tests.factories import RecommendationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_arabic_pages_do_not_overflow(new_page, live_server, problems, width):
    rec = RecommendationFactory(title="مكافحة الاتجار بالأشخاص PAK-2022-0003")
    page = new_page(viewport={"width": width, "height": 800})
    page.context.add_cookies([{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": "ar",
                               "url": live_server.url}])
    for name, url in [("home", reverse("home")),
                      ("recommendations", reverse("recommendations:list")),
                      ("recommendation", reverse("recommendations:detail", args=[rec.pk]))]:
        response = page.goto(url)
        assert response.status < 400, f"{name}: HTTP {response.status}"
        assert page.evaluate("document.documentElement.dir") == "rtl"
        overflow = page.evaluate(
            "[document.scrollingElement.scrollWidth, window.innerWidth]")
        screenshot(page, f"rtl-ar-{name}-{width}")
        assert overflow[0] <= overflow[1], f"{name} at {width} px: {overflow}"
        # The skip link appears at the start edge (the right, in Arabic) when focused.
        page.keyboard.press("Tab")
        box = page.locator(".skip-link").bounding_box()
        assert box["x"] + box["width"] <= overflow[1] and box["x"] >= 0
        assert page.evaluate("document.scrollingElement.scrollWidth") <= overflow[1]
    assert not problems.errors, problems.errors
