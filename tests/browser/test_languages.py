"""The key pages of every role in the six languages, in a real browser, at a desktop
(1,280 px) and a phone (375 px) width: no sideways scrolling, no serious or critical axe
violation, valid HTML (the Nu checker, over the bytes the browser received), and in
Arabic a mirrored layout. Screenshots are kept under var/artifacts/languages/.

One browser, one context per role (signed in once), the language switched by cookie and
the width by resizing the same page: every page is loaded once per language.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse

from tests.browser.pages import demo_user
from tests.browser.support import ROOT, VNU, axe_violations, need, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Under the run's own var/ (two runs side by side never validate each other's pages).
ARTIFACTS = Path(django_settings.VAR_DIR) / "artifacts" / "languages"
LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
WIDTHS = [1280, 375]


def pages_by_role() -> dict[str | None, list[tuple[str, str]]]:
    """The key pages of each role (None: a visitor), after the demo data is loaded."""
    from consultations.models import Event, PilotInitiative
    from recommendations.models import Recommendation

    rec = Recommendation.objects.get(reference="PAK-2022-0001")
    event = Event.objects.get(title="Launch of the Pakistan pilot initiative")
    pilot = PilotInitiative.objects.get(party__iso3="PAK")
    return {
        None: [
            ("home", reverse("home")),
            ("recommendations", reverse("recommendations:list")),
            ("recommendation", reverse("recommendations:detail", args=[rec.pk])),
            ("pilot", reverse("pilots:detail", args=[pilot.pk])),
            ("event", reverse("events:detail", args=[event.pk])),
            ("sign-in", reverse("account_login")),
        ],
        "coordinator": [("filing-form", reverse("recommendations:create"))],
        "focal": [("focal-queue", reverse("recommendations:queue"))],
        "staff": [("dashboard", reverse("dashboard:staff"))],
    }


def _layout(page) -> dict:
    return page.evaluate(
        """() => {
            const brand = document.querySelector('.site-header__brand').getBoundingClientRect();
            const items = [...document.querySelectorAll('.site-nav li')]
                .map(li => li.getBoundingClientRect());
            return {scroll: document.scrollingElement.scrollWidth, width: window.innerWidth,
                    dir: document.documentElement.dir, lang: document.documentElement.lang,
                    brandCentre: brand.left + brand.width / 2,
                    firstItem: items[0] && {left: items[0].left, top: items[0].top},
                    secondItem: items[1] && {left: items[1].left, top: items[1].top}};
        }"""
    )


def _mirroring_problem(code: str, layout: dict) -> str | None:
    rtl = code == "ar"
    if layout["dir"] != ("rtl" if rtl else "ltr"):
        return f"dir={layout['dir']}"
    if layout["width"] < 1000:
        return None  # the phone layout stacks the brand and the menu
    brand_on_right = layout["brandCentre"] > layout["width"] / 2
    if brand_on_right != rtl:
        return f"brand centred at {layout['brandCentre']:.0f} px of {layout['width']}"
    first, second = layout["firstItem"], layout["secondItem"]
    if first and second and abs(first["top"] - second["top"]) < 2:
        if (first["left"] > second["left"]) != rtl:
            return f"menu order {first['left']:.0f} then {second['left']:.0f}"
    return None


def test_key_pages_in_six_languages_at_two_widths(browser, live_server, problems):
    need(VNU.exists(), "the Nu HTML Checker is not installed (npm install)")
    need(shutil.which("java") is not None, "Java is needed to run the Nu HTML Checker")
    call_command("load_demo", stdout=open("/dev/null", "w"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    failures: dict[str, list] = {}
    sources: dict[str, str] = {}
    for role, pages in pages_by_role().items():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": WIDTHS[0], "height": 900}
        )
        if role is not None:
            sign_in(context, demo_user(role), live_server.url)
        page = context.new_page()
        page.set_default_timeout(20_000)
        problems.attach(page)
        for code in LANGUAGES:
            context.add_cookies(
                [
                    {
                        "name": django_settings.LANGUAGE_COOKIE_NAME,
                        "value": code,
                        "url": live_server.url,
                    }
                ]
            )
            for name, url in pages:
                label = f"{name}-{code}"
                page.set_viewport_size({"width": WIDTHS[0], "height": 900})
                response = page.goto(url)
                if response.status >= 400:
                    failures[label] = [f"HTTP {response.status}"]
                    continue
                path = ARTIFACTS / f"{label}.html"
                path.write_bytes(response.body())
                sources[str(path)] = label
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    layout = _layout(page)
                    found = []
                    if layout["lang"] != code:
                        found.append(f"lang={layout['lang']}")
                    if layout["scroll"] > layout["width"]:
                        found.append(f"{layout['scroll']} px wide at {width} px")
                    mirroring = _mirroring_problem(code, layout)
                    if mirroring:
                        found.append(mirroring)
                    found += axe_violations(page)
                    page.screenshot(path=str(ARTIFACTS / f"{label}-{width}.png"), full_page=True)
                    if found:
                        failures[f"{label}-{width}"] = found
        context.close()
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", *sources],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout or "{}").get("messages", [])
    (ARTIFACTS / "vnu.json").write_text(json.dumps(messages, indent=1))
    for m in messages:
        if m.get("type") == "error":
            label = sources.get(m.get("url", "").removeprefix("file:"), m.get("url"))
            failures.setdefault(label, []).append(f"HTML line {m.get('lastLine')}: {m['message']}")
    (ARTIFACTS / "failures.json").write_text(json.dumps(failures, ensure_ascii=False, indent=1))
    assert len(sources) == sum(len(p) for p in pages_by_role().values()) * len(LANGUAGES)
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)[:6000]
    assert not problems.errors, problems.errors


def test_artifacts_stay_out_of_git():
    ignored = (ROOT / ".gitignore").read_text().split()
    assert "var/" in ignored
    assert Path(ARTIFACTS).is_relative_to(ROOT / "var") or not Path(ARTIFACTS).is_relative_to(ROOT)
