"""The API of a recommendation's attachments, internal notes and comments (one page at a
time, moderation), role by role as the web's permission matrix: not visible is 404,
visible but refused is 403, anonymous writes 401, bad input 400 with field errors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recommendations.models import (
    Comment,
    InternalNote,
    RecommendationAttachment,
)
from recommendations.services import attachments as attach
from recommendations.services import discussion as talk
from recommendations.services import recommendations as rec_services
from tests.api.conftest import ANON_WRITE, error_of, expect, statuses, token_client
from tests.api.recommendation_support import (
    PDF,
    pdf,
    private_media,  # noqa: F401
    public,
    web,
)
from tests.recommendations.filing_support import fresh

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

# --- attachments ------------------------------------------------------------------------------


def test_attach_list_and_delete_on_a_draft(world, api):
    draft = world.draft()
    url = f"/api/v1/recommendations/{draft.pk}/attachments/"
    got = statuses(api, "post", url, lambda: {"file": pdf()}, fmt="multipart")
    assert got == expect(
        anonymous=ANON_WRITE,
        member=201,
        coordinator=201,
        other_member=404,
        focal=404,
        other_focal=404,
        agency=404,
        staff=404,
    )
    assert statuses(api, "get", url) == expect(
        anonymous=404,
        member=200,
        coordinator=200,
        other_member=404,
        focal=404,
        other_focal=404,
        agency=404,
        staff=404,
    )
    # the alliance's coordinator never changes its members' drafts (not even shared ones)
    alliance = token_client(world.alliance_coordinator)
    assert alliance.post(url, {"file": pdf()}, format="multipart").status_code == 404
    rec_services.recommendation_share_with_alliance(
        actor=fresh(world.member), recommendation=draft, shared=True
    )
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
    assert response.status_code == 415 and error_of(response)["code"] == "unsupported_media_type"
    assert not RecommendationAttachment.objects.exists()


def test_attachments_after_submission(world, api):
    draft = world.draft()
    attach.attachment_add(actor=fresh(world.member), recommendation=draft, file=pdf())
    rec = rec_services.recommendation_submit(actor=fresh(world.member), recommendation=draft)
    attachment = rec.attachments.get()
    url = f"/api/v1/recommendations/{rec.pk}/attachments/"
    # frozen: nobody attaches or removes any more (visible but refused)
    got = statuses(api, "post", url, lambda: {"file": pdf()}, fmt="multipart")
    assert got == expect(
        anonymous=ANON_WRITE,
        member=409,
        coordinator=409,
        other_member=404,
        focal=409,
        other_focal=404,
        agency=409,
        staff=409,
    )
    assert (
        "drafts"
        in error_of(api("member").post(url, {"file": pdf()}, format="multipart"))["message"]
    )
    got = statuses(api, "delete", f"{url}{attachment.pk}/")
    assert got == expect(
        anonymous=ANON_WRITE,
        member=403,
        coordinator=403,
        other_member=404,
        focal=403,
        other_focal=404,
        agency=403,
        staff=403,
    )
    # the State reads and downloads it; outsiders do not see it
    download = f"{url}{attachment.pk}/download/"
    assert statuses(api, "get", download) == expect(
        anonymous=404,
        member=200,
        coordinator=200,
        other_member=404,
        focal=200,
        other_focal=404,
        agency=200,
        staff=200,
    )
    response = api("focal").get(download, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="report.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    # the same bytes as the web's download
    page = web(world.focal).get(
        reverse("recommendations:attachment_download", args=[rec.pk, attachment.pk])
    )
    assert b"".join(page.streaming_content) == PDF
    # an attachment of another recommendation is not found under this one
    other = world.draft(title="Another draft")
    assert (
        api("member")
        .get(f"/api/v1/recommendations/{other.pk}/attachments/{attachment.pk}/download/")
        .status_code
        == 404
    )
    missing = api("focal").get(f"{url}{attachment.pk + 1000}/download/")
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"


def test_a_missing_file_on_disk_is_404(world, api):
    draft = world.draft()
    attachment = attach.attachment_add(actor=fresh(world.member), recommendation=draft, file=pdf())
    attachment.file.storage.delete(attachment.file.name)
    response = api("member").get(
        f"/api/v1/recommendations/{draft.pk}/attachments/{attachment.pk}/download/"
    )
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


# --- internal notes ---------------------------------------------------------------------------


def test_internal_notes_for_the_states_officials_and_staff(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/notes/"
    got = statuses(api, "post", url, {"text": "Ask the ministry of justice."})
    assert got == expect(
        anonymous=ANON_WRITE,
        member=403,
        coordinator=403,
        other_member=404,
        focal=201,
        other_focal=404,
        agency=201,
        staff=201,
    )
    assert statuses(api, "get", url) == expect(
        anonymous=404,
        member=403,
        coordinator=403,
        other_member=404,
        focal=200,
        other_focal=404,
        agency=200,
        staff=200,
    )
    body = api("staff").get(url).json()
    assert body["count"] == 3
    assert [n["text"] for n in body["results"]] == ["Ask the ministry of justice."] * 3
    assert body["results"][0]["author"] == world.focal.get_full_name()
    # never in what the filer or the public read
    assert (
        "ministry" not in api("member").get(f"/api/v1/recommendations/{rec.pk}/").content.decode()
    )


def test_internal_notes_on_public_and_draft_recommendations(world, api):
    rec = public(world)
    url = f"/api/v1/recommendations/{rec.pk}/notes/"
    assert statuses(api, "get", url) == expect(
        anonymous=401,
        member=403,
        coordinator=403,
        other_member=403,
        focal=200,
        other_focal=403,
        agency=200,
        staff=200,
    )
    draft = world.draft(title="Still a draft")
    got = statuses(
        api,
        "post",
        f"/api/v1/recommendations/{draft.pk}/notes/",
        {"text": "x"},
        roles=("member", "coordinator", "focal", "staff"),
    )
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
        talk.comment_create(
            actor=fresh(world.other_member), recommendation=rec, text=f"Comment {i}"
        )
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
    comment = talk.comment_create(
        actor=fresh(world.other_member), recommendation=rec, text="Buy cheap watches"
    )
    url = f"/api/v1/recommendations/{rec.pk}/comments/{comment.pk}/moderate/"
    got = statuses(api, "post", url, {"action": "hide", "reason": "Spam"})
    assert got == expect(
        anonymous=ANON_WRITE,
        member=403,
        coordinator=403,
        other_member=403,
        focal=403,
        other_focal=403,
        agency=403,
        staff=200,
    )
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
    assert (
        body["status"] == "published"
        and body["moderation"]["moderated_by"] == world.staff.get_full_name()
    )
    # the moderation's details are for moderators only
    shown = api("anonymous").get(comments).json()
    assert shown["count"] == 1 and shown["results"][0]["moderation"] is None


def test_moderation_input(world, api):
    rec = public(world)
    comment = talk.comment_create(
        actor=fresh(world.other_member), recommendation=rec, text="Off topic"
    )
    url = f"/api/v1/recommendations/{rec.pk}/comments/{comment.pk}/moderate/"
    response = api("staff").post(url, {"action": "hide"}, format="json")
    assert response.status_code == 400 and "reason" in error_of(response)["fields"]
    response = api("staff").post(url, {"action": "delete", "reason": "x"}, format="json")
    assert response.status_code == 400 and "action" in error_of(response)["fields"]
    # a non-moderator is refused whatever they send
    assert api("member").post(url, {"action": "delete"}, format="json").status_code == 403
    other = public(world, title="Another public one")
    wrong = f"/api/v1/recommendations/{other.pk}/comments/{comment.pk}/moderate/"
    assert (
        api("staff").post(wrong, {"action": "hide", "reason": "x"}, format="json").status_code
        == 404
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
