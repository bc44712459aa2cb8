"""Personal data: download what the portal holds, close the account."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.urls import reverse

from consultations.models import Membership, Organization
from consultations.services.organizations import organization_register
from portal.accounts.models import User
from recommendations.models import Recommendation
from tests.accounts.helpers import PASSWORD, mfa_enroll, verified_email
from tests.factories import (
    FocalPersonFactory,
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_profile_shows_roles(client):
    membership = MembershipFactory(role=Membership.Role.COORDINATOR)
    FocalPersonFactory(user=membership.user)
    client.force_login(membership.user)
    html = client.get(reverse("profile")).content.decode()
    assert membership.organization.name in html
    assert "Coordinator" in html and "National focal person" in html


def test_profile_edit_rejects_unknown_time_zone(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("profile"), {"full_name": "A", "language": "fr",
                                                "timezone": "Mars/Olympus"})
    assert response.status_code == 400
    response = client.post(reverse("profile"), {"full_name": "Ana", "language": "fr",
                                                "timezone": "Asia/Karachi"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language, user.timezone) == ("Ana", "fr", "Asia/Karachi")


def test_personal_data_download_has_what_the_portal_holds(client):
    membership = MembershipFactory(role=Membership.Role.COORDINATOR)
    user = membership.user
    verified_email(user)
    mfa_enroll(user)
    RecommendationFactory(organization=membership.organization, created_by=user)
    client.force_login(user)
    response = client.get(reverse("personal_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    records = data["records"]
    assert records["consultations.membership"][0]["organization_id"] == membership.organization_id
    assert "recommendations.recommendation" in records
    assert records["account.emailaddress"][0]["email"] == user.email
    # Authenticators are listed, never their secrets; no password hash anywhere.
    assert all("data" not in row for row in records["mfa.authenticator"])
    assert user.password not in response.content.decode()


def test_personal_data_needs_login(client):
    assert client.get(reverse("personal_data")).status_code == 302


def test_close_account_anonymizes_and_keeps_filed_rows(client):
    membership = MembershipFactory()
    user = membership.user
    org = membership.organization
    verified_email(user)
    mfa_enroll(user)
    rec = RecommendationFactory(organization=org, created_by=user)
    email = user.email
    client.force_login(user)
    response = client.post(reverse("account_close"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active and user.full_name == "" and user.email != email
    assert user.email.endswith("@closed.invalid")
    assert not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    rec = Recommendation.objects.get(pk=rec.pk)
    assert rec.organization_id == org.pk  # stays with the organization
    assert client.get(reverse("profile")).status_code == 302  # signed out
    assert not client.login(email=email, password=PASSWORD)
    # The address can be used again for a new account.
    assert not User.objects.filter(email=email).exists()


def test_close_account_needs_the_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("account_close"), {"password": "nope", "confirm": "on"})
    assert response.status_code == 400
    assert "The password is not correct." in response.content.decode()
    user.refresh_from_db()
    assert user.is_active


def test_last_coordinator_cannot_close_the_account(client):
    user = UserFactory()
    org = organization_register(actor=user, **{
        "name": "Solo NGO", "category": Organization.Category.CIVIL_SOCIETY})
    MembershipFactory(organization=org)  # another member, no other coordinator
    client.force_login(user)
    response = client.post(reverse("account_close"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    assert "last coordinator" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active
    assert Membership.objects.filter(user=user, organization=org).exists()


def test_demo_has_every_role_and_registry_states():
    from django.core.management import call_command

    from consultations.models import Invitation, JoinRequest
    from consultations.roles import roles_of

    call_command("load_demo", stdout=open("/dev/null", "w"))
    call_command("load_demo", stdout=open("/dev/null", "w"))  # idempotent
    users = {u.email.split("@")[0]: u for u in User.objects.filter(
        email__endswith="@demo.untoc.test")}
    assert roles_of(users["unodc.staff"]).is_unodc_staff
    assert roles_of(users["focal.pakistan"]).focal_party_ids
    assert roles_of(users["fia.contact"]).agency_ids
    assert roles_of(users["coordinator.cgr"]).coordinator_org_ids
    assert roles_of(users["member.cso"]).member_org_ids
    for name in ("unodc.staff", "focal.pakistan", "fia.contact", "focal.mexico"):
        assert Authenticator.objects.filter(user=users[name], type="totp").exists()
    assert Organization.objects.filter(status="pending").exists()
    assert Organization.objects.filter(status="rejected").exclude(rejection_reason="").exists()
    assert JoinRequest.objects.filter(status="pending").count() == 1
    assert Invitation.objects.filter(accepted_at__isnull=True).count() == 1
