"""Sign-up with mandatory e-mail verification, login by e-mail, password reset and
change, e-mail change: allauth's flows, in the portal's own layout."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from portal.accounts.models import User
from tests.accounts.helpers import PASSWORD, link_path, verified_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _signup(client, email="new.person@example.org", **extra):
    return client.post(reverse("account_signup"), {
        "email": email, "full_name": "New Person", "password1": PASSWORD,
        "password2": PASSWORD, **extra})


def test_signup_requires_email_verification_then_logs_in(client, mailoutbox):
    response = _signup(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "New Person"
    assert not EmailAddress.objects.get(user=user).verified
    # Not signed in until the address is verified.
    assert client.get(reverse("profile")).status_code == 302

    assert len(mailoutbox) == 1
    path = link_path(mailoutbox[0].body, "/accounts/confirm-email/")
    page = client.get(path)
    assert page.status_code == 200
    assert "site-header" in page.content.decode()  # the portal's layout
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("profile")).status_code == 200


def test_login_by_email_after_verification(client):
    user = UserFactory(email="someone@example.org")
    verified_email(user)
    response = client.post(reverse("account_login"),
                           {"login": "someone@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("profile")).status_code == 200


def test_unverified_user_cannot_log_in(client, mailoutbox):
    UserFactory(email="unverified@example.org")
    EmailAddress.objects.create(user=User.objects.get(email="unverified@example.org"),
                                email="unverified@example.org", verified=False, primary=True)
    response = client.post(reverse("account_login"),
                           {"login": "unverified@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("profile")).status_code == 302


def test_wrong_password_shows_error_in_portal_layout(client):
    UserFactory(email="someone@example.org")
    response = client.post(reverse("account_login"),
                           {"login": "someone@example.org", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html and "site-header" in html
    assert html.count("<h1") == 1


def test_duplicate_signup_is_refused_without_leaking(client, mailoutbox):
    UserFactory(email="taken@example.org")
    response = _signup(client, email="taken@example.org")
    # allauth's enumeration prevention: the same "check your e-mail" answer.
    assert response.status_code == 302
    assert User.objects.filter(email="taken@example.org").count() == 1


def test_password_reset_flow(client, mailoutbox):
    user = UserFactory(email="forgot@example.org")
    verified_email(user)
    response = client.post(reverse("account_reset_password"), {"email": "forgot@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    path = link_path(mailoutbox[0].body, "/accounts/password/reset/key/")
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_path, {"password1": "a brand new passphrase",
                                       "password2": "a brand new passphrase"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")


def test_password_change(client):
    user = UserFactory(email="change@example.org")
    verified_email(user)
    client.force_login(user)
    response = client.post(reverse("account_change_password"), {
        "oldpassword": PASSWORD, "password1": "another long passphrase",
        "password2": "another long passphrase"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another long passphrase")


def test_email_change_sends_verification(client, mailoutbox):
    user = UserFactory(email="old@example.org")
    verified_email(user)
    client.force_login(user)
    response = client.post(reverse("account_email"),
                           {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    assert any("new@example.org" in m.to for m in mailoutbox)
    assert EmailAddress.objects.filter(user=user, email="new@example.org",
                                       verified=False).exists()


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_allauth_pages_render_in_the_portal_layout(client, name):
    html = client.get(reverse(name)).content.decode()
    assert "site-header" in html and "site-footer" in html
    assert html.count("<h1") == 1
    assert 'class="button' in html


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/consultations/organization/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=%2Fadmin%2Fconsultations%2Forganization%2F" in response.url
    # An anonymous visit to the admin ends up at allauth's sign-in too.
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_signed_in_non_staff_get_403_from_the_admin_not_a_loop(client):
    client.force_login(UserFactory())
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2


def test_staff_reach_the_admin_after_signing_in_through_allauth(client):
    staff = UserFactory(is_staff=True, email="admin@example.org")
    verified_email(staff)
    response = client.post(reverse("account_login") + "?next=/admin/",
                           {"login": "admin@example.org", "password": PASSWORD})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_login_redirect_refuses_external_next(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert "evil" not in response.url


def test_failed_logins_are_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/key"}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "rate-limit-test"}}
    UserFactory(email="target@example.org")
    pages = [client.post(reverse("account_login"),
                         {"login": "target@example.org", "password": "wrong"}).content.decode()
             for _ in range(4)]
    assert ["Too many failed login attempts" in p for p in pages] == [False, False, False,
                                                                       True]
    response = client.post(reverse("account_login"),
                           {"login": "target@example.org", "password": PASSWORD})
    assert response.status_code == 200  # even the right password waits
    assert "Too many failed login attempts" in response.content.decode()


def test_rate_limits_follow_the_setting(settings):
    from allauth.account import app_settings

    assert app_settings.RATE_LIMITS == {}  # off in this test environment
    settings.ACCOUNT_RATE_LIMITS = {}
    assert app_settings.RATE_LIMITS["login_failed"]  # allauth's defaults when on


def test_production_settings_use_redis_for_the_rate_limit_cache(monkeypatch):
    import importlib

    import config.settings as portal_settings

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    try:
        reloaded = importlib.reload(portal_settings)
        assert reloaded.CACHES["default"]["BACKEND"].endswith("RedisCache")
    finally:
        monkeypatch.undo()
        importlib.reload(portal_settings)


def test_password_advice_is_plain_text_in_a_hint(client):
    html = client.get(reverse("account_signup")).content.decode()
    hint = html.split('id="id_password1-hint"', 1)[1].split("</span>", 1)[0]
    assert "<ul" not in hint and "characters" in hint
