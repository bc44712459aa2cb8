"""Two-factor authentication is required for focal persons, agency contacts and UNODC
staff: until they enroll they reach only the enrollment pages, on the web and the API."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.accounts.helpers import PASSWORD, mfa_enroll, totp_code, verified_email
from tests.factories import (
    AgencyContactFactory,
    FocalPersonFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def enforce(settings):
    settings.MFA_ENFORCE = True


def _login(client, user):
    verified_email(user)
    response = client.post(reverse("account_login"), {"login": user.email,
                                                      "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("make_user", [
    lambda: FocalPersonFactory().user,
    lambda: AgencyContactFactory().user,
    lambda: UserFactory(is_unodc_staff=True),
], ids=["focal_person", "agency_contact", "unodc_staff"])
def test_roles_requiring_mfa_reach_only_enrollment(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.get(reverse("organizations:directory"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
    api = client.get("/api/recommendations/")
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "mfa_required"
    # The enrollment area, sign-out and static files stay reachable.
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


def test_plain_members_are_not_forced(client):
    member = MembershipFactory().user
    client.force_login(member)
    assert client.get(reverse("organizations:directory")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200  # offered to everybody


def test_focal_person_enrolls_and_then_gets_in(client):
    user = FocalPersonFactory().user
    _login(client, user)
    assert client.get(reverse("profile")).status_code == 302
    # allauth asks for the password again before adding an authenticator.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    response = client.post(response.url, {"password": PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "site-header" in html and "data:image/svg+xml" in html
    secret = page.context["form"].secret
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200 and not Authenticator.objects.filter(user=user).exists()
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert Authenticator.objects.filter(user=user, type="recovery_codes").exists()
    assert client.get(reverse("profile")).status_code == 200
    assert client.get(reverse("organizations:directory")).status_code == 200


def test_enrolled_official_signs_in_with_a_code(client):
    user = FocalPersonFactory().user
    secret = mfa_enroll(user)
    verified_email(user)
    response = client.post(reverse("account_login"), {"login": user.email,
                                                      "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("profile")).status_code == 302  # not signed in yet
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("profile")).status_code == 200
    assert client.get(reverse("organizations:queue")).status_code == 403


def test_enforcement_can_be_switched_off_for_tests_only(client, settings):
    settings.MFA_ENFORCE = False
    client.force_login(FocalPersonFactory().user)
    assert client.get(reverse("organizations:directory")).status_code == 200
