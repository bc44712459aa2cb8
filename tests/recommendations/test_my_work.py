"""The "my work" page: the landing page after sign-in, one section per role, each scoped
to the user and costing a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Invitation, Membership, Organization
from portal.notifications.models import Category, Notification
from recommendations.events import RecommendationEventKind
from recommendations.models import CoSignature, Recommendation, Response
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

pytestmark = pytest.mark.django_db
PAGE = "/my-work/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _sections(client, user) -> str:
    client.force_login(user)
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def test_sign_in_lands_on_my_work(client):
    from allauth.account.models import EmailAddress

    user = UserFactory(email="someone@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(
        reverse("account_login"),
        {"login": "someone@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("my_work")


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_user_without_a_role_is_told_what_to_do(client):
    html = _sections(client, UserFactory())
    assert "Nothing waits for you." in html and "Register an organization" in html


def _coordinator_world():
    party = PartyFactory()
    org = OrganizationFactory(country=party)
    coordinator = MembershipFactory(organization=org, role=Membership.Role.COORDINATOR).user
    draft = RecommendationFactory(
        organization=org,
        status=Recommendation.Status.DRAFT,
        title="My own draft",
        submitted_at=None,
        is_public=False,
    )
    answered = RecommendationFactory(organization=org, title="Answered one")
    Response.objects.create(
        recommendation=answered, position="supported", published_at=timezone.now()
    )
    other = OrganizationFactory(country=party, name="Partner org")
    CoSignature.objects.create(recommendation=answered, organization=other, invited_by=coordinator)
    Invitation.objects.create(
        organization=org, email="newcomer@example.org", invited_by=coordinator
    )
    # Another organization's draft is none of their business.
    RecommendationFactory(
        organization=OrganizationFactory(country=party),
        status=Recommendation.Status.DRAFT,
        title="Someone else's draft",
        submitted_at=None,
        is_public=False,
    )
    return coordinator, draft, org


def test_coordinator_sees_drafts_invitations_and_answers(client):
    coordinator, draft, _org = _coordinator_world()
    html = _sections(client, coordinator)
    assert "As coordinator" in html
    assert "My own draft" in html and "Someone else&#x27;s draft" not in html
    assert "Partner org" in html  # co-signing invitation waiting for an answer
    assert "newcomer@example.org" in html
    assert "Answered one" in html and "Supported" in html
    assert "As national focal person" not in html and "As UNODC staff" not in html


def test_member_of_an_org_without_coordinator_sees_the_invitation_to_confirm(client):
    filer = RecommendationFactory(title="Please co-sign")
    invited = OrganizationFactory(country=filer.party, name="Indus Centre")
    member = MembershipFactory(organization=invited).user
    CoSignature.objects.create(recommendation=filer, organization=invited)
    html = _sections(client, member)
    assert "Invitations to co-sign" in html and "Please co-sign" in html
    # Once a coordinator leads the organization, it is theirs to confirm.
    MembershipFactory(organization=invited, role=Membership.Role.COORDINATOR)
    html = _sections(client, member)
    assert "Please co-sign" not in html


def test_pending_organization_member_is_not_asked_to_confirm(client):
    filer = RecommendationFactory(title="Please co-sign")
    pending = OrganizationFactory(country=filer.party, status=Organization.Status.PENDING)
    member = MembershipFactory(organization=pending).user
    CoSignature.objects.create(recommendation=filer, organization=pending)
    assert "Please co-sign" not in _sections(client, member)


def test_focal_person_sees_their_states_queue_and_overdue_items(client):
    focal = FocalPersonFactory()
    org = OrganizationFactory(country=focal.party)
    late = dt.date.today() - dt.timedelta(days=5)
    RecommendationFactory(organization=org, title="Late one", response_due_on=late)
    RecommendationFactory(organization=org, title="Fresh one")
    FollowUpActionFactory(
        party=focal.party, title="Late action", due_on=late, start_on=late - dt.timedelta(days=30)
    )
    RecommendationFactory(title="Another State's")
    html = _sections(client, focal.user)
    assert "As national focal person" in html
    assert "Late one" in html and "Fresh one" in html and "Late action" in html
    assert "Another State" not in html


def test_agency_contact_sees_own_actions_and_reports_due(client):
    contact = AgencyContactFactory()
    soon = timezone.localdate() + dt.timedelta(days=10)
    FollowUpActionFactory(
        party=contact.party,
        lead_body=contact.agency,
        title="Our action",
        start_on=soon - dt.timedelta(days=90),
        due_on=soon,
        report_every_months=3,
    )
    FollowUpActionFactory(party=contact.party, title="Another agency's action")
    html = _sections(client, contact.user)
    assert "As agency contact" in html
    assert "Our action" in html and "Another agency" not in html
    assert "Report on “Our action”" in html


def test_staff_sees_verification_overdue_answers_and_failed_emails(client):
    staff = UserFactory(is_unodc_staff=True)
    OrganizationFactory(name="Waiting org", status=Organization.Status.PENDING)
    RecommendationFactory(
        title="Unanswered", response_due_on=dt.date.today() - dt.timedelta(days=3)
    )
    Notification.objects.create(
        recipient=UserFactory(email="bounced@example.org"),
        category=Category.RESPONSE,
        kind=RecommendationEventKind.SUBMITTED,
        payload={"subject": "New", "summary": "x"},
        email_status=Notification.EmailStatus.FAILED,
    )
    html = _sections(client, staff)
    assert "As UNODC staff" in html
    assert "Waiting org" in html and "Unanswered" in html and "bounced@example.org" in html


def test_a_user_with_several_roles_sees_each_section(client):
    coordinator, _draft, org = _coordinator_world()
    FocalPersonFactory(user=coordinator, party=org.country)
    AgencyContactFactory(user=coordinator, party=org.country)
    coordinator.is_unodc_staff = True
    coordinator.save()
    html = _sections(client, coordinator)
    for heading in (
        "As coordinator",
        "Invitations to co-sign",
        "As national focal person",
        "As agency contact",
        "As UNODC staff",
    ):
        assert heading in html, heading


def _more_data(org, party, n):
    for i in range(n):
        RecommendationFactory(
            organization=org,
            status=Recommendation.Status.DRAFT,
            submitted_at=None,
            is_public=False,
            title=f"Draft {i}",
        )
        answered = RecommendationFactory(
            organization=org, title=f"Answered {i}", response_due_on=dt.date(2020, 1, 1)
        )
        Response.objects.create(
            recommendation=answered, position="noted", published_at=timezone.now()
        )
        FollowUpActionFactory(
            party=party, lead_body=None, due_on=dt.date(2020, 1, 1), start_on=dt.date(2019, 1, 1)
        )
        OrganizationFactory(status=Organization.Status.PENDING)


def test_query_budget_does_not_grow_with_data(client, django_assert_max_num_queries):
    coordinator, _draft, org = _coordinator_world()
    FocalPersonFactory(user=coordinator, party=org.country)
    contact = AgencyContactFactory(user=coordinator, party=org.country)
    coordinator.is_unodc_staff = True
    coordinator.save()
    client.force_login(coordinator)
    for n in (2, 15):
        _more_data(org, org.country, n)
        FollowUpActionFactory(party=org.country, lead_body=contact.agency)
        with django_assert_max_num_queries(26):
            assert client.get(PAGE).status_code == 200


def test_an_action_without_a_schedule_has_its_report_due_by_its_due_date(client):
    contact = AgencyContactFactory()
    late = timezone.localdate() - dt.timedelta(days=3)
    FollowUpActionFactory(
        party=contact.party,
        lead_body=contact.agency,
        title="Late one",
        start_on=late - dt.timedelta(days=90),
        due_on=late,
    )
    html = _sections(client, contact.user)
    assert "Report on “Late one”" in html and "Overdue" in html


@pytest.mark.parametrize("role", ["anonymous", "member", "focal", "agency", "staff"])
def test_the_navigation_bar_holds_at_most_seven_items(client, role):
    """Six links and the user's menu (or "More"); the rest lives in that menu. The bar
    folds into a <details> "Menu" on a phone: no JavaScript needed."""
    import re as regex

    users = {
        "member": lambda: MembershipFactory().user,
        "focal": lambda: FocalPersonFactory().user,
        "agency": lambda: AgencyContactFactory().user,
        "staff": lambda: UserFactory(is_unodc_staff=True, is_staff=True),
    }
    if role != "anonymous":
        client.force_login(users[role]())
    html = client.get(reverse("events:list")).content.decode()
    nav = html.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert '<details class="site-nav__fold"' in nav and "<summary" in nav
    bar = nav.split('<ul class="site-nav__bar">', 1)[1]
    menu_start = bar.index('<li class="site-nav__more">')
    top_level = regex.findall(r"<li[ >]", bar[:menu_start])
    assert len(top_level) + 1 <= 7
    menu = bar[menu_start:]
    if role == "staff":
        for link in (
            "Verification queue",
            "Official roles",
            "E-mail outbox",
            "Administration",
            "Sign out",
        ):
            assert link in menu, link
