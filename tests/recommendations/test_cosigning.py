"""Co-signing (issue 16): who confirms for an organization, who is told, which
organizations may be invited, on the web and the API."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.models import Organization
from portal.notifications.models import Notification
from recommendations import policies
from recommendations.models import CoSignature
from recommendations.services import cosignatures as cosign
from recommendations.services import recommendations as svc
from tests.factories import MembershipFactory, OrganizationFactory, PartyFactory
from tests.recommendations.filing_support import NOPW, client_for, fresh, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = make_world()
    w.rejected_org = OrganizationFactory(country=w.party, name="Closed Network",
                                         status=Organization.Status.REJECTED)
    w.foreign_org = OrganizationFactory(country=w.other_party, name="Border Watch Network")
    w.empty_org = OrganizationFactory(country=w.party, name="Quiet Foundation")
    return w


def invite(w, organization, **kwargs):
    rec = kwargs.pop("rec", None) or w.draft()
    return cosign.cosignature_invite(actor=fresh(w.member), recommendation=rec,
                                  organization=organization, **kwargs)


def test_a_member_confirms_for_an_organization_without_coordinator(w):
    """Victim Support Centre has a member and no coordinator: the member is notified,
    sees the Confirm button and may confirm."""
    cosig = invite(w, w.member_org)
    assert cosig.confirmers == 1
    assert Notification.objects.filter(recipient=w.member_org_member,
                                       kind="recommendation.cosign_requested").exists()
    assert policies.can_decide_cosignature(fresh(w.member_org_member), cosig)
    page = client_for(w.member_org_member).get(
        reverse("recommendations:detail", args=[cosig.recommendation_id]))
    assert b"Confirm co-signature" in page.content
    cosign.cosignature_decide(actor=fresh(w.member_org_member), cosignature=cosig, accept=True)
    assert CoSignature.objects.get(pk=cosig.pk).status == "confirmed"


def test_with_a_coordinator_only_the_coordinator_confirms(w):
    MembershipFactory(organization=w.other_org, user__password=NOPW)
    cosig = invite(w, w.other_org)
    assert cosig.confirmers == 1  # the coordinator, not the members
    assert not policies.can_decide_cosignature(fresh(w.other_member), cosig)
    assert policies.can_decide_cosignature(fresh(w.other_coordinator), cosig)
    assert not Notification.objects.filter(recipient=w.other_member).exists()


def test_the_inviter_is_told_when_nobody_can_confirm(w):
    rec = w.draft()
    response = client_for(w.member).post(
        reverse("recommendations:cosign_invite", args=[rec.pk]),
        {"organization": w.empty_org.pk}, follow=True)
    text = response.content.decode()
    assert "Nobody can confirm for Quiet Foundation yet" in text
    assert CoSignature.objects.filter(organization=w.empty_org).count() == 1


def test_candidates_are_verified_of_the_filers_state_and_never_the_filer(w):
    rec = w.draft()
    names = {o.name for o in policies.cosign_candidates(fresh(w.member), rec)}
    assert {"Victim Support Centre", "Digital Rights Initiative", "Quiet Foundation",
            "Civil Society Alliance"} <= names
    assert not names & {"Governance Research Centre", "Youth Forum", "Closed Network",
                        "Border Watch Network", "Investigation Agency"}
    cross = {o.name for o in policies.cosign_candidates(fresh(w.member), rec,
                                                        cross_border=True)}
    assert "Border Watch Network" in cross and "Youth Forum" not in cross
    invite(w, w.other_org, rec=rec)
    assert w.other_org not in policies.cosign_candidates(fresh(w.member), rec)
    # outsiders get nothing
    assert not policies.cosign_candidates(fresh(w.other_member), rec).exists()


def test_an_alliance_never_invites_itself(w):
    rec = svc.recommendation_create(actor=fresh(w.alliance_coordinator),
                                    organization=w.alliance, party=w.party, title="Task force")
    names = {o.name for o in policies.cosign_candidates(fresh(w.alliance_coordinator), rec)}
    assert "Civil Society Alliance" not in names
    with pytest.raises(ValidationError):
        cosign.cosignature_invite(actor=fresh(w.alliance_coordinator), recommendation=rec,
                               organization=w.alliance)


@pytest.mark.parametrize("org_name", ["pending_org", "rejected_org"])
def test_unverified_organizations_are_refused_without_their_name(w, org_name):
    org = getattr(w, org_name)
    with pytest.raises(ValidationError) as exc:
        invite(w, org)
    assert "not a verified organization" in str(exc.value)
    assert org.name not in str(exc.value)


def test_another_states_organization_needs_the_explicit_choice(w):
    rec = w.draft()
    with pytest.raises(ValidationError) as exc:
        invite(w, w.foreign_org, rec=rec)
    assert "Include organizations of other States" in str(exc.value)
    cosig = invite(w, w.foreign_org, rec=rec, cross_border=True)
    assert cosig.status == "invited"


def test_the_invite_list_on_the_page(w):
    rec = w.draft()
    url = reverse("recommendations:detail", args=[rec.pk])
    page = client_for(w.member).get(url).content.decode()
    assert "Include organizations of other States" in page
    for hidden in ("Youth Forum", "Closed Network", "Border Watch Network"):
        assert hidden not in page
    assert "Victim Support Centre" in page
    wide = client_for(w.member).get(url + "?cross_border=1").content.decode()
    assert "Border Watch Network" in wide and "Youth Forum" not in wide
    # a pending organization posted by hand is refused with the form's error
    response = client_for(w.member).post(
        reverse("recommendations:cosign_invite", args=[rec.pk]),
        {"organization": w.pending_org.pk})
    assert response.status_code == 400 and "Youth Forum" not in response.content.decode()
    response = client_for(w.member).post(
        reverse("recommendations:cosign_invite", args=[rec.pk]),
        {"organization": w.foreign_org.pk, "cross_border": "True"})
    assert response.status_code == 302
    assert CoSignature.objects.filter(organization=w.foreign_org).exists()


def test_cosign_by_api_with_cross_border_and_confirmers(w):
    from tests.api.conftest import token_client

    rec = w.draft()
    api = token_client(w.member)
    url = f"/api/v1/recommendations/{rec.pk}/cosignatures/"
    refused = api.post(url, {"organization": w.foreign_org.pk}, format="json")
    assert refused.status_code == 400
    response = api.post(url, {"organization": w.foreign_org.pk, "cross_border": True},
                        format="json")
    assert response.status_code == 201 and response.json()["confirmers"] == 0
    response = api.post(url, {"organization": w.member_org.pk}, format="json")
    assert response.json()["confirmers"] == 1
    cosig = CoSignature.objects.get(pk=response.json()["id"])
    decided = token_client(w.member_org_member).post(
        f"/api/v1/cosignatures/{cosig.pk}/decide/", {"accept": True}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "confirmed"


def test_a_new_party_of_an_intergovernmental_filer(w):
    """An organization without a country: its co-signers are of the addressee State."""
    igo = OrganizationFactory(country=None, name="Regional Network")
    MembershipFactory(organization=igo, user=w.member)
    rec = svc.recommendation_create(actor=fresh(w.member), organization=igo,
                                    party=PartyFactory(name="Kenya-like", iso3="KEL"),
                                    title="Shared database")
    assert not policies.cosign_candidates(fresh(w.member), rec).filter(
        pk=w.member_org.pk).exists()
