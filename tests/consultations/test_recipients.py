"""Who is notified: one lookup per role, active accounts only, for every service and
every reminder scan."""

import re
from pathlib import Path

import pytest

from consultations.models import Membership
from consultations.selectors.recipients import (
    active_user_by_email,
    coordinators_not_registered,
    coordinators_of,
    focal_person_ids_by_party,
    focal_persons_of,
    members_of,
    unodc_staff,
    unodc_staff_ids,
)
from tests.factories import (
    EventFactory,
    FocalPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    RegistrationFactory,
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


def test_the_scans_ask_the_same_lookups_for_ids_only():
    parties = [PartyFactory(), PartyFactory()]
    for party in parties:
        FocalPersonFactory(party=party)
        FocalPersonFactory(party=party, user=UserFactory(is_active=False))
    UserFactory(is_unodc_staff=True)
    UserFactory(is_unodc_staff=True, is_active=False)
    by_party = focal_person_ids_by_party()
    for party in parties:
        assert by_party[party.pk] == [u.pk for u in focal_persons_of(party.pk)]
    assert unodc_staff_ids() == [u.pk for u in unodc_staff()]


def test_an_account_by_its_address_is_an_active_one_whatever_the_case():
    user = UserFactory(email="amina@example.org")
    UserFactory(email="closed@example.org", is_active=False)
    assert active_user_by_email("Amina@Example.org") == user
    assert active_user_by_email("closed@example.org") is None


def test_coordinators_whose_organization_is_not_registered_yet():
    party = PartyFactory()
    registered, waiting = OrganizationFactory(country=party), OrganizationFactory(country=party)
    for org in (registered, waiting):
        MembershipFactory(organization=org, role=Membership.Role.COORDINATOR)
    event = EventFactory(party=party)
    RegistrationFactory(event=event, organization=registered, status="confirmed")
    [(user_id, name)] = coordinators_not_registered(event_id=event.pk, party_id=party.pk)
    assert name == waiting.name
    assert user_id == waiting.memberships.get().user_id


def test_notifications_and_reminders_ask_the_lookups_instead_of_querying_accounts():
    """Who is told is written once, here: the modules that notify and remind never query
    the accounts or the roles themselves."""
    root = Path(__file__).resolve().parents[2]
    modules = [root / "consultations/notifications.py", root / "recommendations/notifications.py",
               root / "consultations/reminders.py", root / "recommendations/reminders.py"]
    queries = re.compile(r"get_user_model\(\)\.objects|User\.objects|"
                         r"(OfficialAssignment|Membership|Registration)\.objects")
    found = {m.name: queries.findall(m.read_text()) for m in modules}
    assert all(not q for q in found.values()), found
