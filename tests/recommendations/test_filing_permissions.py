"""The permission matrix: every role against drafts, submitted and public
recommendations, for viewing (404 when hidden) and for every action (policies, and the
HTTP answer of a few forbidden actions)."""

import pytest
from django.test import Client
from django.urls import reverse

from recommendations import policies
from recommendations.selectors.recommendations import recommendations_visible_to
from recommendations.services import cosignatures as cosign
from recommendations.services import recommendations as svc
from tests.recommendations.filing_support import fresh, make_world

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "coordinator", "alliance_coordinator", "other_member",
         "focal", "other_focal", "agency", "staff")


def client_for(user):
    client = Client()
    if user:
        client.force_login(user)
    return client


def _states(w):
    draft = w.draft(title="A draft")
    submitted = w.submitted(title="Submitted, not public")
    public = w.submitted(title="Submitted and public")
    svc.recommendation_publish(actor=fresh(w.member), recommendation=public)
    for rec in (draft, submitted, public):
        rec.refresh_from_db()
    return draft, submitted, public


def yes(*roles):
    return {r: r in roles for r in ROLES}


VIEW = {
    # an alliance's coordinators see a member's draft only when the filer shares it
    "draft": yes("member", "coordinator"),
    "submitted": yes("member", "coordinator", "alliance_coordinator", "focal", "agency",
                     "staff"),
    "public": yes(*ROLES),
}


def test_who_sees_what():
    w = make_world()
    draft, submitted, public = _states(w)
    recs = {"draft": draft, "submitted": submitted, "public": public}
    for role in ROLES:
        user = w.user(role)
        client = client_for(user)
        visible = set(recommendations_visible_to(user).values_list("pk", flat=True))
        for state, rec in recs.items():
            expected = VIEW[state][role]
            assert (rec.pk in visible) is expected, (role, state)
            assert policies.can_view_recommendation(fresh(user), rec) is expected, (role, state)
            status = client.get(reverse("recommendations:detail", args=[rec.pk])).status_code
            assert status == (200 if expected else 404), (role, state, status)


def test_what_each_role_may_do():
    w = make_world()
    draft, submitted, public = _states(w)
    expectations = [
        ("edit", policies.can_edit_recommendation, draft, yes("member", "coordinator")),
        ("submit", policies.can_submit_recommendation, draft, yes("member", "coordinator")),
        ("withdraw", policies.can_withdraw_recommendation, submitted,
         yes("member", "coordinator")),
        ("correct", policies.can_correct_recommendation, submitted,
         yes("member", "coordinator")),
        ("publish", policies.can_publish_recommendation, submitted,
         yes("member", "coordinator")),
        ("invite co-signer", policies.can_invite_cosigner, draft, yes("member", "coordinator")),
        ("endorse", policies.can_endorse, public, yes("alliance_coordinator", "other_member")),
        ("endorse hidden", policies.can_endorse, submitted, yes("alliance_coordinator")),
        ("respond", policies.can_respond, submitted, yes("focal")),
        ("consider", policies.can_start_consideration, submitted, yes("focal")),
        ("note", policies.can_view_notes, submitted, yes("focal", "agency", "staff")),
        ("note on draft", policies.can_view_notes, draft, yes()),
        ("comment", policies.can_comment, public,
         yes(*[r for r in ROLES if r != "anonymous"])),
        ("comment unpublished", policies.can_comment, submitted, yes()),
        ("deadline", policies.can_set_deadline, submitted, yes("staff")),
    ]
    for name, policy, rec, expected in expectations:
        for role in ROLES:
            assert policy(fresh(w.user(role)) if role != "anonymous" else _anon(), rec) is \
                expected[role], (name, role)
    for role in ROLES:
        user = w.user(role) if role != "anonymous" else _anon()
        assert policies.can_moderate_comments(user) is (role == "staff"), role


def _anon():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_cosigning_is_decided_by_the_invited_organizations_coordinator():
    w = make_world()
    draft = w.draft()
    cosig = cosign.cosignature_invite(actor=fresh(w.member), recommendation=draft,
                                   organization=w.other_org)
    assert policies.can_decide_cosignature(fresh(w.other_coordinator), cosig)
    for role in ROLES:
        if role != "anonymous":
            assert not policies.can_decide_cosignature(fresh(w.user(role)), cosig), role
    # the invited organization sees the draft it is asked to co-sign
    assert policies.can_view_recommendation(fresh(w.other_member), draft)
    response = client_for(w.other_coordinator).get(
        reverse("recommendations:detail", args=[draft.pk]))
    assert response.status_code == 200
    assert b"Confirm co-signature" in response.content


def test_forbidden_actions_over_http():
    w = make_world()
    draft, submitted, public = _states(w)
    respond = reverse("recommendations:respond", args=[submitted.pk])
    assert client_for(w.other_focal).get(respond).status_code == 404
    assert client_for(w.agency).get(respond).status_code == 403
    assert client_for(w.staff).get(respond).status_code == 403
    assert client_for(None).get(respond).status_code == 302  # to sign in
    withdraw = reverse("recommendations:withdraw", args=[submitted.pk])
    assert client_for(w.focal).post(withdraw).status_code == 403
    assert client_for(w.other_member).post(withdraw).status_code == 404
    edit = reverse("recommendations:edit", args=[draft.pk])
    assert client_for(w.other_member).get(edit).status_code == 404
    assert client_for(w.focal).get(edit).status_code == 404
    note = reverse("recommendations:note_add", args=[public.pk])
    assert client_for(w.member).post(note, {"note-text": "x"}).status_code == 403
    assert client_for(w.other_member).post(note, {"note-text": "x"}).status_code == 403
    comment = reverse("recommendations:comment_add", args=[submitted.pk])
    assert client_for(w.focal).post(comment, {"comment-text": "x"}).status_code == 403
    queue = reverse("recommendations:queue")
    assert client_for(w.member).get(queue).status_code == 403
    assert client_for(w.agency).get(queue).status_code == 403
    assert client_for(w.focal).get(queue).status_code == 200
    assert client_for(w.staff).get(queue).status_code == 200
