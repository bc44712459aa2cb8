"""Fixtures and helpers of the browser tests (a pytest plugin loaded by tests/conftest.py,
so that one Playwright instance serves every test module).

Browser tests: Playwright driving Debian's Chromium against a live server.

Nothing is downloaded: Chromium is /usr/bin/chromium (``CHROMIUM_PATH`` overrides),
axe-core and the Nu HTML Checker come from ``npm install`` (package.json). Missing
tools skip these tests with the reason on a developer's machine and fail them in CI.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.conftest import IN_CI  # noqa: I001

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: Screenshots and the HTML checker's report; CI points the PostgreSQL run elsewhere, as
#: it runs beside the SQLite one.
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR") or ROOT / "test-artifacts")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def need(condition: bool, reason: str) -> None:
    if not condition:
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    need(CHROMIUM.exists(), f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "Playwright for Python is not installed (make test installs it)")
    # Playwright's sync API runs an event loop in this thread; the test itself only uses
    # the ORM between browser steps, which is safe. Restored afterwards, so that
    # subprocesses started by later tests do not inherit it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class PageProblems:
    """Console errors (including CSP violations) and failed requests seen by a page."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def attach(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("response", self._response)

    def _console(self, message) -> None:
        # Chromium logs every 4xx/5xx load as a console error; those are judged in
        # _response, where a page answering 400 to bad input is expected.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _response(self, response) -> None:
        is_page = response.request.resource_type == "document"
        if response.status >= 500 or (response.status >= 400 and not is_page):
            self.errors.append(f"{response.status} {response.url}")


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def new_page(browser, live_server, problems):
    """Open pages on the live server: new_page(user=None, viewport=None, javascript=True)."""
    contexts = []

    def make(user=None, viewport=None, javascript=True):
        options = {"base_url": live_server.url, "locale": "en-GB",
                   "java_script_enabled": javascript}
        if viewport:
            options["viewport"] = viewport
        context = browser.new_context(**options)
        contexts.append(context)
        if user is not None:
            sign_in(context, user, live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        problems.attach(page)
        return page

    yield make
    for context in contexts:
        context.close()


def sign_in(context, user, url: str) -> None:
    """Give a browser context a session of ``user`` (no sign-in form, no second factor)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": url}])


def screenshot(page, name: str) -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    need(AXE.exists(), "axe-core is not installed (npm install)")
    # Evaluated through the DevTools protocol, so the page's CSP stays enforced.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in impacts
    ]
