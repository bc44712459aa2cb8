"""The people rule on the consultations pages and API: a person's name is public only if
the person chose "show my name publicly"; UNODC staff, the State's officials and the
organization's members see it; an e-mail address is never shown in its place."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations.models import Event
from consultations.services import events as event_svc
from tests.factories import (
    FocalPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    PilotFactory,
    UserFactory,
)
from tests.recommendations.filing_support import NOPW, fresh

pytestmark = pytest.mark.django_db

FOCAL = "Amina Kellerhals"
CONTACT = "Bruno Okonkwo-Vidal"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people():
    party = PartyFactory(name="Peopleland", iso3="PPL")
    focal = FocalPersonFactory(
        party=party,
        user__full_name=FOCAL,
        user__email="amina@ministry.example",
        user__password=NOPW,
    ).user
    contact = UserFactory(
        is_unodc_staff=True, full_name=CONTACT, email="bruno@unodc.example", password=NOPW
    )
    pilot = PilotFactory(party=party, focal_person=focal, unodc_contact=contact)
    org = OrganizationFactory(country=party, name="Shelter Network")
    member = MembershipFactory(
        organization=org,
        user__full_name="Chidi Member",
        user__email="chidi@shelter.example",
        user__password=NOPW,
    ).user
    outsider = MembershipFactory(
        organization=OrganizationFactory(country=party), user__password=NOPW
    ).user
    other_focal = FocalPersonFactory(party=PartyFactory(iso3="OTH"), user__password=NOPW).user
    return {
        "party": party,
        "focal": focal,
        "contact": contact,
        "pilot": pilot,
        "org": org,
        "member": member,
        "outsider": outsider,
        "other_focal": other_focal,
    }


def _texts(client, pilot) -> str:
    return (
        client.get(reverse("pilots:detail", args=[pilot.pk])).content.decode()
        + client.get(reverse("api-pilot-detail", args=[pilot.pk])).content.decode()
        + client.get(reverse("api-pilot-list")).content.decode()
    )


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("other_focal", False),
        ("focal", True),
        ("contact", True),
    ],
)
def test_the_pilots_people_are_named_only_to_those_who_may_see_them(people, role, sees):
    text = _texts(_client(people.get(role)), people["pilot"])
    assert (FOCAL in text) is sees and (CONTACT in text) is sees, role
    assert "amina@ministry.example" not in text and "bruno@unodc.example" not in text
    data = (
        _client(people.get(role)).get(reverse("api-pilot-detail", args=[people["pilot"].pk])).json()
    )
    if sees:
        assert data["focal_person"] == {"id": people["focal"].pk, "name": FOCAL}
    else:
        assert data["focal_person"] is None and data["unodc_contact"] is None


def test_a_person_who_chose_to_be_named_is_named_to_everybody(people):
    people["focal"].show_name_publicly = True
    people["focal"].save()
    text = _texts(_client(), people["pilot"])
    assert FOCAL in text and CONTACT not in text


def test_a_person_without_a_name_is_never_shown_by_e_mail(people):
    people["focal"].full_name = ""
    people["focal"].show_name_publicly = True
    people["focal"].save()
    for role in ("anonymous", "contact"):
        assert "amina@ministry.example" not in _texts(_client(people.get(role)), people["pilot"])


def test_registrations_name_people_to_managers_their_organization_and_themselves(people):
    start = timezone.now() + dt.timedelta(days=10)
    event = event_svc.event_create(
        actor=fresh(people["contact"]),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        party=people["party"],
        kind=Event.Kind.WORKSHOP,
        title="Launch",
        venue="Capital",
    )
    event = event_svc.event_status_change(
        actor=fresh(people["contact"]), event=event, status=Event.Status.REGISTRATION_OPEN
    )
    event_svc.registration_create(
        actor=fresh(people["member"]), event=event, organization=people["org"]
    )
    own = _client(people["member"]).get(reverse("api-registration-list")).json()
    assert [r["name"] for r in own["results"]] == ["Chidi Member"]
    for manager in ("focal", "contact"):
        rows = (
            _client(people[manager])
            .get(reverse("api-event-registrations", args=[event.pk]))
            .json()["results"]
        )
        assert [r["name"] for r in rows] == ["Chidi Member"], manager
        page = _client(people[manager]).get(reverse("events:registrations", args=[event.pk]))
        assert "Chidi Member" in page.content.decode()


def test_members_are_named_to_their_organization_only(people):
    url = reverse("organizations:detail", args=[people["org"].pk])
    assert "Chidi Member" in _client(people["member"]).get(url).content.decode()
    for role in ("anonymous", "outsider", "focal"):
        assert "Chidi Member" not in _client(people.get(role)).get(url).content.decode(), role
    rows = _client(people["member"]).get(reverse("api-membership-list")).json()
    names = [r["name"] for r in (rows["results"] if isinstance(rows, dict) else rows)]
    assert names in ([], ["Chidi Member"])  # listed to those who manage it, if at all


def test_the_schema_documents_the_people_rule():
    from drf_spectacular.generators import SchemaGenerator

    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    assert "chose to show it publicly" in str(schemas["Action"]["properties"]["responsible"])
    assert "chose to show it publicly" in str(schemas["Pilot"]["properties"]["focal_person"])
