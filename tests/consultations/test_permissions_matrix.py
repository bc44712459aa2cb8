"""Every role through every action of accounts and organizations: allowed or denied.

Roles: anonymous, member, coordinator, alliance coordinator, focal person, agency
contact, UNODC staff. Another organization's data is a 404 (not a 403): it is fetched
through user-scoped selectors.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from consultations import policies
from consultations.models import (
    AllianceMembership,
    Invitation,
    JoinRequest,
    Membership,
    Organization,
)
from tests.accounts.helpers import FAST_HASHERS
from tests.factories import (
    AgencyContactFactory,
    FocalPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "coordinator", "alliance_coordinator", "focal_person",
         "agency_contact", "unodc_staff"]
C = Membership.Role.COORDINATOR


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def world():
    party = PartyFactory()
    org = OrganizationFactory(country=party, name="Org A")
    other = OrganizationFactory(country=party, name="Org B")
    alliance = OrganizationFactory(country=party, name="Alliance", is_alliance=True,
                                   lead_organization=org)
    for member in (org, other):
        AllianceMembership.objects.create(alliance=alliance, organization=member,
                                          status=AllianceMembership.Status.ACCEPTED)
    pending = OrganizationFactory(country=party, name="Pending Org",
                                  status=Organization.Status.PENDING)
    w = SimpleNamespace(party=party, org=org, other=other, alliance=alliance, pending=pending)
    w.users = {
        "anonymous": None,
        "member": MembershipFactory(organization=org).user,
        "coordinator": MembershipFactory(organization=org, role=C).user,
        "alliance_coordinator": MembershipFactory(organization=alliance, role=C).user,
        "focal_person": FocalPersonFactory(party=party).user,
        "agency_contact": AgencyContactFactory(party=party).user,
        "unodc_staff": UserFactory(is_unodc_staff=True),
    }
    MembershipFactory(organization=pending, role=C)
    w.target = MembershipFactory(organization=org)  # a third member of Org A
    w.other_member = MembershipFactory(organization=other)
    MembershipFactory(organization=other, role=C)
    w.join_request = JoinRequest.objects.create(organization=org, user=UserFactory())
    w.other_join_request = JoinRequest.objects.create(organization=other, user=UserFactory())
    w.invitation = Invitation.objects.create(organization=org, email="x@example.org")
    w.other_invitation = Invitation.objects.create(organization=other, email="y@example.org")
    return w


def _post(path, data=None):
    return lambda c, w: c.post(path(w), data or {})


def _get(path):
    return lambda c, w: c.get(path(w))


def R(name, *args):  # noqa: N802 - reads like a URL pattern
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


LOGIN = "login"  # anonymous: redirected to sign in
ALL = dict.fromkeys(ROLES)

ACTIONS = {
    "view_directory": (_get(R("organizations:directory")), {r: 200 for r in ROLES}),
    "view_verified_profile": (_get(R("organizations:detail", lambda w: w.org.pk)),
                              {r: 200 for r in ROLES}),
    "view_pending_profile": (_get(R("organizations:detail", lambda w: w.pending.pk)),
                             {**{r: 404 for r in ROLES}, "unodc_staff": 200}),
    "register_organization": (_get(R("organizations:register")),
                              {**{r: 200 for r in ROLES}, "anonymous": LOGIN}),
    "edit_organization": (_get(R("organizations:edit", lambda w: w.org.pk)), {
        "anonymous": LOGIN, "member": 403, "coordinator": 200, "alliance_coordinator": 404,
        "focal_person": 404, "agency_contact": 404, "unodc_staff": 200}),
    "edit_alliance": (_get(R("organizations:edit", lambda w: w.alliance.pk)), {
        "anonymous": LOGIN, "member": 404, "coordinator": 404, "alliance_coordinator": 200,
        "focal_person": 404, "agency_contact": 404, "unodc_staff": 200}),
    "view_members_page": (_get(R("organizations:members", lambda w: w.org.pk)), {
        "anonymous": LOGIN, "member": 200, "coordinator": 200, "alliance_coordinator": 404,
        "focal_person": 404, "agency_contact": 404, "unodc_staff": 200}),
    "view_other_org_members_page": (_get(R("organizations:members", lambda w: w.other.pk)), {
        "anonymous": LOGIN, "member": 404, "coordinator": 404, "alliance_coordinator": 404,
        "focal_person": 404, "agency_contact": 404, "unodc_staff": 200}),
    "invite_member": (_post(R("organizations:invite", lambda w: w.org.pk),
                            {"email": "new@example.org", "role": "member"}), {
        "anonymous": LOGIN, "member": 403, "coordinator": 302, "alliance_coordinator": 404,
        "focal_person": 404, "agency_contact": 404, "unodc_staff": 302}),
    "invite_to_other_org": (_post(R("organizations:invite", lambda w: w.other.pk),
                                  {"email": "new@example.org", "role": "member"}), {
        "anonymous": LOGIN, "member": 404, "coordinator": 404, "alliance_coordinator": 404,
        "focal_person": 404, "agency_contact": 404, "unodc_staff": 302}),
    "revoke_invitation": (_post(R("organizations:invitation_revoke",
                                  lambda w: w.invitation.pk)), {
        "anonymous": LOGIN, "member": 403, "coordinator": 302, "alliance_coordinator": 404,
        "focal_person": 404, "agency_contact": 404, "unodc_staff": 302}),
    "revoke_other_org_invitation": (_post(R("organizations:invitation_revoke",
                                            lambda w: w.other_invitation.pk)), {
        "anonymous": LOGIN, "member": 404, "coordinator": 404, "alliance_coordinator": 404,
        "focal_person": 404, "agency_contact": 404, "unodc_staff": 302}),
    "approve_join_request": (_post(R("organizations:join_request_decide",
                                     lambda w: w.join_request.pk, "approve")), {
        "anonymous": LOGIN, "member": 403, "coordinator": 302, "alliance_coordinator": 404,
        "focal_person": 404, "agency_contact": 404, "unodc_staff": 302}),
    "approve_other_org_join_request": (_post(R("organizations:join_request_decide",
                                               lambda w: w.other_join_request.pk,
                                               "approve")), {
        "anonymous": LOGIN, "member": 404, "coordinator": 404, "alliance_coordinator": 404,
        "focal_person": 404, "agency_contact": 404, "unodc_staff": 302}),
    "change_member_role": (_post(R("organizations:membership_role", lambda w: w.target.pk),
                                 {"role": "coordinator"}), {
        "anonymous": LOGIN, "member": 403, "coordinator": 302, "alliance_coordinator": 404,
        "focal_person": 404, "agency_contact": 404, "unodc_staff": 302}),
    "change_other_org_member_role": (_post(R("organizations:membership_role",
                                             lambda w: w.other_member.pk),
                                           {"role": "coordinator"}), {
        "anonymous": LOGIN, "member": 404, "coordinator": 404, "alliance_coordinator": 404,
        "focal_person": 404, "agency_contact": 404, "unodc_staff": 302}),
    "remove_member": (_post(R("organizations:membership_remove", lambda w: w.target.pk)), {
        "anonymous": LOGIN, "member": 403, "coordinator": 302, "alliance_coordinator": 404,
        "focal_person": 404, "agency_contact": 404, "unodc_staff": 302}),
    "remove_other_org_member": (_post(R("organizations:membership_remove",
                                        lambda w: w.other_member.pk)), {
        "anonymous": LOGIN, "member": 404, "coordinator": 404, "alliance_coordinator": 404,
        "focal_person": 404, "agency_contact": 404, "unodc_staff": 302}),
    "request_to_join": (_post(R("organizations:join", lambda w: w.org.pk)), {
        "anonymous": LOGIN, "member": 400, "coordinator": 400, "alliance_coordinator": 302,
        "focal_person": 302, "agency_contact": 302, "unodc_staff": 302}),
    "view_verification_queue": (_get(R("organizations:queue")), {
        **{r: 403 for r in ROLES}, "anonymous": LOGIN, "unodc_staff": 200}),
    "verify_organization": (_post(R("organizations:decide", lambda w: w.pending.pk),
                                  {"action": "verify"}), {
        **{r: 403 for r in ROLES}, "anonymous": LOGIN, "unodc_staff": 302}),
    "reject_organization": (_post(R("organizations:decide", lambda w: w.pending.pk),
                                  {"action": "reject", "reason": "Not an NGO."}), {
        **{r: 403 for r in ROLES}, "anonymous": LOGIN, "unodc_staff": 302}),
    "view_official_roles": (_get(R("organizations:official_roles")), {
        **{r: 403 for r in ROLES}, "anonymous": LOGIN, "unodc_staff": 200}),
    "assign_official_role": (_post(R("organizations:official_roles"), {
        "email": "x@example.org", "role": "unodc_staff"}), {
        **{r: 403 for r in ROLES}, "anonymous": LOGIN, "unodc_staff": 400}),
    "view_profile": (_get(R("profile")), {**{r: 200 for r in ROLES}, "anonymous": LOGIN}),
    "download_personal_data": (_get(R("personal_data")),
                               {**{r: 200 for r in ROLES}, "anonymous": LOGIN}),
    "close_account_page": (_get(R("account_close")),
                           {**{r: 200 for r in ROLES}, "anonymous": LOGIN}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(client, world, role, action):
    do, expected = ACTIONS[action]
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    response = do(client, world)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == want, (action, role, response.status_code)


def test_denied_writes_change_nothing(client, world):
    client.force_login(world.users["coordinator"])
    client.post(reverse("organizations:membership_remove", args=[world.other_member.pk]))
    client.post(reverse("organizations:join_request_decide",
                        args=[world.other_join_request.pk, "approve"]))
    assert Membership.objects.filter(pk=world.other_member.pk).exists()
    world.other_join_request.refresh_from_db()
    assert world.other_join_request.status == JoinRequest.Status.PENDING
    client.force_login(world.users["member"])
    client.post(reverse("organizations:decide", args=[world.pending.pk]), {"action": "verify"})
    world.pending.refresh_from_db()
    assert world.pending.status == Organization.Status.PENDING


MEMBER_NAMES = {"anonymous": False, "member": True, "coordinator": True,
                "alliance_coordinator": False, "focal_person": False,
                "agency_contact": False, "unodc_staff": True}


@pytest.mark.parametrize("role", ROLES)
def test_member_names_visible_only_to_members_and_staff(client, world, role):
    user = world.users[role]
    if user:
        client.force_login(user)
    response = client.get(reverse("organizations:detail", args=[world.org.pk]))
    assert response.context["can_see_members"] is MEMBER_NAMES[role]
    assert (world.target.user.get_full_name() in response.content.decode()) \
        is MEMBER_NAMES[role]


FILE = {"anonymous": False, "member": True, "coordinator": True,
        "alliance_coordinator": False, "focal_person": False, "agency_contact": False,
        "unodc_staff": False}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_file_for_the_organization(world, role):
    from django.contrib.auth.models import AnonymousUser

    user = world.users[role] or AnonymousUser()
    assert policies.can_file_for_organization(user, world.org) is FILE[role]
    assert policies.can_file_for_organization(user, world.pending) is False


MFA_GATED = {"focal_person", "agency_contact", "unodc_staff"}


@pytest.mark.parametrize("role", ROLES[1:])
def test_mfa_gate_per_role(client, world, role, settings):
    settings.MFA_ENFORCE = True
    client.force_login(world.users[role])
    web = client.get(reverse("organizations:directory"))
    api = client.get("/api/")
    if role in MFA_GATED:
        assert web.status_code == 302 and web.url.startswith(reverse("mfa_activate_totp"))
        assert api.status_code == 403 and api.json()["error"]["code"] == "mfa_required"
    else:
        assert web.status_code == 200
        assert api.status_code != 403 or "mfa_required" not in api.content.decode()
