"""Registering, verifying and rejecting organizations; the directory and profiles."""

import pytest
from django.contrib import admin as django_admin
from django.urls import reverse

from consultations.models import AllianceMembership, Membership, Organization
from consultations.services.organizations import organization_register
from portal.core.models import DomainEvent
from portal.notifications.models import Notification
from tests.accounts.helpers import FAST_HASHERS
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    RecommendationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def _form(party, **extra):
    data = {"name": "Coalition against Trafficking", "acronym": "CAT",
            "category": "civil_society", "subtype": "", "country": party.pk,
            "website": "https://cat.example.org", "description": "Works with victims.",
            "contact_email": "info@cat.example.org"}
    data.update(extra)
    return data


def test_register_verify_flow(client):
    party = PartyFactory()
    applicant = UserFactory()
    client.force_login(applicant)
    response = client.post(reverse("organizations:register"), _form(party))
    assert response.status_code == 302
    org = Organization.objects.get(name="Coalition against Trafficking")
    assert org.status == Organization.Status.PENDING and org.created_by == applicant
    assert Membership.objects.get(organization=org).role == Membership.Role.COORDINATOR
    # Pending: visible to the applicant, hidden from others and from the directory.
    assert client.get(reverse("organizations:detail", args=[org.pk])).status_code == 200
    assert org.name not in client.get(reverse("organizations:directory")).content.decode()
    other = UserFactory()
    client.force_login(other)
    assert client.get(reverse("organizations:detail", args=[org.pk])).status_code == 404

    staff = UserFactory(is_unodc_staff=True)
    client.force_login(staff)
    queue = client.get(reverse("organizations:queue"))
    assert org.name in queue.content.decode()
    assert queue.context["counts"].pending == 1
    response = client.post(reverse("organizations:decide", args=[org.pk]), {"action": "verify"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == Organization.Status.VERIFIED and org.decided_by == staff
    assert DomainEvent.objects.filter(kind="organization.verified", target_id=org.pk).exists()
    assert Notification.objects.filter(recipient=applicant, kind="organization.verified"
                                       ).count() == 1
    client.logout()
    assert org.name in client.get(reverse("organizations:directory")).content.decode()


def test_reject_needs_a_reason_and_the_applicant_sees_it(client):
    applicant = UserFactory()
    org = organization_register(actor=applicant, **{
        "name": "Shell Company NGO", "category": "civil_society", "country": PartyFactory()})
    staff = UserFactory(is_unodc_staff=True)
    client.force_login(staff)
    url = reverse("organizations:decide", args=[org.pk])
    response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    org.refresh_from_db()
    assert org.status == Organization.Status.PENDING
    response = client.post(url, {"action": "reject",
                                 "reason": "No registration document was provided."})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == Organization.Status.REJECTED
    note = Notification.objects.get(recipient=applicant, kind="organization.rejected")
    assert note.payload["summary"] == "No registration document was provided."
    client.force_login(applicant)
    html = client.get(reverse("organizations:detail", args=[org.pk])).content.decode()
    assert "No registration document was provided." in html
    html = client.get(reverse("organizations:mine")).content.decode()
    assert "No registration document was provided." in html
    # The decision shows in the queue's history.
    client.force_login(staff)
    queue = client.get(reverse("organizations:queue") + "?status=rejected")
    assert [d.organization for d in queue.context["history"]] == [org]
    assert "No registration document was provided." in queue.content.decode()


def test_duplicate_name_in_one_country_is_refused_on_the_form(client):
    party = PartyFactory()
    OrganizationFactory(name="Coalition against Trafficking", country=party)
    client.force_login(UserFactory())
    response = client.post(reverse("organizations:register"),
                           _form(party, name="coalition against trafficking"))
    assert response.status_code == 400
    assert "already registered in this country" in response.content.decode()
    assert Organization.objects.filter(country=party).count() == 1
    assert not Membership.objects.exists()
    # The same name in another country is fine.
    response = client.post(reverse("organizations:register"),
                           _form(PartyFactory(), name="Coalition against Trafficking"))
    assert response.status_code == 302


def test_a_website_typed_without_its_scheme_is_read_as_https(client, rf):
    client.force_login(UserFactory())
    response = client.post(reverse("organizations:register"),
                           _form(PartyFactory(), website="www.cat.example.org"))
    assert response.status_code == 302
    assert Organization.objects.get().website == "https://www.cat.example.org"
    # the admin reads it the same way
    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form = django_admin.site._registry[Organization].get_form(request)
    assert form.base_fields["website"].assume_scheme == "https"


@pytest.mark.parametrize("website", ["not a url", "javascript:alert(1)", "ftp://x.example"])
def test_malformed_website_is_refused(client, website):
    client.force_login(UserFactory())
    response = client.post(reverse("organizations:register"),
                           _form(PartyFactory(), website=website))
    assert response.status_code == 400
    assert 'id="id_website-error"' in response.content.decode()
    assert not Organization.objects.exists()


def test_alliance_registers_with_a_lead_but_declares_no_members(client):
    """Members are invited and accept; a list sent with the form is ignored."""
    party = PartyFactory()
    lead = OrganizationFactory(country=party)
    member = OrganizationFactory(country=party)
    client.force_login(UserFactory())
    response = client.post(reverse("organizations:register"), _form(
        party, name="National Alliance", is_alliance="on", lead_organization=lead.pk,
        member_organizations=[lead.pk, member.pk]))
    assert response.status_code == 302
    alliance = Organization.objects.get(name="National Alliance")
    assert alliance.is_alliance and alliance.lead_organization == lead
    assert not AllianceMembership.objects.exists()
    # A lead organization needs the alliance flag.
    response = client.post(reverse("organizations:register"), _form(
        party, name="Not an alliance", lead_organization=lead.pk))
    assert response.status_code == 400
    assert not Organization.objects.filter(name="Not an alliance").exists()


def test_coordinator_edits_profile(client):
    membership = MembershipFactory(role=Membership.Role.COORDINATOR)
    org = membership.organization
    client.force_login(membership.user)
    data = _form(org.country, name="Renamed", website="https://renamed.example.org")
    response = client.post(reverse("organizations:edit", args=[org.pk]), data)
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Renamed"


def test_only_verified_organizations_may_file():
    from consultations.policies import can_file_for_organization

    pending = MembershipFactory(organization__status=Organization.Status.PENDING)
    verified = MembershipFactory()
    assert not can_file_for_organization(pending.user, pending.organization)
    assert can_file_for_organization(verified.user, verified.organization)


def test_directory_search_and_filters(client):
    pak, mex = PartyFactory(name="Pakistan test"), PartyFactory(name="Mexico test")
    OrganizationFactory(name="Indus Victim Support", country=pak)
    OrganizationFactory(name="Digital Rights Lab", country=pak, category="academia",
                        acronym="DRL")
    OrganizationFactory(name="Red de Victimas", country=mex)
    OrganizationFactory(name="Hidden Victim Group", country=pak,
                        status=Organization.Status.PENDING)
    url = reverse("organizations:directory")

    def names(query):
        return [o.name for o in client.get(url, query).context["page"].object_list]

    assert names({}) == ["Digital Rights Lab", "Indus Victim Support", "Red de Victimas"]
    assert names({"q": "victim"}) == ["Indus Victim Support", "Red de Victimas"]
    assert names({"q": "drl"}) == ["Digital Rights Lab"]
    assert names({"country": pak.pk}) == ["Digital Rights Lab", "Indus Victim Support"]
    assert names({"category": "academia"}) == ["Digital Rights Lab"]
    assert names({"q": "victim", "country": mex.pk}) == ["Red de Victimas"]
    assert client.get(url, {"category": "bogus"}).status_code == 200


def test_directory_query_budget(client, django_assert_max_num_queries):
    party = PartyFactory()
    for _ in range(2):
        MembershipFactory(organization=OrganizationFactory(country=party))
    url = reverse("organizations:directory")
    client.force_login(UserFactory())
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    for _ in range(20):
        org = OrganizationFactory(country=PartyFactory())
        MembershipFactory.create_batch(2, organization=org)
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 22


def test_queue_query_budget(client, django_assert_max_num_queries):
    staff = UserFactory(is_unodc_staff=True)
    client.force_login(staff)
    url = reverse("organizations:queue")
    organization_register(actor=UserFactory(), name="First", category="academia",
                          country=PartyFactory())
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    for n in range(15):
        organization_register(actor=UserFactory(), name=f"Org {n}",
                              category="civil_society", country=PartyFactory())
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.context["counts"].pending == 16


def test_profile_members_visible_only_to_members_and_staff(client):
    membership = MembershipFactory(user__full_name="Secret Person")
    org = membership.organization
    rec = RecommendationFactory(organization=org, title="Publish crime data")
    RecommendationFactory(organization=org, title="Draft idea", status="draft",
                          is_public=False)
    url = reverse("organizations:detail", args=[org.pk])
    html = client.get(url).content.decode()
    assert "Secret Person" not in html and "1 member" in html
    assert rec.title in html and "Draft idea" not in html
    client.force_login(UserFactory())
    assert "Secret Person" not in client.get(url).content.decode()
    client.force_login(membership.user)
    html = client.get(url).content.decode()
    assert "Secret Person" in html and "Draft idea" in html
    client.force_login(UserFactory(is_unodc_staff=True))
    assert "Secret Person" in client.get(url).content.decode()


def test_profile_query_budget(client, django_assert_max_num_queries):
    membership = MembershipFactory()
    org = membership.organization
    client.force_login(membership.user)
    url = reverse("organizations:detail", args=[org.pk])
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    MembershipFactory.create_batch(10, organization=org)
    RecommendationFactory.create_batch(10, organization=org)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_verifying_twice_shows_a_message(client):
    org = OrganizationFactory()
    client.force_login(UserFactory(is_unodc_staff=True))
    response = client.post(reverse("organizations:decide", args=[org.pk]), {"action": "verify"})
    assert response.status_code == 400
    assert "already verified" in response.content.decode()


def test_empty_registration_shows_required_errors(client):
    client.force_login(UserFactory())
    response = client.post(reverse("organizations:register"), {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and 'href="#id_name"' in html
    assert not Organization.objects.exists()


def test_staff_assign_and_end_official_roles(client):
    from consultations.models import OfficialAssignment
    from consultations.roles import roles_of

    staff = UserFactory(is_unodc_staff=True)
    party = PartyFactory()
    fia = OrganizationFactory(country=party, category="governmental", name="FIA test")
    person = UserFactory(email="official@example.org")
    client.force_login(staff)
    url = reverse("organizations:official_roles")
    response = client.post(url, {"email": "official@example.org", "role": "agency_contact",
                                 "party": party.pk})
    assert response.status_code == 400
    assert "needs a government body" in response.content.decode()
    response = client.post(url, {"email": "nobody@example.org", "role": "focal_person",
                                 "party": party.pk})
    assert response.status_code == 400 and "sign up first" in response.content.decode()
    response = client.post(url, {"email": "official@example.org", "role": "agency_contact",
                                 "agency": fia.pk})
    assert response.status_code == 302
    assignment = OfficialAssignment.objects.get(user=person)
    assert (assignment.party, assignment.agency) == (party, fia)
    assert roles_of(person).requires_mfa
    assert Notification.objects.filter(recipient=person, kind="role.assigned").exists()
    html = client.get(url).content.decode()
    assert "official@example.org" in html
    client.post(reverse("organizations:official_role_revoke", args=[assignment.pk]))
    assert not OfficialAssignment.objects.filter(user=person).exists()
    client.post(url, {"email": "official@example.org", "role": "unodc_staff"})
    person.refresh_from_db()
    assert person.is_unodc_staff
    client.post(reverse("organizations:unodc_staff_revoke", args=[person.pk]))
    person.refresh_from_db()
    assert not person.is_unodc_staff
    client.force_login(person)
    assert client.get(url).status_code == 403
