"""Alliance membership is two-sided: the alliance invites and the organization accepts,
or the organization asks and the alliance accepts; either side ends it. Each step is a
domain event and a notification to the other side's coordinators; web and API go through
the same services and policies."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from consultations.models import AllianceMembership, Membership, Organization
from consultations.services import alliances as svc
from portal.core.models import DomainEvent
from portal.notifications.models import Notification
from tests.factories import MembershipFactory, OrganizationFactory, PartyFactory, UserFactory

pytestmark = pytest.mark.django_db
C = Membership.Role.COORDINATOR
S = AllianceMembership.Status


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.API_THROTTLE_RATES = {"user": "100000/minute", "anon": "100000/minute"}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def w():
    party = PartyFactory()
    alliance = OrganizationFactory(country=party, name="Alliance", is_alliance=True)
    org = OrganizationFactory(country=party, name="Member Org")
    other = OrganizationFactory(country=party, name="Other Org")

    class W:
        pass

    w = W()
    w.alliance, w.org, w.other, w.party = alliance, org, other, party
    w.alliance_coordinator = MembershipFactory(organization=alliance, role=C).user
    w.alliance_member = MembershipFactory(organization=alliance).user
    w.org_coordinator = MembershipFactory(organization=org, role=C).user
    w.org_member = MembershipFactory(organization=org).user
    w.other_coordinator = MembershipFactory(organization=other, role=C).user
    return w


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(fresh(user))
    return client


def kinds() -> list[str]:
    return list(DomainEvent.objects.filter(kind__startswith="alliance_membership.")
                .order_by("pk").values_list("kind", flat=True))


def test_invite_then_accept_notifies_the_other_side(w):
    m = svc.alliance_membership_invite(actor=fresh(w.alliance_coordinator),
                                       alliance=w.alliance, organization=w.org)
    assert m.status == S.INVITED
    assert Notification.objects.filter(recipient=w.org_coordinator,
                                       kind="alliance_membership.invited").exists()
    assert not Notification.objects.filter(recipient=w.org_member).exists()
    # the alliance cannot accept its own invitation; a plain member of the org neither
    for user in (w.alliance_coordinator, w.org_member, w.other_coordinator):
        with pytest.raises(PermissionDenied):
            svc.alliance_membership_accept(actor=fresh(user), membership=m)
    m = svc.alliance_membership_accept(actor=fresh(w.org_coordinator), membership=m)
    assert m.status == S.ACCEPTED and m.decided_by == w.org_coordinator
    assert Notification.objects.filter(recipient=w.alliance_coordinator,
                                       kind="alliance_membership.accepted").exists()
    with pytest.raises(ValidationError):
        svc.alliance_membership_accept(actor=fresh(w.org_coordinator), membership=m)
    with pytest.raises(ValidationError):  # already a member
        svc.alliance_membership_invite(actor=fresh(w.alliance_coordinator),
                                       alliance=w.alliance, organization=w.org)
    m = svc.alliance_membership_end(actor=fresh(w.org_coordinator), membership=m)
    assert m.status == S.ENDED and m.ended_at
    assert kinds() == ["alliance_membership.invited", "alliance_membership.accepted",
                       "alliance_membership.ended"]
    assert Notification.objects.filter(recipient=w.alliance_coordinator,
                                       kind="alliance_membership.ended").exists()


def test_request_then_decline(w):
    with pytest.raises(PermissionDenied):  # a plain member does not speak for the org
        svc.alliance_membership_request(actor=fresh(w.org_member), alliance=w.alliance,
                                        organization=w.org)
    m = svc.alliance_membership_request(actor=fresh(w.org_coordinator),
                                        alliance=w.alliance, organization=w.org)
    assert m.status == S.REQUESTED
    with pytest.raises(PermissionDenied):
        svc.alliance_membership_accept(actor=fresh(w.org_coordinator), membership=m)
    with pytest.raises(PermissionDenied):
        svc.alliance_membership_accept(actor=fresh(w.alliance_member), membership=m)
    m = svc.alliance_membership_decline(actor=fresh(w.alliance_coordinator), membership=m)
    assert m.status == S.DECLINED
    assert Notification.objects.filter(recipient=w.org_coordinator,
                                       kind="alliance_membership.declined").exists()
    # declined: a new request may be made
    again = svc.alliance_membership_request(actor=fresh(w.org_coordinator),
                                            alliance=w.alliance, organization=w.org)
    assert again.pk != m.pk


@pytest.mark.parametrize("who", ["alliance_member", "org_coordinator", "other_coordinator"])
def test_only_the_alliance_coordinators_invite(w, who):
    with pytest.raises(PermissionDenied):
        svc.alliance_membership_invite(actor=fresh(getattr(w, who)), alliance=w.alliance,
                                       organization=w.other)
    assert not AllianceMembership.objects.exists()


def test_invitations_need_a_verified_non_governmental_organization(w):
    pending = OrganizationFactory(country=w.party, status=Organization.Status.PENDING)
    gov = OrganizationFactory(country=w.party, category=Organization.Category.GOVERNMENTAL)
    for target in (pending, gov, w.alliance):
        with pytest.raises(ValidationError):
            svc.alliance_membership_invite(actor=fresh(w.alliance_coordinator),
                                           alliance=w.alliance, organization=target)
    assert not AllianceMembership.objects.exists()


def test_the_api_invites_accepts_lists_and_ends(w, django_assert_max_num_queries):
    url = f"/api/v1/organizations/{w.alliance.pk}/alliance-members/"
    assert api(w.org_coordinator).post(url, {"organization": w.other.pk},
                                       format="json").status_code == 403
    response = api(w.alliance_coordinator).post(url, {"organization": w.org.pk},
                                                format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "invited" and body["organization"]["id"] == w.org.pk
    pk = body["id"]
    # pending: seen by the two sides, not by outsiders
    assert [r["id"] for r in api(w.org_member).get(url).json()] == [pk]
    assert api(w.other_coordinator).get(url).json() == []
    assert APIClient().get(f"/api/v1/alliance-memberships/{pk}/").status_code == 404
    assert api(w.alliance_coordinator).post(
        f"/api/v1/alliance-memberships/{pk}/accept/").status_code == 403
    response = api(w.org_coordinator).post(f"/api/v1/alliance-memberships/{pk}/accept/")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    detail = APIClient().get(f"/api/v1/organizations/{w.alliance.pk}/").json()
    assert [o["id"] for o in detail["member_organizations"]] == [w.org.pk]
    assert [o["id"] for o in APIClient().get(
        f"/api/v1/organizations/{w.org.pk}/").json()["alliances"]] == [w.alliance.pk]
    for org in OrganizationFactory.create_batch(4, country=w.party):
        m = svc.alliance_membership_invite(actor=fresh(w.alliance_coordinator),
                                           alliance=w.alliance, organization=org)
        AllianceMembership.objects.filter(pk=m.pk).update(status=S.ACCEPTED)
    client = APIClient()
    with django_assert_max_num_queries(4):
        assert len(client.get(url).json()) == 5
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/alliance-memberships/").json()["count"] == 5
    assert api(w.other_coordinator).post(
        f"/api/v1/alliance-memberships/{pk}/end/").status_code == 403
    response = api(w.alliance_coordinator).post(f"/api/v1/alliance-memberships/{pk}/end/")
    assert response.status_code == 200 and response.json()["status"] == "ended"
    again = api(w.alliance_coordinator).post(f"/api/v1/alliance-memberships/{pk}/end/")
    assert again.status_code == 409  # already ended: a conflict with its state


def test_the_api_request_to_join(w):
    url = f"/api/v1/organizations/{w.alliance.pk}/alliance-requests/"
    assert api(w.org_member).post(url, {"organization": w.org.pk},
                                  format="json").status_code == 403
    response = api(w.org_coordinator).post(url, {"organization": w.org.pk}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "requested"
    pk = response.json()["id"]
    assert api(w.org_coordinator).post(
        f"/api/v1/alliance-memberships/{pk}/accept/").status_code == 403
    assert api(w.alliance_coordinator).post(
        f"/api/v1/alliance-memberships/{pk}/decline/").json()["status"] == "declined"
    for bad in ({}, {"organization": "x"}, {"organization": 2**40}):
        assert api(w.org_coordinator).post(url, bad, format="json").status_code == 400


def test_the_organization_page_invites_and_decides(w, client):
    client.force_login(w.alliance_coordinator)
    page = client.get(reverse("organizations:detail", args=[w.alliance.pk]))
    invite = reverse("organizations:alliance_invite", args=[w.alliance.pk])
    assert f'action="{invite}"' in page.content.decode()
    response = client.post(reverse("organizations:alliance_invite", args=[w.alliance.pk]),
                           {"organization": "nonsense"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    response = client.post(reverse("organizations:alliance_invite", args=[w.alliance.pk]),
                           {"organization": w.org.pk})
    assert response.status_code == 302
    m = AllianceMembership.objects.get()
    assert m.status == S.INVITED

    client.force_login(w.org_coordinator)
    page = client.get(reverse("organizations:detail", args=[w.org.pk])).content.decode()
    accept = reverse("organizations:alliance_membership_decide", args=[m.pk, "accept"])
    assert accept in page
    # the plain member sees the invitation but has no button, and is refused
    client.force_login(w.org_member)
    assert accept not in client.get(reverse("organizations:detail",
                                            args=[w.org.pk])).content.decode()
    assert client.post(accept).status_code == 403
    client.force_login(w.org_coordinator)
    assert client.post(accept, {"back": "organization"}).status_code == 302
    m.refresh_from_db()
    assert m.status == S.ACCEPTED
    assert client.post(accept).status_code == 400  # already answered: said, not a 500
    public = client.get(reverse("organizations:detail", args=[w.alliance.pk]))
    assert "Member Org" in public.content.decode()
    end = reverse("organizations:alliance_membership_decide", args=[m.pk, "end"])
    assert client.post(end).status_code == 302
    m.refresh_from_db()
    assert m.status == S.ENDED
    assert client.post(reverse("organizations:alliance_membership_decide",
                               args=[m.pk, "nonsense"])).status_code == 404


def test_ask_to_join_on_the_alliance_page(w, client):
    client.force_login(w.org_coordinator)
    page = client.get(reverse("organizations:detail", args=[w.alliance.pk]))
    assert reverse("organizations:alliance_join", args=[w.alliance.pk]) in \
        page.content.decode()
    response = client.post(reverse("organizations:alliance_join", args=[w.alliance.pk]),
                           {"organization": w.other.pk})  # not theirs
    assert response.status_code == 400
    response = client.post(reverse("organizations:alliance_join", args=[w.alliance.pk]),
                           {"organization": w.org.pk})
    assert response.status_code == 302
    assert AllianceMembership.objects.get().status == S.REQUESTED
    client.force_login(UserFactory())
    assert client.post(reverse("organizations:alliance_join", args=[w.alliance.pk]),
                       {"organization": w.org.pk}).status_code == 403


def test_the_registration_api_refuses_a_member_list(w):
    response = api(UserFactory()).post("/api/v1/organizations/", {
        "name": "New alliance", "category": "civil_society", "is_alliance": True,
        "member_organizations": [w.org.pk]}, format="json")
    assert response.status_code == 400
    response = api(w.alliance_coordinator).patch(
        f"/api/v1/organizations/{w.alliance.pk}/", {"member_organizations": [w.org.pk]},
        format="json")
    assert response.status_code == 400
    assert not AllianceMembership.objects.exists()
