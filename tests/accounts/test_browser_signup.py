"""In a real browser: sign up, verify the e-mail, ask to join an organization, get
approved. Chromium through Playwright (skipped with the reason where it is missing)."""

import pytest
from django.core import mail

from consultations.models import JoinRequest, Membership
from consultations.services.organizations import join_request_decide
from tests.accounts.helpers import PASSWORD, link_path
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_verify_and_join_in_a_browser(new_page, problems, live_server):
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR,
                                    organization__name="Indus Centre for Victim Support")
    org = coordinator.organization
    page = new_page()
    errors = []  # console errors with their source (the missing favicon is not ours)
    page.on("console", lambda m: m.type == "error" and errors.append(m.location["url"]))
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", "browser.person@example.org")
    page.fill("input[name=full_name]", "Browser Person")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/confirm-email/" in page.url

    confirm = link_path(mail.outbox[-1].body, "/accounts/confirm-email/")
    page.goto(confirm)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto("/organizations/")
    page.get_by_role("link", name="Indus Centre for Victim Support").click()
    page.get_by_role("link", name="Ask to join").click()
    page.fill("textarea[name=message]", "I volunteer at the legal clinic.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/organizations/mine/")
    assert "Pending" in page.inner_text("main")

    join_request_decide(actor=coordinator.user, join_request=JoinRequest.objects.get(),
                        approve=True)
    page.reload()
    assert "Indus Centre for Victim Support" in page.inner_text("main table")
    assert Membership.objects.filter(user__email="browser.person@example.org",
                                     organization=org).exists()
    assert [url for url in errors if not url.endswith("/favicon.ico")] == []
    assert len(problems.errors) == len(errors), problems.errors
