"""Destructive actions ask first on a page of their own (GET: the question, nothing
changes), then act on POST; the pages that list them link to that page instead of
posting at once."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from consultations.models import (
    AllianceMembership,
    Event,
    EventDocument,
    Invitation,
    Membership,
    OfficialAssignment,
    Registration,
)
from tests.factories import (
    EventFactory,
    FocalPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path


def _asks_then_acts(client, url, *, question, unchanged, changed, listed_on=None):
    if listed_on is not None:  # the list links to the page (no form posting at once)
        html = client.get(listed_on).content.decode()
        assert f'href="{url}' in html, listed_on
        assert f'action="{url}"' not in html
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert question in html and 'method="post"' in html
    assert unchanged(), "a GET must change nothing"
    # Submit the page's form as a browser would (with its hidden fields).
    form = html.split("<main", 1)[1].split('method="post"', 1)[1].split("</form>", 1)[0]
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    data.pop("csrfmiddlewaretoken", None)
    response = client.post(url, data)
    assert response.status_code == 302
    assert changed()


@pytest.fixture
def coordinator_org():
    org = OrganizationFactory()
    coordinator = MembershipFactory(organization=org, role=Membership.Role.COORDINATOR).user
    return coordinator, org


def test_withdrawing_an_invitation(client, coordinator_org):
    coordinator, org = coordinator_org
    inv = Invitation.objects.create(organization=org, email="x@example.org", invited_by=coordinator)
    client.force_login(coordinator)
    url = reverse("organizations:invitation_revoke", args=[inv.pk])
    _asks_then_acts(
        client,
        url,
        question="Withdraw the invitation sent to x@example.org?",
        listed_on=reverse("organizations:members", args=[org.pk]),
        unchanged=lambda: Invitation.objects.get(pk=inv.pk).revoked_at is None,
        changed=lambda: Invitation.objects.get(pk=inv.pk).revoked_at is not None,
    )


def test_removing_a_member_and_leaving(client, coordinator_org):
    coordinator, org = coordinator_org
    member = MembershipFactory(organization=org, user=UserFactory(full_name="Farah B"))
    client.force_login(coordinator)
    url = reverse("organizations:membership_remove", args=[member.pk])
    _asks_then_acts(
        client,
        url,
        question=f"Remove Farah B from {org.name}?",
        listed_on=reverse("organizations:members", args=[org.pk]),
        unchanged=lambda: Membership.objects.filter(pk=member.pk).exists(),
        changed=lambda: not Membership.objects.filter(pk=member.pk).exists(),
    )
    leaver = MembershipFactory(organization=org)
    client.force_login(leaver.user)
    _asks_then_acts(
        client,
        reverse("organizations:membership_remove", args=[leaver.pk]),
        question=f"Leave {org.name}?",
        unchanged=lambda: Membership.objects.filter(pk=leaver.pk).exists(),
        changed=lambda: not Membership.objects.filter(pk=leaver.pk).exists(),
    )


def test_ending_an_alliance_membership(client, coordinator_org):
    coordinator, alliance = coordinator_org
    alliance.is_alliance = True
    alliance.save()
    member_org = OrganizationFactory(country=alliance.country)
    membership = AllianceMembership.objects.create(
        alliance=alliance, organization=member_org, status=AllianceMembership.Status.ACCEPTED
    )
    client.force_login(coordinator)
    url = reverse("organizations:alliance_membership_decide", args=[membership.pk, "end"])
    status = lambda: AllianceMembership.objects.get(pk=membership.pk).status  # noqa: E731
    _asks_then_acts(
        client,
        url + "?back=alliance",
        question=f"End the membership of {member_org.name} in {alliance.name}?",
        listed_on=reverse("organizations:detail", args=[alliance.pk]),
        unchanged=lambda: status() == "accepted",
        changed=lambda: status() == "ended",
    )
    # Accepting or declining is never a GET.
    assert (
        client.get(
            reverse("organizations:alliance_membership_decide", args=[membership.pk, "accept"])
        ).status_code
        == 404
    )


def test_ending_official_roles(client):
    staff = UserFactory(is_unodc_staff=True)
    focal = FocalPersonFactory(user=UserFactory(full_name="Dr. Focal"))
    other_staff = UserFactory(is_unodc_staff=True, full_name="Other Staff")
    client.force_login(staff)
    url = reverse("organizations:official_role_revoke", args=[focal.pk])
    _asks_then_acts(
        client,
        url,
        question="End the role of Dr. Focal as National focal person",
        listed_on=reverse("organizations:official_roles"),
        unchanged=lambda: OfficialAssignment.objects.filter(pk=focal.pk).exists(),
        changed=lambda: not OfficialAssignment.objects.filter(pk=focal.pk).exists(),
    )
    other_staff.refresh_from_db()
    _asks_then_acts(
        client,
        reverse("organizations:unodc_staff_revoke", args=[other_staff.pk]),
        question="End the role of Other Staff as UNODC staff",
        unchanged=lambda: type(other_staff).objects.get(pk=other_staff.pk).is_unodc_staff,
        changed=lambda: not type(other_staff).objects.get(pk=other_staff.pk).is_unodc_staff,
    )


def test_cancelling_a_registration_a_document_and_an_event(client):
    staff = UserFactory(is_unodc_staff=True)
    event = EventFactory(status=Event.Status.REGISTRATION_OPEN, title="Dialogue")
    registration = RegistrationFactory(event=event)
    client.force_login(registration.user)
    url = reverse("events:registration_cancel", args=[event.pk, registration.pk])
    reg_status = lambda: Registration.objects.get(pk=registration.pk).status  # noqa: E731
    _asks_then_acts(
        client,
        url,
        question="Cancel your registration for “Dialogue”?",
        listed_on=reverse("events:detail", args=[event.pk]),
        unchanged=lambda: reg_status() == "confirmed",
        changed=lambda: reg_status() == "cancelled",
    )

    document = EventDocument(
        event=event,
        kind=EventDocument.Kind.choices[0][0],
        title="Agenda",
        filename="agenda.pdf",
        size=9,
    )
    document.file.save("agenda.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    client.force_login(staff)
    url = reverse("events:document_delete", args=[event.pk, document.pk])
    _asks_then_acts(
        client,
        url,
        question="Remove the document “Agenda”?",
        listed_on=reverse("events:detail", args=[event.pk]),
        unchanged=lambda: EventDocument.objects.filter(pk=document.pk).exists(),
        changed=lambda: not EventDocument.objects.filter(pk=document.pk).exists(),
    )

    url = reverse("events:status", args=[event.pk])
    _asks_then_acts(
        client,
        url + "?status=cancelled",
        question="Cancel the event “Dialogue”?",
        listed_on=reverse("events:detail", args=[event.pk]),
        unchanged=lambda: Event.objects.get(pk=event.pk).status == "registration_open",
        changed=lambda: Event.objects.get(pk=event.pk).status == "cancelled",
    )
    assert client.get(url + "?status=held").status_code == 404
