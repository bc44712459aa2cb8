"""Steps shared by the browser journeys: signing in as a person does (with the
authenticator code for roles that need two-factor login), keyboard-only helpers."""

from __future__ import annotations

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from portal.accounts.models import User
from recommendations.demo import DEMO_PASSWORD, enrolled_totp_secret


def totp_code(email: str) -> str:
    """The current code of the authenticator that load_demo enrolled (its secret is
    random per installation: read from the database, as allauth stored it)."""
    secret = enrolled_totp_secret(User.objects.get(email=email))
    assert secret, f"{email} has no authenticator: run load_demo first"
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(page, email: str, *, mfa: bool = False) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    if mfa:
        assert "/2fa/authenticate" in page.url, page.url
        # A code read in the last seconds of its 30 s window can reach the server in the
        # next one (refused: allauth accepts the current window only), and a code is
        # accepted once: wait for a fresh window, and try once more in the next.
        for _attempt in range(2):
            if time.time() % 30 > 24:
                time.sleep(30.5 - time.time() % 30)
            page.locator("input[name=code]").fill(totp_code(email))
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state()
            if "/2fa/authenticate" not in page.url:
                break
            time.sleep(30.5 - time.time() % 30)
        assert "/2fa/authenticate" not in page.url, page.inner_text("main")
    assert "/accounts/login" not in page.url, page.inner_text("main")


def tab_to(page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def invite_to_cosign(page, rec_pk: int, organization: str) -> None:
    """The filer invites an organization from the recommendation's page."""
    page.goto(f"/recommendations/{rec_pk}/")
    page.get_by_label("Organization to invite").select_option(label=organization)
    page.get_by_role("button", name="Invite to co-sign").click()
    page.wait_for_load_state()


def confirm_cosignature(page, rec_pk: int) -> None:
    page.goto(f"/recommendations/{rec_pk}/")
    page.get_by_role("button", name="Confirm co-signature").click()
    page.wait_for_load_state()


def my_work_section(page, heading: str) -> str:
    """The text of one section of the "my work" page (the landing page after sign-in)."""
    page.goto("/my-work/")
    section = page.locator("section.work-section", has=page.get_by_role(
        "heading", name=heading, exact=False))
    assert section.count() == 1, f"no section {heading!r} on my work"
    return section.inner_text()


def deliver_mail() -> list:
    """Send what is due now, as an operator would (the tests run no worker), and return
    the e-mails sent so far."""
    from io import StringIO

    from django.core import mail
    from django.core.management import call_command

    call_command("notifications_deliver", stdout=StringIO())
    return list(mail.outbox)
