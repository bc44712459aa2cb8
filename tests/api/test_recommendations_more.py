"""The recommendation-side endpoints that mirror the rest of the web: attachments,
internal notes, comment moderation, corrections (versions), consolidation, "under
consideration", the response deadline, the focal person's queue, similar titles, the
timeline, and one page at a time for every sub-list. Role by role, as the web's
permission matrix: not visible is 404, visible but refused is 403, anonymous writes 401,
bad input 400 with field errors, never a 500."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recommendations.models import (
    Comment,
    InternalNote,
    Recommendation,
    RecommendationAttachment,
    RecommendationVersion,
)
from recommendations.services import attachments as attach
from recommendations.services import discussion as talk
from recommendations.services import recommendations as rec_services
from recommendations.services import responses as response_services
from tests.api.conftest import ROLES, error_of, token_client
from tests.recommendations.filing_support import fresh

pytestmark = pytest.mark.django_db
ANON_WRITE = 401
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def statuses(api, method: str, url: str, data=None, roles=ROLES, fmt="json"
             ) -> dict[str, int]:
    """Each role's answer; data may be a callable (a fresh upload, a new text per role)."""
    out = {}
    for role in roles:
        payload = data() if callable(data) else data
        kwargs = {} if payload is None else {"data": payload, "format": fmt}
        response = getattr(api(role), method)(url, **kwargs)
        assert response.status_code < 500, (role, response.content)
        if response.status_code >= 400:
            error_of(response)
        out[role] = response.status_code
    return out


def expect(**kwargs) -> dict[str, int]:
    return {role: kwargs[role] for role in ROLES}


