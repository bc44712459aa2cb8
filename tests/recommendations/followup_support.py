"""A small world for the follow-up tests: one State with its officials, an alliance that
filed recommendations, UNODC staff, and another organization of another State."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from consultations.models import Membership, Organization
from recommendations.models import ActionStatus, FollowUpAction, Recommendation
from tests.factories import (
    AgencyContactFactory,
    FocalPersonFactory,
    FollowUpActionFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    RecommendationFactory,
    UserFactory,
)


@dataclass
class World:
    party: object
    alliance: object
    agency: object
    coordinator: object
    member: object
    focal: object
    contact: object
    staff: object
    outsider: object
    other_focal: object
    public_rec: Recommendation
    private_rec: Recommendation
    action: FollowUpAction
    private_action: FollowUpAction

    def users(self) -> dict:
        return {"anonymous": None, "member": self.member, "coordinator": self.coordinator,
                "focal": self.focal, "agency": self.contact, "staff": self.staff,
                "outsider": self.outsider}


def make_world() -> World:
    party = PartyFactory(name="Testistan", iso3="TST")
    other_party = PartyFactory(name="Otherland", iso3="OTH")
    alliance = OrganizationFactory(name="Testistan civil society alliance", country=party,
                                   is_alliance=True, acronym="TCSA")
    coordinator = MembershipFactory(organization=alliance,
                                    role=Membership.Role.COORDINATOR).user
    member = MembershipFactory(organization=alliance).user
    focal = FocalPersonFactory(party=party).user
    assignment = AgencyContactFactory(party=party)
    contact, agency = assignment.user, assignment.agency
    staff = UserFactory(is_unodc_staff=True)
    outsider = MembershipFactory(organization=OrganizationFactory(country=other_party)).user
    other_focal = FocalPersonFactory(party=other_party).user
    public_rec = RecommendationFactory(organization=alliance, reference="TST-1",
                                       submitted_at=timezone.now() - dt.timedelta(days=30))
    private_rec = RecommendationFactory(organization=alliance, reference="TST-2",
                                        is_public=False)
    action = FollowUpActionFactory(party=party, title="Public action", lead_body=agency,
                                   responsible=contact, recommendations=[public_rec])
    private_action = FollowUpActionFactory(party=party, title="Private action",
                                           recommendations=[private_rec])
    return World(party, alliance, agency, coordinator, member, focal, contact, staff,
                 outsider, other_focal, public_rec, private_rec, action, private_action)


def governmental(party) -> Organization:
    return OrganizationFactory(country=party, category=Organization.Category.GOVERNMENTAL)


IMPLEMENTED = ActionStatus.IMPLEMENTED


@pytest.fixture(autouse=False)
def fast_passwords(settings):
    """Users are created by the dozen here: hash their passwords cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_as(client, user):
    """The test client signed in as the user (anonymous when None)."""
    if user is not None:
        client.force_login(user)
    return client


def action_post(world, **overrides) -> dict:
    """The follow-up action form's fields, filled for the world's State."""
    data = {"title": "Adopt a national referral mechanism", "description": "",
            "recommendations": [world.public_rec.pk], "lead_body": world.agency.pk,
            "responsible": world.contact.pk, "start_on": "2024-01-01",
            "due_on": "2024-12-31", "status": "planned", "percent": "0",
            "report_every_months": "6"}
    data.update(overrides)
    return data
