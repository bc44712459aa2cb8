"""Every form that checks a password or a code allows as many tries as sign-in: the
portal's own (close account, API token creation) through portal.core.ratelimit, allauth's
(password change, e-mail management, reauthentication, two-factor codes) through
ACCOUNT_RATE_LIMITS. pyproject's test environment turns limits off: these tests turn
them on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.accounts.models import ApiToken, User
from portal.core import ratelimit
from tests.accounts.helpers import PASSWORD, verified_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
MESSAGE = "Too many attempts. Wait a few minutes, then try again."


@pytest.fixture
def limits_on(settings):
    settings.ACCOUNT_RATE_LIMITS_ENABLED = True
    # as config/settings.py builds it when the limits are on
    settings.ACCOUNT_RATE_LIMITS = {action: settings.PASSWORD_ATTEMPTS_RATE for action in
                                    ("change_password", "manage_email", "reauthenticate")}
    return settings


@pytest.fixture
def person(client):
    user = UserFactory(email="person@example.org")
    verified_email(user)
    client.force_login(user)
    return user


def _close(client, password):
    return client.post(reverse("account_close"), {"password": password, "confirm": "on"})


def test_close_account_stops_password_guessing(client, person, limits_on):
    for _ in range(5):
        response = _close(client, "wrong guess")
        assert response.status_code == 400
        assert "The password is not correct." in response.content.decode()
    response = _close(client, "wrong guess")
    assert response.status_code == 429
    assert response.context["form"].errors["password"] == [MESSAGE]
    # the right password does not get through either until the limit passes
    response = _close(client, PASSWORD)
    assert response.status_code == 429
    person.refresh_from_db()
    assert person.is_active and person.email == "person@example.org"


def test_close_account_limit_is_per_account(client, person, limits_on):
    for _ in range(6):
        _close(client, "wrong guess")
    other = UserFactory(email="other@example.org")
    verified_email(other)
    client.force_login(other)
    assert _close(client, "wrong guess").status_code == 400


def test_close_account_success_clears_the_count(client, person, limits_on):
    for _ in range(4):
        _close(client, "wrong guess")
    response = _close(client, PASSWORD)
    assert response.status_code == 302
    assert not User.objects.get(pk=person.pk).is_active


def test_limits_off_in_the_test_environment_by_default(client, person):
    for _ in range(8):
        assert _close(client, "wrong guess").status_code == 400


def test_api_token_creation_is_limited(client, person, limits_on):
    url = reverse("api_token_create")
    for n in range(5):
        assert client.post(url, {"name": f"script {n}"}).status_code == 201
    response = client.post(url, {"name": "one more"})
    assert response.status_code == 429
    assert response.context["form"].errors["name"] == [MESSAGE]
    assert ApiToken.objects.filter(user=person).count() == 5


def test_password_change_is_limited_like_sign_in(client, person, limits_on):
    url = reverse("account_change_password")
    data = {"oldpassword": "wrong guess", "password1": "N3w-passw0rd!x",
            "password2": "N3w-passw0rd!x"}
    codes = [client.post(url, data).status_code for _ in range(6)]
    assert codes[:5] == [200] * 5 and codes[5] == 429


def test_email_management_is_limited_like_sign_in(client, person, limits_on):
    url = reverse("account_email")
    codes = [client.post(url, {"action_add": "", "email": f"new{n}@example.org"}).status_code
             for n in range(6)]
    assert set(codes[:5]) <= {200, 302} and codes[5] == 429


def test_rate_limited_form_status():
    from django import forms

    class F(forms.Form):
        name = forms.CharField()

    form = F({"name": ""})
    assert not form.is_valid() and ratelimit.status_for(form) == 400
    form = F({"name": "x"})
    form.is_valid()
    form.add_error("name", forms.ValidationError(MESSAGE, code=ratelimit.RATE_LIMITED))
    assert ratelimit.status_for(form) == 429


def test_the_api_answers_429_for_a_code_tried_too_often(limits_on):
    """Accepting an invitation checks a code (the token of the e-mail's link)."""
    from rest_framework.test import APIClient

    from consultations.models import Invitation, Membership
    from tests.factories import MembershipFactory

    person = UserFactory(email="invitee@example.org")
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR)
    invitation = Invitation.objects.create(organization=coordinator.organization,
                                           email=person.email, invited_by=coordinator.user)
    client = APIClient()
    client.force_authenticate(person)
    url = "/api/v1/invitations/accept/"
    codes = [client.post(url, {"token": f"guess-{n}"}, format="json").status_code
             for n in range(6)]
    assert codes == [404] * 5 + [429]
    response = client.post(url, {"token": invitation.token}, format="json")
    assert response.status_code == 429
    assert response.json()["error"]["message"] == MESSAGE
    assert not Membership.objects.filter(user=person).exists()
