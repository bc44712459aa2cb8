"""What an alliance gives its coordinators, and nothing more (recommendations.policies).

An alliance's member list is a two-sided relation: declaring members gives nothing; only
a verified alliance with accepted memberships lets its coordinators read its members'
submitted recommendations and the drafts a filer shared, never change them. Speaking
for an alliance to the State (publish, withdraw, correct) is for its coordinators."""

from __future__ import annotations

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from consultations.models import AllianceMembership, Membership, Organization
from recommendations import policies
from recommendations.models import (
    CoSignature,
    Recommendation,
    RecommendationAttachment,
)
from recommendations.selectors.recommendations import recommendations_visible_to
from recommendations.services import attachments as attach
from recommendations.services import recommendations as svc
from tests.api.conftest import token_client
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.recommendations.filing_support import NOPW, fresh, make_world

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRET = "Secret draft of the research centre"
ROLES = ("member", "coordinator", "other_member", "focal", "other_focal", "agency", "staff")


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.API_THROTTLE_RATES = {"user": "100000/minute", "anon": "100000/minute"}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    return make_world()


def web(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def draft_with_attachment(world) -> tuple[Recommendation, RecommendationAttachment]:
    draft = world.draft(title=SECRET)
    attachment = attach.attachment_add(
        actor=fresh(world.member), recommendation=draft,
        file=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"))
    return Recommendation.objects.get(pk=draft.pk), attachment


def unchanged(draft: Recommendation) -> bool:
    row = Recommendation.objects.filter(pk=draft.pk).first()
    return (row is not None and row.title == SECRET and row.version == draft.version
            and row.attachments.count() == 1)


# --- the self-declared alliance (the attack of issue 15) --------------------------------------


def test_a_self_declared_alliance_gets_nothing_through_the_api(world):
    draft, attachment = draft_with_attachment(world)
    attacker = UserFactory(password=NOPW)
    api = token_client(attacker)
    data = {"name": "Friendly alliance", "category": "civil_society",
            "country": world.party.pk, "is_alliance": True,
            "member_organizations": [world.org.pk, world.member_org.pk]}
    response = api.post("/api/v1/organizations/", data, format="json")
    if response.status_code == 400:  # the list is refused with a reason (see
        # tests/consultations/test_alliance_memberships.py): register without it
        assert "member_organizations" in response.json()["error"]["fields"]
        del data["member_organizations"]
        response = api.post("/api/v1/organizations/", data, format="json")
    assert response.status_code == 201
    assert not AllianceMembership.objects.filter(alliance__name="Friendly alliance").exists()

    url = f"/api/v1/recommendations/{draft.pk}/"
    api = token_client(attacker)  # a new request: roles read afresh
    assert api.get(url).status_code == 404
    assert api.patch(url, {"title": "Changed by the attacker"},
                     format="json").status_code == 404
    assert api.delete(url).status_code == 404
    assert api.get(f"{url}attachments/{attachment.pk}/download/").status_code == 404
    assert SECRET not in api.get("/api/v1/recommendations/").content.decode()
    assert unchanged(draft)


def test_a_self_declared_alliance_gets_nothing_through_the_web_form(world):
    draft, attachment = draft_with_attachment(world)
    attacker = UserFactory(password=NOPW)
    client = web(attacker)
    response = client.post(reverse("organizations:register"), {
        "name": "Friendly alliance", "category": "civil_society",
        "country": world.party.pk, "is_alliance": "on",
        "member_organizations": [world.org.pk, world.member_org.pk]})
    assert response.status_code == 302
    assert not AllianceMembership.objects.filter(alliance__name="Friendly alliance").exists()

    client = web(fresh(attacker))
    assert client.get(reverse("recommendations:detail", args=[draft.pk])).status_code == 404
    assert client.post(reverse("recommendations:edit", args=[draft.pk]), {
        "title": "Changed by the attacker", "party": world.party.pk}).status_code == 404
    assert client.post(reverse("recommendations:delete", args=[draft.pk])).status_code == 404
    assert client.get(reverse("recommendations:attachment_download",
                              args=[draft.pk, attachment.pk])).status_code == 404
    assert SECRET not in client.get(reverse("recommendations:list")).content.decode()
    assert unchanged(draft)


def test_an_invitation_not_yet_accepted_gives_nothing(world):
    draft, _attachment = draft_with_attachment(world)
    svc.recommendation_share_with_alliance(actor=fresh(world.member), recommendation=draft,
                                           shared=True)
    outsider_alliance = OrganizationFactory(country=world.party, is_alliance=True)
    coordinator = MembershipFactory(organization=outsider_alliance,
                                    role=Membership.Role.COORDINATOR).user
    AllianceMembership.objects.create(alliance=outsider_alliance, organization=world.org,
                                      status=AllianceMembership.Status.INVITED)
    assert token_client(coordinator).get(
        f"/api/v1/recommendations/{draft.pk}/").status_code == 404


# --- a verified alliance with accepted members ----------------------------------------------


def test_an_unverified_alliance_with_accepted_members_gets_nothing(world):
    draft = world.draft(title=SECRET)
    svc.recommendation_share_with_alliance(actor=fresh(world.member), recommendation=draft,
                                           shared=True)
    submitted = world.submitted(title="Submitted, not public")
    Organization.objects.filter(pk=world.alliance.pk).update(
        status=Organization.Status.PENDING)
    coordinator = fresh(world.alliance_coordinator)
    api = token_client(coordinator)
    for rec in (draft, submitted):
        assert api.get(f"/api/v1/recommendations/{rec.pk}/").status_code == 404
        assert web(coordinator).get(
            reverse("recommendations:detail", args=[rec.pk])).status_code == 404
    assert not policies.can_consolidate(fresh(coordinator))
    assert api.get("/api/v1/recommendations/consolidation-candidates/").status_code == 403


def test_an_unshared_draft_is_hidden_and_a_shared_one_is_read_only(world):
    draft, attachment = draft_with_attachment(world)
    url = f"/api/v1/recommendations/{draft.pk}/"
    coordinator = token_client(world.alliance_coordinator)
    assert coordinator.get(url).status_code == 404
    assert coordinator.get(f"{url}attachments/{attachment.pk}/download/").status_code == 404
    assert web(fresh(world.alliance_coordinator)).get(
        reverse("recommendations:detail", args=[draft.pk])).status_code == 404

    # Another organization's member cannot share it; the filer can.
    assert token_client(world.other_member).patch(
        url, {"shared_with_alliance": True}, format="json").status_code == 404
    response = token_client(world.member).patch(url, {"shared_with_alliance": True},
                                                format="json")
    assert response.status_code == 200, response.content
    assert response.json()["shared_with_alliance"] is True
    draft.refresh_from_db()

    body = coordinator.get(url).json()
    assert body["title"] == SECRET and body["permissions"]["edit"] is False
    assert coordinator.get(f"{url}attachments/{attachment.pk}/download/").status_code == 200
    assert coordinator.patch(url, {"title": "Changed"}, format="json").status_code == 403
    assert coordinator.delete(url).status_code == 403
    upload = SimpleUploadedFile("more.pdf", PDF, content_type="application/pdf")
    assert coordinator.post(f"{url}attachments/", {"file": upload},
                            format="multipart").status_code == 403
    assert coordinator.post(f"{url}submit/").status_code == 403
    page = web(fresh(world.alliance_coordinator))
    assert page.get(reverse("recommendations:detail", args=[draft.pk])).status_code == 200
    assert page.post(reverse("recommendations:delete", args=[draft.pk])).status_code == 403
    assert Recommendation.objects.get(pk=draft.pk).version == draft.version
    assert unchanged(draft)
    # The other members of the alliance (not its coordinators) still see nothing.
    assert token_client(world.member_org_member).get(url).status_code == 404


def test_sharing_on_the_draft_page_is_recorded(world):
    draft = world.draft(title=SECRET)
    page = web(fresh(world.member))
    detail = page.get(reverse("recommendations:detail", args=[draft.pk])).content.decode()
    assert 'name="shared_with_alliance"' in detail
    response = page.post(reverse("recommendations:share", args=[draft.pk]),
                         {"shared_with_alliance": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.shared_with_alliance
    from portal.core.events import events_for
    from portal.notifications.models import Notification

    assert events_for(draft).filter(kind="recommendation.shared_with_alliance").exists()
    assert Notification.objects.filter(recipient=world.alliance_coordinator,
                                       kind="recommendation.shared_with_alliance").exists()
    # Somebody else's draft: refused, nothing changed.
    assert web(fresh(world.alliance_coordinator)).post(
        reverse("recommendations:share", args=[draft.pk]), {}).status_code == 403
    draft.refresh_from_db()
    assert draft.shared_with_alliance


def test_sharing_needs_an_alliance(world):
    rec = svc.recommendation_create(actor=fresh(world.other_member),
                                    organization=world.other_org, party=world.party,
                                    title=SECRET, text="x", instruments=[world.untoc])
    response = token_client(world.other_member).patch(
        f"/api/v1/recommendations/{rec.pk}/", {"shared_with_alliance": True}, format="json")
    # a well-formed request that the organization's situation refuses: a conflict
    assert response.status_code == 409
    assert "shared_with_alliance" in response.json()["error"]["fields"]
    assert not Recommendation.objects.get(pk=rec.pk).shared_with_alliance


def test_ending_the_membership_removes_access(world):
    draft = world.draft(title=SECRET)
    svc.recommendation_share_with_alliance(actor=fresh(world.member), recommendation=draft,
                                           shared=True)
    submitted = world.submitted(title="Submitted, not public")
    coordinator = token_client(world.alliance_coordinator)
    for rec in (draft, submitted):
        assert coordinator.get(f"/api/v1/recommendations/{rec.pk}/").status_code == 200
    membership = AllianceMembership.objects.get(alliance=world.alliance,
                                                organization=world.org)
    response = token_client(world.coordinator).post(
        f"/api/v1/alliance-memberships/{membership.pk}/end/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ended"
    coordinator = token_client(world.alliance_coordinator)
    for rec in (draft, submitted):
        assert coordinator.get(f"/api/v1/recommendations/{rec.pk}/").status_code == 404


# --- consolidation -----------------------------------------------------------------------------


def test_consolidation_takes_shared_drafts_and_submitted_ones_only(world):
    shared = world.draft(title="Shared draft")
    svc.recommendation_share_with_alliance(actor=fresh(world.member), recommendation=shared,
                                           shared=True)
    hidden = world.draft(title="Unshared draft")
    submitted = world.submitted(title="Submitted one")
    coordinator = fresh(world.alliance_coordinator)
    api = token_client(coordinator)
    body = api.get("/api/v1/recommendations/consolidation-candidates/").json()
    assert {r["id"] for r in body["results"]} == {shared.pk, submitted.pk}
    response = api.post("/api/v1/recommendations/consolidate/", {
        "alliance": world.alliance.pk, "drafts": [shared.pk, hidden.pk], "title": "X"},
        format="json")
    assert response.status_code == 400
    assert not Recommendation.objects.filter(organization=world.alliance).exists()
    response = api.post("/api/v1/recommendations/consolidate/", {
        "alliance": world.alliance.pk, "drafts": [shared.pk, submitted.pk],
        "title": "Together"}, format="json")
    assert response.status_code == 201, response.content


# --- speaking for an alliance ------------------------------------------------------------------


@pytest.fixture
def alliance_rec(world):
    plain = MembershipFactory(organization=world.alliance, user__password=NOPW).user
    coordinator = fresh(world.alliance_coordinator)
    rec = svc.recommendation_create(actor=coordinator, organization=world.alliance,
                                    party=world.party, title="The alliance's recommendation",
                                    text="Ratify the remaining protocols.",
                                    instruments=[world.untoc])
    rec = svc.recommendation_submit(actor=fresh(coordinator), recommendation=rec)
    return rec, plain


def test_a_plain_member_cannot_publish_withdraw_or_correct_for_the_alliance(world,
                                                                             alliance_rec):
    rec, plain = alliance_rec
    url = f"/api/v1/recommendations/{rec.pk}/"
    api = token_client(plain)
    permissions = api.get(url).json()["permissions"]
    assert not (permissions["publish"] or permissions["withdraw"] or permissions["correct"])
    assert api.post(f"{url}publish/").status_code == 403
    assert api.post(f"{url}withdraw/", {"note": "no"}, format="json").status_code == 403
    assert api.post(f"{url}versions/", {"title": "Changed", "text": "Changed text",
                                        "note": "typo"}, format="json").status_code == 403
    page = web(fresh(plain))
    assert page.post(reverse("recommendations:publish", args=[rec.pk])).status_code == 403
    assert page.post(reverse("recommendations:withdraw", args=[rec.pk]),
                     {"note": "no"}).status_code == 403
    assert page.post(reverse("recommendations:correct", args=[rec.pk]), {
        "title": "Changed", "text": "Changed text", "note": "typo"}).status_code == 403
    after = Recommendation.objects.get(pk=rec.pk)
    assert (after.status, after.is_public, after.title, after.version) == (
        rec.status, False, rec.title, rec.version)
    assert after.versions.count() == 1


def test_the_alliance_coordinator_publishes_corrects_and_withdraws(world, alliance_rec):
    rec, _plain = alliance_rec
    url = f"/api/v1/recommendations/{rec.pk}/"
    api = token_client(world.alliance_coordinator)
    assert api.post(f"{url}versions/", {"title": "Corrected", "text": "Corrected text",
                                        "note": "typo"}, format="json").status_code == 201
    assert api.post(f"{url}publish/").json()["is_public"] is True
    assert api.post(f"{url}withdraw/", {"note": "merged"},
                    format="json").json()["status"] == "withdrawn"


# --- one rule: the selector is the policy -----------------------------------------------------


def test_the_selector_and_the_policy_agree_everywhere(world):
    """Every role against recommendations of every kind: what the list query returns is
    exactly what can_view_recommendation allows."""
    member = fresh(world.member)
    recs = {
        "draft": world.draft(title="draft"),
        "shared": svc.recommendation_share_with_alliance(
            actor=member, recommendation=world.draft(title="shared"), shared=True),
        "submitted": world.submitted(title="submitted"),
        "public": svc.recommendation_publish(actor=fresh(member),
                                             recommendation=world.submitted(title="public")),
        "withdrawn": svc.recommendation_withdraw(
            actor=fresh(member), recommendation=world.submitted(title="withdrawn")),
        "member_org_draft": svc.recommendation_create(
            actor=fresh(world.member_org_member), organization=world.member_org,
            party=world.party, title="member org draft", instruments=[world.untoc]),
        "other_draft": svc.recommendation_create(
            actor=fresh(world.other_member), organization=world.other_org,
            party=world.party, title="other draft", instruments=[world.untoc]),
    }
    cosigned = world.draft(title="co-sign")
    CoSignature.objects.create(recommendation=cosigned, organization=world.other_org)
    declined = world.draft(title="declined co-sign")
    CoSignature.objects.create(recommendation=declined, organization=world.other_org,
                               status=CoSignature.Status.DECLINED)
    shared_elsewhere = svc.recommendation_share_with_alliance(
        actor=fresh(world.member_org_member), shared=True,
        recommendation=svc.recommendation_create(
            actor=fresh(world.member_org_member), organization=world.member_org,
            party=world.party, title="member org shared", instruments=[world.untoc]))
    # a second alliance, not verified, whose membership is accepted
    pending_alliance = OrganizationFactory(country=world.party, is_alliance=True,
                                           status=Organization.Status.PENDING)
    pending_coordinator = MembershipFactory(organization=pending_alliance,
                                            role=Membership.Role.COORDINATOR).user
    AllianceMembership.objects.create(alliance=pending_alliance, organization=world.org,
                                      status=AllianceMembership.Status.ACCEPTED)
    ended = AllianceMembership.objects.get(alliance=world.alliance,
                                           organization=world.member_org)
    all_recs = [*recs.values(), cosigned, declined, shared_elsewhere]
    users = [None, *(world.user(r) for r in ROLES), fresh(world.member_org_member),
             fresh(world.alliance_coordinator), fresh(world.other_coordinator),
             fresh(pending_coordinator)]
    checked = 0
    for ended_now, user in itertools.product((False, True), users):
        if ended_now and ended.status != AllianceMembership.Status.ENDED:
            ended.status = AllianceMembership.Status.ENDED
            ended.save(update_fields=["status"])
        user = fresh(user)
        visible = set(recommendations_visible_to(user).filter(
            pk__in=[r.pk for r in all_recs]).values_list("pk", flat=True))
        for rec in all_recs:
            rec = Recommendation.objects.select_related("organization").get(pk=rec.pk)
            allowed = policies.can_view_recommendation(fresh(user), rec)
            assert allowed == (rec.pk in visible), (getattr(user, "email", None), rec.title)
            checked += 1
    assert checked == 2 * len(users) * len(all_recs)
