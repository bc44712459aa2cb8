"""Shared set-up of the filing and response tests: one user per role around one State."""

from __future__ import annotations

from dataclasses import dataclass

from consultations.models import (
    AllianceMembership,
    Article,
    Instrument,
    Membership,
    Organization,
    Party,
)
from portal.accounts.models import User
from recommendations.models import Recommendation
from recommendations.services import recommendations as svc
from tests.factories import (
    AgencyContactFactory,
    FocalPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    UserFactory,
)

NOPW = "!"  # an unusable password, stored as is: no slow hashing (tests use force_login)


def with_totp(user: User) -> User:
    """Officials and staff must have two-factor authentication to use the portal."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def client_for(user):
    """A test client signed in as ``user`` (anonymous for None)."""
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def fresh(user):
    """The same user without cached roles (as on a new request)."""
    return User.objects.get(pk=user.pk) if user else None


@dataclass
class World:
    party: Party
    other_party: Party
    org: Organization
    member_org: Organization
    alliance: Organization
    other_org: Organization
    pending_org: Organization
    gov_body: Organization
    member: User
    coordinator: User
    alliance_coordinator: User
    member_org_member: User
    other_member: User
    other_coordinator: User
    focal: User
    second_focal: User
    other_focal: User
    agency: User
    staff: User
    untoc: Instrument
    tip: Instrument

    ROLES = ("anonymous", "member", "coordinator", "alliance_coordinator", "other_member",
             "focal", "other_focal", "agency", "staff")

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else fresh(getattr(self, role))

    def draft(self, **kwargs) -> Recommendation:
        data = dict(organization=self.org, party=self.party, title="Create a national task force",
                    text="A centralized **national task force** against organized crime.",
                    instruments=[self.untoc])
        data.update(kwargs)
        return svc.recommendation_create(actor=fresh(self.member), **data)

    def submitted(self, **kwargs) -> Recommendation:
        rec = self.draft(**kwargs)
        return svc.recommendation_submit(actor=fresh(self.member), recommendation=rec)

    def article(self, instrument: Instrument, number: int) -> Article:
        return Article.objects.get(instrument=instrument, number=number)


def make_world() -> World:
    party = PartyFactory(name="Pakistan-like", iso3="PKL")
    other = PartyFactory(name="Mexico-like", iso3="MXL")
    org = OrganizationFactory(country=party, name="Governance Research Centre")
    member_org = OrganizationFactory(country=party, name="Victim Support Centre")
    alliance = OrganizationFactory(country=party, name="Civil Society Alliance",
                                   is_alliance=True, lead_organization=org)
    for member in (org, member_org):  # both accepted the alliance's invitation
        AllianceMembership.objects.create(alliance=alliance, organization=member,
                                          status=AllianceMembership.Status.ACCEPTED)
    other_org = OrganizationFactory(country=party, name="Digital Rights Initiative")
    pending_org = OrganizationFactory(country=party, name="Youth Forum",
                                      status=Organization.Status.PENDING)
    gov_body = OrganizationFactory(country=party, name="Investigation Agency",
                                   category=Organization.Category.GOVERNMENTAL)
    member = MembershipFactory(organization=org, user__password=NOPW).user
    coordinator = MembershipFactory(organization=org, role=Membership.Role.COORDINATOR,
                                    user__password=NOPW).user
    alliance_coordinator = MembershipFactory(organization=alliance, user__password=NOPW,
                                             role=Membership.Role.COORDINATOR).user
    member_org_member = MembershipFactory(organization=member_org, user__password=NOPW).user
    other_member = MembershipFactory(organization=other_org, user__password=NOPW).user
    other_coordinator = MembershipFactory(organization=other_org, user__password=NOPW,
                                          role=Membership.Role.COORDINATOR).user
    focal = with_totp(FocalPersonFactory(party=party, user__password=NOPW).user)
    second_focal = with_totp(FocalPersonFactory(party=party, user__password=NOPW).user)
    other_focal = with_totp(FocalPersonFactory(party=other, user__password=NOPW).user)
    agency = with_totp(AgencyContactFactory(party=party, agency=gov_body,
                                         user__password=NOPW).user)
    staff = with_totp(UserFactory(is_unodc_staff=True, password=NOPW))
    return World(
        party=party, other_party=other, org=org, member_org=member_org, alliance=alliance,
        other_org=other_org, pending_org=pending_org, gov_body=gov_body, member=member,
        coordinator=coordinator, alliance_coordinator=alliance_coordinator,
        member_org_member=member_org_member, other_member=other_member,
        other_coordinator=other_coordinator, focal=focal, second_focal=second_focal,
        other_focal=other_focal, agency=agency, staff=staff,
        untoc=Instrument.objects.get(code="untoc"), tip=Instrument.objects.get(code="tip"))
