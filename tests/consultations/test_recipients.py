"""Who is notified: one lookup per role, active accounts only, for every service."""

import pytest

from consultations.models import Membership
from consultations.selectors.recipients import (
    coordinators_of,
    focal_persons_of,
    members_of,
    unodc_staff,
)
from tests.factories import (
    FocalPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_focal_persons_are_the_active_ones_of_the_state():
    party = PartyFactory()
    active = FocalPersonFactory(party=party).user
    FocalPersonFactory(party=party, user=UserFactory(is_active=False))
    FocalPersonFactory()  # another State's
    assert focal_persons_of(party.pk) == [active]


def test_members_and_coordinators_are_active_accounts_of_the_organizations():
    org, other = OrganizationFactory(), OrganizationFactory()
    coordinator = MembershipFactory(organization=org, role=Membership.Role.COORDINATOR).user
    member = MembershipFactory(organization=org).user
    MembershipFactory(organization=org, role=Membership.Role.COORDINATOR,
                      user=UserFactory(is_active=False))
    MembershipFactory(organization=other)
    assert set(members_of([org.pk])) == {coordinator, member}
    assert coordinators_of([org.pk]) == [coordinator]


def test_unodc_staff_are_active_staff_accounts():
    staff = UserFactory(is_unodc_staff=True)
    UserFactory(is_unodc_staff=True, is_active=False)
    UserFactory()
    assert unodc_staff() == [staff]
