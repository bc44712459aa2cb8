"""Invitations to organizations through the API, as on the web: coordinators (and UNODC
staff) invite by e-mail, list and withdraw their organization's invitations; members of
the organization find it but are refused (403); anybody else does not find it (404); the
invited person accepts with the link's token. Tokens are never shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import Invitation, Membership, Organization
from consultations.services import organizations as org_services
from portal.notifications.models import Notification
from tests.api.conftest import ROLES, error_of, token_client
from tests.factories import UserFactory
from tests.recommendations.filing_support import fresh

pytestmark = pytest.mark.django_db


def call(client, method: str, url: str, data=None):
    response = (getattr(client, method)(url) if data is None
                else getattr(client, method)(url, data, format="json"))
    assert response.status_code < 500, (method, url, response.content[:500])
    if response.status_code >= 400:
        error_of(response)
    return response


def invite(world, org=None, email="invitee@example.org", role="member", actor=None):
    return org_services.invitation_create(actor=fresh(actor or world.staff),
                                          organization=org or world.org, email=email,
                                          role=role)


# web matrix of the org's invitations (tests/consultations/test_permissions_matrix.py)
ORG_MATRIX = {"anonymous": 401, "member": 403, "coordinator": None, "other_member": 404,
              "focal": 404, "other_focal": 404, "agency": 404, "staff": None}


def test_create_coordinators_and_staff(world, api, django_capture_on_commit_callbacks):
    url = f"/api/v1/organizations/{world.org.pk}/invitations/"
    got = {}
    with django_capture_on_commit_callbacks(execute=True):
        for role in ROLES:
            got[role] = call(api(role), "post", url, {"email": f"New.{role}@Example.org",
                                                      "role": "coordinator"}).status_code
    assert got == {role: 201 if ok is None else ok for role, ok in ORG_MATRIX.items()}
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "new.coordinator@example.org", "new.staff@example.org"]
    assert len(mail.outbox) == 2  # nobody has an account yet: an e-mail each
    body = call(api("coordinator"), "post", url, {"email": world.other_member.email}).json()
    assert body["organization"] == {"id": world.org.pk, "name": world.org.name,
                                    "acronym": world.org.acronym}
    assert body["role"] == "member" and body["state"] == "open"
    assert body["invited_by"] == world.coordinator.pk
    assert "token" not in body
    # somebody with an account is told in the portal
    assert Notification.objects.filter(recipient=world.other_member,
                                       kind="invitation.created").exists()
    # another organization's coordinator does not find it; staff invite anywhere
    other_url = f"/api/v1/organizations/{world.other_org.pk}/invitations/"
    assert call(api("coordinator"), "post", other_url,
                {"email": "x@example.org"}).status_code == 404
    assert call(api("staff"), "post", other_url,
                {"email": "x@example.org"}).status_code == 201
    assert call(api("staff"), "post", "/api/v1/organizations/999999/invitations/",
                {"email": "x@example.org"}).status_code == 404


def test_rejected_organization_takes_no_invitations(world, api):
    Organization.objects.filter(pk=world.org.pk).update(status=Organization.Status.REJECTED)
    response = call(api("coordinator"), "post",
                    f"/api/v1/organizations/{world.org.pk}/invitations/",
                    {"email": "late@example.org"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("make, field", [
    (lambda w: {"email": "not an address"}, "email"),
    (lambda w: {}, "email"),
    (lambda w: {"email": "x@example.org", "role": "owner"}, "role"),
])
def test_create_bad_input_is_400(world, api, make, field):
    invite(world)
    response = call(api("coordinator"), "post",
                    f"/api/v1/organizations/{world.org.pk}/invitations/", make(world))
    assert response.status_code == 400
    assert field in error_of(response)["fields"]


@pytest.mark.parametrize("make", [
    lambda w: {"email": w.member.email.upper()},  # already a member
    lambda w: {"email": "invitee@example.org"},  # already invited
])
def test_create_a_duplicate_is_a_409_naming_the_field(world, api, make):
    invite(world)
    response = call(api("coordinator"), "post",
                    f"/api/v1/organizations/{world.org.pk}/invitations/", make(world))
    assert response.status_code == 409
    assert error_of(response)["code"] == "conflict"
    assert "email" in error_of(response)["fields"]
    assert Invitation.objects.count() == 1


def test_list_only_the_organizations_one_coordinates(world, api):
    mine = invite(world, email="a@example.org")
    theirs = invite(world, org=world.other_org, email="b@example.org")
    url = "/api/v1/invitations/"
    listed = {}
    for role in ROLES:
        response = call(api(role), "get", url)
        listed[role] = (response.status_code,
                        [i["id"] for i in response.json().get("results", [])])
    assert listed == {
        "anonymous": (401, []), "member": (200, []), "coordinator": (200, [mine.pk]),
        "other_member": (200, []), "focal": (200, []), "other_focal": (200, []),
        "agency": (200, []), "staff": (200, [theirs.pk, mine.pk])}
    row = api("coordinator").get(url).json()["results"][0]
    assert "token" not in row and mine.token not in str(row)


def test_list_filters(world, api):
    opened = invite(world, email="open@example.org")
    revoked = invite(world, email="revoked@example.org")
    org_services.invitation_revoke(actor=fresh(world.staff), invitation=revoked)
    expired = invite(world, email="expired@example.org", role="coordinator")
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - dt.timedelta(days=1))
    accepted = invite(world, email=world.other_member.email)
    org_services.invitation_accept(actor=fresh(world.other_member), token=accepted.token)
    other = invite(world, org=world.other_org, email="other@example.org")

    def ids(**params):
        response = call(api("staff"), "get", "/api/v1/invitations/", params)
        assert response.status_code == 200
        return {i["id"]: i["state"] for i in response.json()["results"]}

    assert ids(state="open") == {opened.pk: "open", other.pk: "open"}
    assert ids(state="revoked") == {revoked.pk: "revoked"}
    assert ids(state="expired") == {expired.pk: "expired"}
    assert ids(state="accepted") == {accepted.pk: "accepted"}
    assert set(ids(organization=world.other_org.pk)) == {other.pk}
    assert set(ids(role="coordinator")) == {expired.pk}
    assert set(ids(email="OPEN@example.org")) == {opened.pk}
    for bad in ({"state": "lost"}, {"role": "owner"}, {"organization": "x"}):
        assert call(api("staff"), "get", "/api/v1/invitations/", bad).status_code == 400


def test_revoke_coordinators_and_staff(world, api):
    got = {}
    for role in ROLES:
        invitation = invite(world, email=f"{role}@example.org")
        got[role] = call(api(role), "post",
                         f"/api/v1/invitations/{invitation.pk}/revoke/").status_code
    assert got == {role: 200 if ok is None else ok for role, ok in ORG_MATRIX.items()}
    assert sorted(Invitation.objects.filter(revoked_at__isnull=False)
                  .values_list("email", flat=True)) == ["coordinator@example.org",
                                                        "staff@example.org"]
    invitation = invite(world, email="late@example.org")
    body = call(api("coordinator"), "post",
                f"/api/v1/invitations/{invitation.pk}/revoke/").json()
    assert body["state"] == "revoked" and body["revoked_at"]
    # no longer open
    response = call(api("coordinator"), "post", f"/api/v1/invitations/{invitation.pk}/revoke/")
    assert response.status_code == 409
    other = invite(world, org=world.other_org, email="o@example.org")
    assert call(api("coordinator"), "post",
                f"/api/v1/invitations/{other.pk}/revoke/").status_code == 404
    assert call(api("staff"), "post", "/api/v1/invitations/999999/revoke/").status_code == 404


def test_accept_with_the_token(world, api):
    person = UserFactory(email="invitee@example.org", password="!")
    invitation = invite(world, role="coordinator")
    url = "/api/v1/invitations/accept/"
    client = token_client(person)
    assert call(api("anonymous"), "post", url, {"token": invitation.token}).status_code == 401
    # somebody else's invitation
    response = call(api("other_member"), "post", url, {"token": invitation.token})
    assert response.status_code == 400 and "invitee@example.org" in error_of(response)[
        "message"]
    assert call(client, "post", url, {"token": "no-such-token"}).status_code == 404
    response = call(client, "post", url, {})
    assert response.status_code == 400 and "token" in error_of(response)["fields"]
    response = call(client, "post", url, {"token": "x" * 65})
    assert response.status_code == 400 and "token" in error_of(response)["fields"]
    response = call(client, "post", url, {"token": invitation.token})
    assert response.status_code == 200
    body = response.json()
    assert body["organization"] == world.org.pk and body["user"] == person.pk
    assert body["role"] == "coordinator"
    assert Membership.objects.filter(user=person, organization=world.org,
                                     role="coordinator").exists()
    # once only
    response = call(client, "post", url, {"token": invitation.token})
    assert response.status_code == 409 and "already been used" in error_of(response)["message"]
    # withdrawn or expired: refused with the reason
    revoked = invite(world, org=world.other_org, email=person.email)
    org_services.invitation_revoke(actor=fresh(world.staff), invitation=revoked)
    response = call(client, "post", url, {"token": revoked.token})
    assert response.status_code == 409 and "withdrawn" in error_of(response)["message"]
    expired = invite(world, org=world.member_org, email=person.email)
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = call(client, "post", url, {"token": expired.token})
    assert response.status_code == 409 and "expired" in error_of(response)["message"]


# --- query budget --------------------------------------------------------------------------


def _grow(world, n: int, start: int) -> None:
    for i in range(start, start + n):
        invite(world, email=f"person{i}@example.org", actor=world.coordinator)
        invite(world, org=world.other_org, email=f"other{i}@example.org")


def test_list_query_budget_does_not_grow(world, settings, django_assert_max_num_queries):
    settings.API_TOKEN_TOUCH_SECONDS = 24 * 3600
    client = token_client(world.user("coordinator"))
    _grow(world, 2, 0)
    client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v1/invitations/")
    assert response.status_code == 200 and response.json()["count"] == 2
    few = len(ctx.captured_queries)
    assert few <= 6
    _grow(world, 12, 2)
    with django_assert_max_num_queries(few):
        response = client.get("/api/v1/invitations/?page_size=100")
    assert response.json()["count"] == 14
