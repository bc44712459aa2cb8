"""Invitations (surviving sign-up), join requests, roles and the last coordinator."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from consultations.models import Invitation, JoinRequest, Membership, Organization
from consultations.services.organizations import invitation_create
from portal.accounts.models import User
from portal.notifications.models import Notification
from tests.accounts.helpers import FAST_HASHERS, PASSWORD, link_path
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def coordinator():
    return MembershipFactory(role=Membership.Role.COORDINATOR,
                             user__full_name="Coord Inator")


def test_invitation_link_survives_signup_and_email_verification(
        client, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    org = coordinator.organization
    client.force_login(coordinator.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("organizations:invite", args=[org.pk]),
                               {"email": "Newcomer@Example.org", "role": "member"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["newcomer@example.org"]
    invite_path = link_path(mailoutbox[0].body, "/organizations/invitations/")
    client.logout()

    page = client.get(invite_path)
    assert page.status_code == 200
    assert "Create an account" in page.content.decode()
    response = client.post(reverse("account_signup") + "?next=" + invite_path, {
        "email": "newcomer@example.org", "full_name": "New Comer",
        "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    confirm_path = link_path(mailoutbox[-1].body, "/accounts/confirm-email/")
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert response.url == invite_path  # back on the invitation after verification
    response = client.post(invite_path)
    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.org")
    assert Membership.objects.get(user=user, organization=org).role == "member"
    assert Invitation.objects.get().accepted_by == user
    # The link cannot be used twice.
    again = client.get(invite_path)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_invitation_redirect_via_session_without_next(client, coordinator):
    inv = invitation_create(actor=coordinator.user, organization=coordinator.organization,
                            email="someone@example.org")
    path = reverse("organizations:invitation", args=[inv.token])
    client.get(path)  # anonymous: the token waits in the session
    user = UserFactory(email="someone@example.org")
    from tests.accounts.helpers import verified_email

    verified_email(user)
    response = client.post(reverse("account_login"), {"login": user.email,
                                                      "password": PASSWORD})
    assert response.url == path


def test_inviting_an_existing_user_notifies_them(client, coordinator):
    invitee = UserFactory(email="known@example.org")
    client.force_login(coordinator.user)
    client.post(reverse("organizations:invite", args=[coordinator.organization.pk]),
                {"email": "known@example.org", "role": "coordinator"})
    note = Notification.objects.get(recipient=invitee)
    assert note.kind == "invitation.created" and "/organizations/invitations/" in note.url


def test_invitation_bad_input(client, coordinator):
    org = coordinator.organization
    client.force_login(coordinator.user)
    url = reverse("organizations:invite", args=[org.pk])
    assert client.post(url, {"email": "not-an-email", "role": "member"}).status_code == 400
    response = client.post(url, {"email": coordinator.user.email, "role": "member"})
    assert response.status_code == 400 and "already a member" in response.content.decode()
    client.post(url, {"email": "twice@example.org", "role": "member"})
    response = client.post(url, {"email": "twice@example.org", "role": "member"})
    assert response.status_code == 400 and "open invitation" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_expired_revoked_and_wrong_account_invitations(client, coordinator):
    org = coordinator.organization
    expired = invitation_create(actor=coordinator.user, organization=org,
                                email="late@example.org")
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1))
    late = UserFactory(email="late@example.org")
    client.force_login(late)
    path = reverse("organizations:invitation", args=[expired.token])
    response = client.get(path)
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert client.post(path).status_code == 410
    assert not Membership.objects.filter(user=late).exists()

    revoked = invitation_create(actor=coordinator.user, organization=org,
                                email="gone@example.org")
    client.force_login(coordinator.user)
    client.post(reverse("organizations:invitation_revoke", args=[revoked.pk]))
    client.force_login(UserFactory(email="gone@example.org"))
    response = client.get(reverse("organizations:invitation", args=[revoked.token]))
    assert response.status_code == 410 and "withdrawn" in response.content.decode()

    other = invitation_create(actor=coordinator.user, organization=org,
                              email="right@example.org")
    intruder = UserFactory(email="wrong@example.org")
    client.force_login(intruder)
    response = client.post(reverse("organizations:invitation", args=[other.token]))
    assert response.status_code == 400
    assert "right@example.org" in response.content.decode()
    assert not Membership.objects.filter(user=intruder).exists()
    other.refresh_from_db()
    assert other.accepted_at is None

    assert client.get(reverse("organizations:invitation", args=["nope"])).status_code == 404


def test_join_request_approved(client, coordinator):
    org = coordinator.organization
    applicant = UserFactory(full_name="Would Be")
    client.force_login(applicant)
    response = client.post(reverse("organizations:join", args=[org.pk]),
                           {"message": "I run the legal clinic."})
    assert response.status_code == 302
    jr = JoinRequest.objects.get()
    assert Notification.objects.filter(recipient=coordinator.user,
                                       kind="join_request.created").exists()
    again = client.post(reverse("organizations:join", args=[org.pk]), {"message": ""})
    assert again.status_code == 400 and "already asked" in again.content.decode()
    assert JoinRequest.objects.count() == 1

    client.force_login(coordinator.user)
    page = client.get(reverse("organizations:members", args=[org.pk]))
    assert "I run the legal clinic." in page.content.decode()
    response = client.post(reverse("organizations:join_request_decide",
                                   args=[jr.pk, "approve"]))
    assert response.status_code == 302
    assert Membership.objects.get(user=applicant, organization=org).role == "member"
    jr.refresh_from_db()
    assert jr.status == JoinRequest.Status.APPROVED
    assert Notification.objects.filter(recipient=applicant,
                                       kind="join_request.approved").exists()


def test_join_request_declined(client, coordinator):
    jr = JoinRequest.objects.create(organization=coordinator.organization, user=UserFactory())
    client.force_login(coordinator.user)
    client.post(reverse("organizations:join_request_decide", args=[jr.pk, "decline"]))
    jr.refresh_from_db()
    assert jr.status == JoinRequest.Status.DECLINED
    assert not Membership.objects.filter(user=jr.user).exists()


def test_join_request_to_rejected_organization_is_404_for_outsiders(client):
    """A rejected organization is seen by UNODC staff and its members only (security.md)."""
    org = OrganizationFactory(status=Organization.Status.REJECTED, rejection_reason="x")
    client.force_login(UserFactory())
    url = reverse("organizations:join", args=[org.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"message": "let me in"}).status_code == 404
    assert not JoinRequest.objects.exists()


def test_join_request_to_rejected_organization_gets_a_clear_message(client):
    org = OrganizationFactory(status=Organization.Status.REJECTED, rejection_reason="x")
    client.force_login(UserFactory(is_unodc_staff=True))
    url = reverse("organizations:join", args=[org.pk])
    page = client.get(url)
    assert "registration was rejected" in page.content.decode()
    response = client.post(url, {"message": "let me in"})
    assert response.status_code == 400
    assert "registration was rejected" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_join_request_to_pending_organization_is_404(client):
    org = OrganizationFactory(status=Organization.Status.PENDING)
    client.force_login(UserFactory())
    assert client.post(reverse("organizations:join", args=[org.pk])).status_code == 404


def test_last_coordinator_cannot_be_removed_or_demoted(client, coordinator):
    org = coordinator.organization
    member = MembershipFactory(organization=org)
    client.force_login(coordinator.user)
    response = client.post(reverse("organizations:membership_remove", args=[coordinator.pk]))
    assert response.status_code == 400
    assert "last coordinator" in response.content.decode()
    response = client.post(reverse("organizations:membership_role", args=[coordinator.pk]),
                           {"role": "member"})
    assert response.status_code == 400
    assert "at least one coordinator" in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.role == "coordinator"

    # Promote someone else first: then the first coordinator may step down and leave.
    response = client.post(reverse("organizations:membership_role", args=[member.pk]),
                           {"role": "coordinator"})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=member.user,
                                       kind="membership.role_changed").exists()
    response = client.post(reverse("organizations:membership_remove", args=[coordinator.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=coordinator.pk).exists()


def test_the_api_obeys_the_last_coordinator_rule_too(coordinator):
    """The same service rule as the web form above: the API refuses, with the message."""
    MembershipFactory(organization=coordinator.organization)
    api = APIClient()
    api.force_authenticate(coordinator.user)
    url = f"/api/v1/memberships/{coordinator.pk}/"
    # the organization's situation refuses a well-formed request: a conflict (409)
    response = api.patch(url, {"role": "member"}, format="json")
    assert response.status_code == 409
    assert "at least one coordinator" in str(response.json()["error"])
    response = api.delete(url)
    assert response.status_code == 409
    assert "last coordinator" in response.json()["error"]["message"]
    coordinator.refresh_from_db()
    assert coordinator.role == "coordinator"


def test_coordinator_removes_member_and_member_leaves(client, coordinator):
    org = coordinator.organization
    removed = MembershipFactory(organization=org)
    leaver = MembershipFactory(organization=org)
    client.force_login(coordinator.user)
    assert client.post(reverse("organizations:membership_remove",
                               args=[removed.pk])).status_code == 302
    assert Notification.objects.filter(recipient=removed.user,
                                       kind="membership.removed").exists()
    client.force_login(leaver.user)
    response = client.post(reverse("organizations:membership_remove", args=[leaver.pk]))
    assert response.status_code == 302
    assert list(Membership.objects.filter(organization=org)) == [coordinator]


def test_members_page_query_budget(client, coordinator, django_assert_max_num_queries):
    org = coordinator.organization
    client.force_login(coordinator.user)
    url = reverse("organizations:members", args=[org.pk])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    MembershipFactory.create_batch(8, organization=org)
    for n in range(5):
        JoinRequest.objects.create(organization=org, user=UserFactory())
        invitation_create(actor=coordinator.user, organization=org, email=f"i{n}@example.org")
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
