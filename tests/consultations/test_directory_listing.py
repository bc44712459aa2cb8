"""The directory opt-out: an organization's coordinators take it out of the public
directory and lists (web and API alike, a domain event each time); UNODC staff, the
officials of its State and its members still see it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from consultations.models import AllianceMembership, Membership, Organization
from portal.core.models import DomainEvent
from tests.factories import (
    FocalPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    UserFactory,
)
from tests.recommendations.filing_support import NOPW

pytestmark = pytest.mark.django_db

NAME = "Quiet Refuge for Survivors"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def w():
    party = PartyFactory(name="Riskland", iso3="RSK")
    org = OrganizationFactory(country=party, name=NAME)
    alliance = OrganizationFactory(country=party, name="Riskland Alliance", is_alliance=True)
    AllianceMembership.objects.create(
        alliance=alliance, organization=org, status=AllianceMembership.Status.ACCEPTED
    )
    return {
        "org": org,
        "alliance": alliance,
        "coordinator": MembershipFactory(
            organization=org, role=Membership.Role.COORDINATOR, user__password=NOPW
        ).user,
        "member": MembershipFactory(organization=org, user__password=NOPW).user,
        "focal": FocalPersonFactory(party=party, user__password=NOPW).user,
        "other_focal": FocalPersonFactory(party=PartyFactory(iso3="OTR"), user__password=NOPW).user,
        "staff": UserFactory(is_unodc_staff=True, password=NOPW),
        "outsider": MembershipFactory(
            organization=OrganizationFactory(country=party), user__password=NOPW
        ).user,
    }


def _unlist(w):
    response = _client(w["coordinator"]).post(
        reverse("organizations:listing", args=[w["org"].pk]), {}
    )
    assert response.status_code == 302
    w["org"].refresh_from_db()
    assert w["org"].listed_in_directory is False


def test_the_coordinator_unlists_with_a_domain_event(w):
    page = _client(w["coordinator"]).get(reverse("organizations:listing", args=[w["org"].pk]))
    assert page.status_code == 200 and "List the organization" in page.content.decode()
    _unlist(w)
    kinds = list(DomainEvent.objects.filter(target_id=w["org"].pk).values_list("kind", flat=True))
    assert "organization.unlisted" in kinds
    _client(w["coordinator"]).post(
        reverse("organizations:listing", args=[w["org"].pk]), {"listed": "on"}
    )
    w["org"].refresh_from_db()
    assert w["org"].listed_in_directory is True
    assert DomainEvent.objects.filter(kind="organization.listed").exists()


@pytest.mark.parametrize("role", ["member", "focal", "staff", "outsider", "other_focal"])
def test_only_the_coordinators_choose(w, role):
    url = reverse("organizations:listing", args=[w["org"].pk])
    assert _client(w[role]).post(url, {}).status_code in (403, 404)
    api = reverse("api-organization-listing", args=[w["org"].pk])
    response = _client(w[role]).post(
        api, {"listed_in_directory": False}, content_type="application/json"
    )
    assert response.status_code in (403, 404)
    assert Organization.objects.get(pk=w["org"].pk).listed_in_directory is True


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("other_focal", False),
        ("member", True),
        ("focal", True),
        ("staff", True),
    ],
)
def test_an_unlisted_organization_is_seen_only_by_those_it_trusts(w, role, sees):
    _unlist(w)
    client = _client(w.get(role))
    directory = client.get(reverse("organizations:directory")).content.decode()
    api = client.get(reverse("api-organization-list")).content.decode()
    alliance = client.get(reverse("organizations:detail", args=[w["alliance"].pk]))
    alliance_api = client.get(reverse("api-organization-detail", args=[w["alliance"].pk]))
    page = client.get(reverse("organizations:detail", args=[w["org"].pk]))
    assert (NAME in directory) is sees and (NAME in api) is sees
    assert (NAME in alliance.content.decode()) is sees
    assert (NAME in alliance_api.content.decode()) is sees
    assert page.status_code == (200 if sees else 404)


def test_the_api_sets_the_listing_as_the_web_does(w):
    api = reverse("api-organization-listing", args=[w["org"].pk])
    response = _client(w["coordinator"]).post(
        api, {"listed_in_directory": False}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json() == {"listed_in_directory": False}
    assert DomainEvent.objects.filter(kind="organization.unlisted").count() == 1
    bad = _client(w["coordinator"]).post(api, {}, content_type="application/json")
    assert bad.status_code == 400 and "listed_in_directory" in bad.content.decode()


def test_an_unlisted_organization_cannot_be_invited_by_its_id_by_those_it_hides_from(w):
    """The service refuses what the co-signer list does not offer, without the name."""
    from django.core.exceptions import ValidationError

    from recommendations.services import cosignatures
    from recommendations.services.recommendations import recommendation_create

    _unlist(w)
    outsider = w["outsider"]
    rec = recommendation_create(
        actor=outsider, organization=outsider.memberships.get().organization,
        party=w["org"].country, title="Shared concern", text="x", instruments=[])
    with pytest.raises(ValidationError) as refused:
        cosignatures.cosignature_invite(actor=outsider, recommendation=rec,
                                        organization=w["org"])
    assert NAME not in str(refused.value)
    assert not rec.cosignatures.exists()
