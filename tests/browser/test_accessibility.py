"""axe-core in a real browser on every key page: no serious or critical violation,
no console error (a CSP violation is one), no server error."""

import pytest
from django.core.management import call_command

from tests.browser.pages import demo_user, key_pages
from tests.browser.support import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_key_pages_have_no_serious_accessibility_violations(new_page, problems):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    failures = {}
    for name, role, url in key_pages():
        page = new_page(user=demo_user(role))
        response = page.goto(url)
        assert response.status < 400, f"{name}: HTTP {response.status}"
        screenshot(page, name)
        violations = axe_violations(page)
        if violations:
            failures[name] = violations
        page.context.close()
    assert not failures, failures
    assert not problems.errors, problems.errors


def test_forms_with_errors_are_accessible(new_page, problems):
    page = new_page()
    page.goto("/accounts/signup/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    screenshot(page, "sign-up-with-errors")
    assert axe_violations(page) == []
    assert not problems.errors, problems.errors