def pdf(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def public(world, **kwargs) -> Recommendation:
    rec = world.submitted(**kwargs)
    return rec_services.recommendation_publish(actor=fresh(world.member), recommendation=rec)


def web(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- attachments ------------------------------------------------------------------------------


def test_attach_list_and_delete_on_a_draft(world, api):
    draft = world.draft()
    url = f"/api/v1/recommendations/{draft.pk}/attachments/"
    got = statuses(api, "post", url, lambda: {"file": pdf()}, fmt="multipart")
    assert got == expect(anonymous=ANON_WRITE, member=201, coordinator=201, other_member=404,
                         focal=404, other_focal=404, agency=404, staff=404)
    assert statuses(api, "get", url) == expect(
        anonymous=404, member=200, coordinator=200, other_member=404, focal=404,
        other_focal=404, agency=404, staff=404)
    # the alliance's coordinator never changes its members' drafts (not even shared ones)
    alliance = token_client(world.alliance_coordinator)
    assert alliance.post(url, {"file": pdf()}, format="multipart").status_code == 404
    rec_services.recommendation_share_with_alliance(actor=fresh(world.member),
                                                    recommendation=draft, shared=True)
    assert alliance.post(url, {"file": pdf()}, format="multipart").status_code == 403
    body = api("member").get(url).json()
    assert body["count"] == 2
    first = body["results"][0]
    assert first["name"] == "report.pdf" and first["size"] == len(PDF)
    assert first["download_url"] == f"{url}{first['id']}/download/"
    one = f"{url}{first['id']}/"
    assert api("member").get(one).json()["id"] == first["id"]
    got = statuses(api, "delete", one, roles=("anonymous", "other_member", "focal", "staff"))
    assert got == {"anonymous": ANON_WRITE, "other_member": 404, "focal": 404, "staff": 404}
    assert api("member").delete(one).status_code == 204
    assert api("member").get(one).status_code == 404
    assert RecommendationAttachment.objects.filter(recommendation=draft).count() == 1


def test_upload_checks_the_file_like_the_web(world, api):
    draft = world.draft()
    url = f"/api/v1/recommendations/{draft.pk}/attachments/"
    member = api("member")
    for upload, needle in [
        (pdf("virus.pdf", b"MZ not a pdf at all"), "does not match"),
        (pdf("script.exe", b"MZ"), "must be a PDF"),
        (pdf("empty.pdf", b""), ""),
    ]:
        response = member.post(url, {"file": upload}, format="multipart")
        assert response.status_code == 400, response.content
        error = error_of(response)
        assert "file" in error["fields"]
        assert needle in " ".join(error["fields"]["file"])
    response = member.post(url, {}, format="multipart")
    assert response.status_code == 400 and "file" in error_of(response)["fields"]
    response = member.post(url, {"file": "not a file"}, format="json")
    assert response.status_code == 415 and error_of(response)["code"] == \
        "unsupported_media_type"
    assert not RecommendationAttachment.objects.exists()


def test_attachments_after_submission(world, api):
    draft = world.draft()
    attach.attachment_add(actor=fresh(world.member), recommendation=draft, file=pdf())
    rec = rec_services.recommendation_submit(actor=fresh(world.member), recommendation=draft)
    attachment = rec.attachments.get()
    url = f"/api/v1/recommendations/{rec.pk}/attachments/"
    # frozen: nobody attaches or removes any more (visible but refused)
    got = statuses(api, "post", url, lambda: {"file": pdf()}, fmt="multipart")
    assert got == expect(anonymous=ANON_WRITE, member=409, coordinator=409, other_member=404,
                         focal=409, other_focal=404, agency=409, staff=409)
    assert "drafts" in error_of(api("member").post(url, {"file": pdf()},
                                                   format="multipart"))["message"]
    got = statuses(api, "delete", f"{url}{attachment.pk}/")
    assert got == expect(anonymous=ANON_WRITE, member=403, coordinator=403, other_member=404,
                         focal=403, other_focal=404, agency=403, staff=403)
    # the State reads and downloads it; outsiders do not see it
    download = f"{url}{attachment.pk}/download/"
    assert statuses(api, "get", download) == expect(
        anonymous=404, member=200, coordinator=200, other_member=404, focal=200,
        other_focal=404, agency=200, staff=200)
    response = api("focal").get(download, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="report.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    # the same bytes as the web's download
    page = web(world.focal).get(reverse("recommendations:attachment_download",
                                        args=[rec.pk, attachment.pk]))
    assert b"".join(page.streaming_content) == PDF
    # an attachment of another recommendation is not found under this one
    other = world.draft(title="Another draft")
    assert api("member").get(
        f"/api/v1/recommendations/{other.pk}/attachments/{attachment.pk}/download/"
    ).status_code == 404
    missing = api("focal").get(f"{url}{attachment.pk + 1000}/download/")
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"


def test_a_missing_file_on_disk_is_404(world, api):
    draft = world.draft()
    attachment = attach.attachment_add(actor=fresh(world.member), recommendation=draft,
                                             file=pdf())
    attachment.file.storage.delete(attachment.file.name)
    response = api("member").get(
        f"/api/v1/recommendations/{draft.pk}/attachments/{attachment.pk}/download/")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


# --- internal notes ---------------------------------------------------------------------------


def test_internal_notes_for_the_states_officials_and_staff(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/notes/"
    got = statuses(api, "post", url, {"text": "Ask the ministry of justice."})
    assert got == expect(anonymous=ANON_WRITE, member=403, coordinator=403, other_member=404,
                         focal=201, other_focal=404, agency=201, staff=201)
    assert statuses(api, "get", url) == expect(
        anonymous=404, member=403, coordinator=403, other_member=404, focal=200,
        other_focal=404, agency=200, staff=200)
    body = api("staff").get(url).json()
    assert body["count"] == 3
    assert [n["text"] for n in body["results"]] == ["Ask the ministry of justice."] * 3
    assert body["results"][0]["author"] == world.focal.get_full_name()
    # never in what the filer or the public read
    assert "ministry" not in api("member").get(f"/api/v1/recommendations/{rec.pk}/").content \
        .decode()


def test_internal_notes_on_public_and_draft_recommendations(world, api):
    rec = public(world)
    url = f"/api/v1/recommendations/{rec.pk}/notes/"
    assert statuses(api, "get", url) == expect(
        anonymous=401, member=403, coordinator=403, other_member=403, focal=200,
        other_focal=403, agency=200, staff=200)
    draft = world.draft(title="Still a draft")
    got = statuses(api, "post", f"/api/v1/recommendations/{draft.pk}/notes/", {"text": "x"},
                   roles=("member", "coordinator", "focal", "staff"))
    assert got == {"member": 403, "coordinator": 403, "focal": 404, "staff": 404}


def test_internal_note_needs_text(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/notes/"
    for data in ({}, {"text": ""}, {"text": "x" * 5001}, {"text": ["a", "b"]}):
        response = api("focal").post(url, data, format="json")
        assert response.status_code == 400 and "text" in error_of(response)["fields"], data
    response = api("focal").post(url, {"text": "   "}, format="json")
    assert response.status_code == 400 and "text" in error_of(response)["fields"]
    assert not InternalNote.objects.exists()


# --- comments: one page at a time, and moderation ---------------------------------------------


def test_comments_are_paginated(world, api):
    rec = public(world)
    for i in range(5):
        talk.comment_create(actor=fresh(world.other_member), recommendation=rec,
                                    text=f"Comment {i}")
    url = f"/api/v1/recommendations/{rec.pk}/comments/"
    first = api("anonymous").get(url, {"page_size": 2}).json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["next"]
    assert [c["text"] for c in first["results"]] == ["Comment 0", "Comment 1"]
    last = api("anonymous").get(url, {"page_size": 2, "page": 3}).json()
    assert [c["text"] for c in last["results"]] == ["Comment 4"] and last["next"] is None
    assert len(api("anonymous").get(url, {"page_size": 100}).json()["results"]) == 5
    too_many = api("anonymous").get(url, {"page_size": 1000})  # above the maximum: refused
    assert too_many.status_code == 400 and "page_size" in error_of(too_many)["fields"]
    beyond = api("anonymous").get(url, {"page": 9})
    assert beyond.status_code == 404 and error_of(beyond)["code"] == "not_found"


def test_moderators_hide_and_restore_comments(world, api):
    rec = public(world)
    comment = talk.comment_create(actor=fresh(world.other_member), recommendation=rec,
                                          text="Buy cheap watches")
    url = f"/api/v1/recommendations/{rec.pk}/comments/{comment.pk}/moderate/"
    got = statuses(api, "post", url, {"action": "hide", "reason": "Spam"})
    assert got == expect(anonymous=ANON_WRITE, member=403, coordinator=403, other_member=403,
                         focal=403, other_focal=403, agency=403, staff=200)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN and comment.moderation_reason == "Spam"
    comments = f"/api/v1/recommendations/{rec.pk}/comments/"
    assert api("anonymous").get(comments).json()["count"] == 0
    assert api("member").get(comments).json()["count"] == 0
    seen = api("staff").get(comments).json()["results"]
    assert [(c["id"], c["status"]) for c in seen] == [(comment.pk, "hidden")]
    assert seen[0]["moderation"]["reason"] == "Spam"
    assert seen[0]["moderation"]["moderated_by"] == world.staff.get_full_name()
    # hidden from everybody but the moderators: for the others it is not there at all
    assert api("member").post(url, {"action": "restore"}, format="json").status_code == 404
    response = api("staff").post(url, {"action": "restore"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "published" and body["moderation"]["moderated_by"] == \
        world.staff.get_full_name()
    # the moderation's details are for moderators only
    shown = api("anonymous").get(comments).json()
    assert shown["count"] == 1 and shown["results"][0]["moderation"] is None


def test_moderation_input(world, api):
    rec = public(world)
    comment = talk.comment_create(actor=fresh(world.other_member), recommendation=rec,
                                          text="Off topic")
    url = f"/api/v1/recommendations/{rec.pk}/comments/{comment.pk}/moderate/"
    response = api("staff").post(url, {"action": "hide"}, format="json")
    assert response.status_code == 400 and "reason" in error_of(response)["fields"]
    response = api("staff").post(url, {"action": "delete", "reason": "x"}, format="json")
    assert response.status_code == 400 and "action" in error_of(response)["fields"]
    # a non-moderator is refused whatever they send
    assert api("member").post(url, {"action": "delete"}, format="json").status_code == 403
    other = public(world, title="Another public one")
    wrong = f"/api/v1/recommendations/{other.pk}/comments/{comment.pk}/moderate/"
    assert api("staff").post(wrong, {"action": "hide", "reason": "x"},
                             format="json").status_code == 404
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED


# --- corrections ------------------------------------------------------------------------------


def test_versions_and_corrections_by_the_filer(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/versions/"
    assert statuses(api, "get", url) == expect(
        anonymous=404, member=200, coordinator=200, other_member=404, focal=200,
        other_focal=404, agency=200, staff=200)
    assert [v["number"] for v in api("focal").get(url).json()["results"]] == [1]
    counter = itertools.count()

    def correction():
        n = next(counter)
        return {"title": "Create a national task force", "note": f"Typo {n}",
                "text": f"A centralized national task force against organized crime ({n})."}

    got = statuses(api, "post", url, correction)
    assert got == expect(anonymous=ANON_WRITE, member=201, coordinator=201, other_member=404,
                         focal=403, other_focal=404, agency=403, staff=403)
    versions = api("focal").get(url).json()["results"]
    assert [v["number"] for v in versions] == [1, 2, 3]
    assert versions[-1]["note"] == "Typo 2"
    rec.refresh_from_db()
    assert rec.text.endswith("(2).") and RecommendationVersion.objects.filter(
        recommendation=rec).count() == 3


def test_correction_input_conflicts_and_closed_recommendations(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/versions/"
    member = api("member")
    response = member.post(url, {"title": "T", "text": "New text"}, format="json")
    assert response.status_code == 400 and "note" in error_of(response)["fields"]
    response = member.post(url, {"title": rec.title, "text": rec.text, "note": "Nothing"},
                           format="json")
    assert response.status_code == 400 and "text" in error_of(response)["fields"]
    current = Recommendation.objects.get(pk=rec.pk).version
    stale = {"expected_version": current + 7, "title": "T", "text": "Other", "note": "Fix"}
    response = member.post(url, stale, format="json")
    assert response.status_code == 409
    assert error_of(response)["code"] == "conflict"
    response_services.response_create(actor=fresh(world.focal), recommendation=rec,
                                      expected_version=Recommendation.objects.get(
                                          pk=rec.pk).version,
                                      position="supported", justification="", commitments=[])
    response = member.post(url, {"title": "T", "text": "Late", "note": "Late"}, format="json")
    assert response.status_code == 403 and "answered" in error_of(response)["message"]
    draft = world.draft(title="A draft")
    response = member.post(f"/api/v1/recommendations/{draft.pk}/versions/",
                           {"title": "T", "text": "x", "note": "x"}, format="json")
    assert response.status_code == 403


# --- consolidation ----------------------------------------------------------------------------


def _members_drafts(world):
    """Two drafts of the alliance's members, each shared with the alliance by its filer."""
    a = world.draft(title="Draft A")
    b = rec_services.recommendation_create(
        actor=fresh(world.member_org_member), organization=world.member_org, party=world.party,
        title="Draft B", text="B", instruments=[world.untoc])
    a = rec_services.recommendation_share_with_alliance(actor=fresh(world.member),
                                                         recommendation=a, shared=True)
    b = rec_services.recommendation_share_with_alliance(
        actor=fresh(world.member_org_member), recommendation=b, shared=True)
    return a, b


def test_consolidation_by_the_alliance_coordinator(world, api):
    a, b = _members_drafts(world)
    coordinator = token_client(world.alliance_coordinator)
    candidates = coordinator.get("/api/v1/recommendations/consolidation-candidates/")
    assert candidates.status_code == 200
    assert {r["id"] for r in candidates.json()["results"]} == {a.pk, b.pk}
    got = statuses(api, "get", "/api/v1/recommendations/consolidation-candidates/")
    assert got == expect(anonymous=401, member=403, coordinator=403, other_member=403,
                         focal=403, other_focal=403, agency=403, staff=403)
    data = {"alliance": world.alliance.pk, "drafts": [a.pk, b.pk], "title": "Together"}
    got = statuses(api, "post", "/api/v1/recommendations/consolidate/", data)
    assert got == expect(anonymous=ANON_WRITE, member=403, coordinator=403, other_member=403,
                         focal=403, other_focal=403, agency=403, staff=403)
    response = coordinator.post("/api/v1/recommendations/consolidate/", data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "Together" and body["status"] == "draft"
    assert body["organization"]["id"] == world.alliance.pk
    assert set(Recommendation.objects.filter(consolidated_into_id=body["id"])
               .values_list("pk", flat=True)) == {a.pk, b.pk}
    # consolidated drafts are no longer candidates
    assert coordinator.get("/api/v1/recommendations/consolidation-candidates/").json()[
        "count"] == 0


def test_consolidation_input(world, api):
    a, b = _members_drafts(world)
    coordinator = token_client(world.alliance_coordinator)
    url = "/api/v1/recommendations/consolidate/"
    outsider = rec_services.recommendation_create(
        actor=fresh(world.other_member), organization=world.other_org, party=world.party,
        title="Not a member's draft", text="x", instruments=[world.untoc])
    cases = [
        ({"alliance": world.alliance.pk, "drafts": [a.pk], "title": "One"}, "drafts"),
        ({"alliance": world.alliance.pk, "drafts": [a.pk, outsider.pk], "title": "X"},
         "drafts"),
        ({"alliance": world.org.pk, "drafts": [a.pk, b.pk], "title": "X"}, "alliance"),
        ({"alliance": world.alliance.pk, "drafts": [a.pk, b.pk]}, "title"),
        ({"alliance": "x", "drafts": "y", "title": "X"}, "alliance"),
        ({"alliance": world.alliance.pk, "drafts": [a.pk, 2**40], "title": "X"}, "drafts"),
    ]
    for data, field in cases:
        response = coordinator.post(url, data, format="json")
        assert response.status_code == 400, (data, response.content)
        assert field in error_of(response)["fields"], (data, error_of(response))
    # drafts to different States: the service's rule, as a 400
    b.party = world.other_party
    b.save()
    response = coordinator.post(url, {"alliance": world.alliance.pk, "drafts": [a.pk, b.pk],
                                      "title": "X"}, format="json")
    assert response.status_code == 400
    assert "different States" in error_of(response)["message"]
    assert not Recommendation.objects.filter(organization=world.alliance).exists()


# --- under consideration and the response deadline --------------------------------------------


def test_the_focal_person_marks_under_consideration(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/consider/"
    got = statuses(api, "post", url, {"note": "Sent to the ministry"})
    assert got == expect(anonymous=ANON_WRITE, member=403, coordinator=403, other_member=404,
                         focal=200, other_focal=404, agency=403, staff=403)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.UNDER_CONSIDERATION
    again = api("focal").post(url, {}, format="json")  # a double click changes nothing
    assert again.status_code == 200 and again.json()["status"] == "under_consideration"
    other = world.submitted(title="Withdrawn one")
    rec_services.recommendation_withdraw(actor=fresh(world.member), recommendation=other)
    response = api("focal").post(f"/api/v1/recommendations/{other.pk}/consider/", {},
                                 format="json")
    assert response.status_code == 409 and "withdrawn" in error_of(response)["message"]
    response = api("focal").post(url, {"note": "x" * 2001}, format="json")
    assert response.status_code == 400 and "note" in error_of(response)["fields"]


def test_unodc_staff_change_the_response_deadline(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/deadline/"
    due = timezone.localdate() + dt.timedelta(days=120)
    got = statuses(api, "post", url, {"due_on": due.isoformat(), "note": "Extension"})
    assert got == expect(anonymous=ANON_WRITE, member=403, coordinator=403, other_member=404,
                         focal=403, other_focal=404, agency=403, staff=200)
    rec.refresh_from_db()
    assert rec.response_due_on == due
    staff = api("staff")
    for data, field in [({"due_on": (timezone.localdate() - dt.timedelta(days=400))
                          .isoformat()}, "due_on"),
                        ({"due_on": "tomorrow"}, "due_on"), ({}, "due_on"),
                        ({"due_on": due.isoformat(), "note": "x" * 301}, "note")]:
        response = staff.post(url, data, format="json")
        assert response.status_code == 400 and field in error_of(response)["fields"], data
    # answered: no deadline any more (visible, refused)
    rec_services.recommendation_withdraw(actor=fresh(world.member), recommendation=rec)
    assert staff.post(url, {"due_on": due.isoformat()}, format="json").status_code == 403


# --- the focal person's queue, similar titles, the timeline -----------------------------------


def test_the_queue_for_focal_persons_and_staff(world, api):
    late = world.submitted(title="Late one")
    Recommendation.objects.filter(pk=late.pk).update(
        response_due_on=timezone.localdate() - dt.timedelta(days=1))
    world.submitted(title="Fresh one")
    assert statuses(api, "get", "/api/v1/recommendations/queue/") == expect(
        anonymous=401, member=403, coordinator=403, other_member=403, focal=200,
        other_focal=200, agency=403, staff=200)
    rows = api("focal").get("/api/v1/recommendations/queue/").json()["results"]
    assert [(r["title"], r["is_overdue"]) for r in rows] == [("Late one", True),
                                                             ("Fresh one", False)]
    only = api("focal").get("/api/v1/recommendations/queue/", {"overdue": "true"}).json()
    assert [r["title"] for r in only["results"]] == ["Late one"]
    assert api("other_focal").get("/api/v1/recommendations/queue/").json()["count"] == 0
    assert api("staff").get("/api/v1/recommendations/queue/").json()["count"] == 2
    found = api("focal").get("/api/v1/recommendations/queue/", {"q": "fresh"}).json()
    assert [r["title"] for r in found["results"]] == ["Fresh one"]
    counts = api("focal").get("/api/v1/recommendations/queue/counts/")
    assert counts.json() == {"open": 2, "overdue": 1}
    assert api("member").get("/api/v1/recommendations/queue/counts/").status_code == 403
    response = api("focal").get("/api/v1/recommendations/queue/", {"status": "nonsense"})
    assert response.status_code == 400 and "status" in error_of(response)["fields"]
    # the same rows as the web's queue
    page = web(world.focal).get(reverse("recommendations:queue"))
    assert [r.pk for r in page.context["page"]] == [r["id"] for r in rows]


def test_similar_titles(world, api):
    a = public(world, title="National task force against organized crime")
    public(world, title="Support for victims of trafficking")
    url = "/api/v1/recommendations/similar/"
    params = {"party": world.party.pk, "title": "task force organized"}
    assert set(statuses(api, "get", f"{url}?party={world.party.pk}&title=task+force+"
                                    "organized").values()) == {200}
    rows = api("member").get(url, params).json()
    assert [r["id"] for r in rows] == [a.pk]
    assert api("member").get(url, {**params, "exclude": a.pk}).json() == []
    assert api("member").get(url, {**params, "party": world.other_party.pk}).json() == []
    for bad, field in [({"party": "x", "title": "task"}, "party"), ({"party": 1}, "title")]:
        response = api("member").get(url, bad)
        assert response.status_code == 400 and field in error_of(response)["fields"]


def test_timeline_hides_the_drafting_history_from_outsiders(world, api):
    rec = public(world)
    url = f"/api/v1/recommendations/{rec.pk}/timeline/"
    assert set(statuses(api, "get", url).values()) == {200}
    outsider = [e["kind"] for e in api("anonymous").get(url).json()["results"]]
    insider = [e["kind"] for e in api("member").get(url).json()["results"]]
    assert "recommendation.submitted" in outsider and "recommendation.created" not in outsider
    assert insider[0] == "recommendation.created"
    entry = api("focal").get(url).json()["results"][0]
    assert set(entry) == {"kind", "label", "occurred_at", "actor", "note"}
    assert entry["label"] == "Draft created"
    draft = world.draft(title="A draft")
    assert statuses(api, "get", f"/api/v1/recommendations/{draft.pk}/timeline/",
                    roles=("anonymous", "member", "focal")) == {
        "anonymous": 404, "member": 200, "focal": 404}


def test_detail_links_to_every_sub_list(world, api):
    """The detail's numbers and the sub-lists agree (versions, comments)."""
    rec = public(world)
    talk.comment_create(actor=fresh(world.other_member), recommendation=rec,
                                text="Agreed")
    detail = api("other_member").get(f"/api/v1/recommendations/{rec.pk}/").json()
    versions = api("other_member").get(f"/api/v1/recommendations/{rec.pk}/versions/").json()
    assert [v["number"] for v in detail["versions"]] == [v["number"] for v in
                                                          versions["results"]]
    comments = api("other_member").get(f"/api/v1/recommendations/{rec.pk}/comments/").json()
    assert comments["count"] == 1 and comments["results"][0]["text"] == "Agreed"


def test_permissions_say_what_each_role_may_do_as_the_web_does(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/"
    flags = ("correct", "consider", "set_deadline", "notes", "moderate_comments", "attach",
             "approve_response")
    got = {role: {f for f in flags if api(role).get(url).json()["permissions"][f]}
           for role in ("member", "coordinator", "focal", "agency", "staff")}
    assert got == {"member": {"correct"}, "coordinator": {"correct"},
                   "focal": {"consider", "notes"}, "agency": {"notes"},
                   "staff": {"set_deadline", "notes", "moderate_comments"}}
    draft = world.draft(title="A draft")
    assert api("member").get(f"/api/v1/recommendations/{draft.pk}/").json()[
        "permissions"]["attach"] is True
    # the web's detail page offers the same actions, under the same names, for every role
    for role, user in (("member", world.member), ("focal", world.focal),
                       ("staff", world.staff)):
        page = web(user).get(reverse("recommendations:detail", args=[rec.pk]))
        can = {k: v for k, v in page.context["can"].items()
               if k not in ("is_filer", "is_author")}  # facts about the reader, not actions
        assert can == api(role).get(url).json()["permissions"], role
