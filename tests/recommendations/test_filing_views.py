"""The pages, walked as the roles that use them, with wrong input."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recommendations.models import (
    Comment,
    CoSignature,
    FollowUpAction,
    Recommendation,
    RecommendationAttachment,
    Response,
)
from recommendations.services import recommendations as svc
from tests.factories import UserFactory
from tests.recommendations.filing_support import fresh, make_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def w():
    return make_world()


def client_for(user):
    client = Client()
    if user:
        client.force_login(user)
    return client


def form_data(w, **overrides):
    data = {"organization": w.org.pk, "party": w.party.pk, "title": "Create a task force",
            "text": "A *national* task force.", "rationale": "Fragmentation.",
            "instruments": [w.untoc.pk], "action": "save"}
    data.update(overrides)
    return data


def test_a_member_files_previews_and_submits(w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(w.member)
    page = client.get(reverse("recommendations:create"))
    assert page.status_code == 200 and b"data-similar-title" in page.content
    response = client.post(reverse("recommendations:create"), form_data(w, action="preview"))
    rec = Recommendation.objects.get()
    assert response.status_code == 302 and response.url == reverse("recommendations:preview",
                                                                   args=[rec.pk])
    preview = client.get(response.url)
    assert b"<em>national</em>" in preview.content and b"Submit the recommendation" in \
        preview.content
    upload = SimpleUploadedFile("evidence report.pdf", PDF, content_type="application/pdf")
    assert client.post(reverse("recommendations:attachment_upload", args=[rec.pk]),
                       {"file": upload}).status_code == 302
    bad = SimpleUploadedFile("virus.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(reverse("recommendations:attachment_upload", args=[rec.pk]),
                           {"file": bad})
    assert response.status_code == 400 and b"does not match" in response.content
    assert RecommendationAttachment.objects.count() == 1
    submit = reverse("recommendations:submit", args=[rec.pk])
    first = client.post(submit)
    second = client.post(submit)  # a double click
    rec.refresh_from_db()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == reverse("recommendations:receipt", args=[rec.pk])
    assert Recommendation.objects.exclude(reference=None).count() == 1
    receipt = client.get(first.url)
    assert rec.reference.encode() in receipt.content
    attachment = RecommendationAttachment.objects.get()
    download = reverse("recommendations:attachment_download", args=[rec.pk, attachment.pk])
    got = client_for(w.focal).get(download)
    assert got.status_code == 200 and "attachment" in got["Content-Disposition"]
    assert b"".join(got.streaming_content) == PDF
    assert client_for(w.other_member).get(download).status_code == 404
    # the text is frozen: the edit page sends the filer to the correction form
    assert client.get(reverse("recommendations:edit", args=[rec.pk])).status_code == 302


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"title": ""}, "title", b"Title: Enter a title."),
    ({"title": "x" * 201}, "title", b"at most 200 characters"),
    ({"text": "x" * 10001}, "text", b"at most 10000 characters"),
    ({"party": "MXL"}, "party", b"can only address recommendations to its own State"),
    ({"articles": "TIP6"}, "articles", b"do not belong to the instruments you chose"),
])
def test_bad_input_gives_clear_messages_and_saves_nothing(w, overrides, field, message):
    if overrides.get("party") == "MXL":
        overrides["party"] = w.other_party.pk
    if overrides.get("articles") == "TIP6":
        overrides["articles"] = [w.article(w.tip, 6).pk]
    response = client_for(w.member).post(reverse("recommendations:create"),
                                         form_data(w, **overrides))
    assert response.status_code == 400
    assert b"There is a problem" in response.content and message in response.content
    assert f'href="#id_{field}"'.encode() in response.content
    assert not Recommendation.objects.exists()


def test_a_user_without_a_verified_organization_cannot_file(w):
    response = client_for(UserFactory(password="!")).get(reverse("recommendations:create"))
    assert response.status_code == 403


def test_editing_a_stale_draft_is_a_conflict(w):
    rec = w.draft()
    stale = rec.version
    client = client_for(w.member)
    url = reverse("recommendations:edit", args=[rec.pk])
    assert client.post(url, form_data(w, title="First", version=stale)).status_code == 302
    response = client_for(w.coordinator).post(url, form_data(w, title="Second",
                                                              version=stale))
    assert response.status_code == 409 and b"Someone else changed" in response.content
    rec.refresh_from_db()
    assert rec.title == "First"


def test_submitting_an_incomplete_draft_shows_what_is_missing(w):
    rec = w.draft(text="", instruments=[])
    response = client_for(w.member).post(reverse("recommendations:submit", args=[rec.pk]))
    assert response.status_code == 400 and b"Choose at least one instrument" in \
        response.content
    rec.refresh_from_db()
    assert rec.status == "draft"


def test_the_focal_person_answers_and_a_second_answer_conflicts(w):
    rec = w.submitted()
    url = reverse("recommendations:respond", args=[rec.pk])
    page = client_for(w.focal).get(url)
    assert page.status_code == 200 and w.gov_body.name.encode() in page.content
    version = rec.version
    due = (timezone.localdate() + dt.timedelta(days=100)).isoformat()
    data = {"version": version, "position": "supported_in_part", "justification": "",
            "c-TOTAL_FORMS": 3, "c-INITIAL_FORMS": 0, "c-0-lead_body": w.gov_body.pk,
            "c-0-action": "Set up the task force", "c-0-due_on": due}
    response = client_for(w.focal).post(url, data)
    assert response.status_code == 400 and b"a justification is required" in \
        response.content
    assert not Response.objects.exists()
    data["justification"] = "We support the task force, not a new agency."
    response = client_for(w.focal).post(url, data)
    assert response.status_code == 302
    assert FollowUpAction.objects.get().title == "Set up the task force"
    data.update(position="noted", justification="Another answer")
    response = client_for(w.second_focal).post(url, data)
    # the page is closed for them now: they are told it was answered
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.response.position == "supported_in_part"
    detail = client_for(None).get(reverse("recommendations:detail", args=[rec.pk]))
    assert b"We support the task force" in detail.content
    assert b"Set up the task force" in detail.content


def test_a_simultaneous_answer_gets_a_409_with_the_winning_answer(w, monkeypatch):
    rec = w.submitted()
    url = reverse("recommendations:respond", args=[rec.pk])
    from recommendations import policies

    # both officials opened the form before either answered
    monkeypatch.setattr(policies, "can_respond", lambda user, r: True)
    data = {"version": rec.version, "position": "supported", "justification": "",
            "c-TOTAL_FORMS": 0, "c-INITIAL_FORMS": 0}
    assert client_for(w.focal).post(url, data).status_code == 302
    response = client_for(w.second_focal).post(url, dict(data, position="noted",
                                                         justification="No"))
    assert response.status_code == 409
    assert b"Another official answered" in response.content
    assert b"Supported" in response.content
    assert Response.objects.get().position == "supported"


def test_answering_a_withdrawn_recommendation(w):
    rec = w.submitted()
    svc.recommendation_withdraw(actor=fresh(w.member), recommendation=rec)
    response = client_for(w.focal).get(reverse("recommendations:respond", args=[rec.pk]),
                                       follow=True)
    assert b"it can no longer be answered" in response.content
    assert not Response.objects.exists()


def test_cosigner_confirms_in_the_browser(w):
    rec = w.draft()
    client_for(w.member).post(reverse("recommendations:cosign_invite", args=[rec.pk]),
                              {"organization": w.other_org.pk})
    cosig = CoSignature.objects.get()
    response = client_for(w.member).post(reverse("recommendations:cosign_invite",
                                                 args=[rec.pk]),
                                         {"organization": w.pending_org.pk})
    assert response.status_code == 400 and b"only verified organizations" in response.content
    assert w.pending_org.name.encode() not in response.content
    response = client_for(w.other_coordinator).post(
        reverse("recommendations:cosign_decide", args=[rec.pk, cosig.pk]),
        {"decision": "confirm"})
    assert response.status_code == 302
    cosig.refresh_from_db()
    assert cosig.status == "confirmed"
    detail = client_for(w.member).get(reverse("recommendations:detail", args=[rec.pk]))
    assert w.other_org.name.encode() in detail.content


def test_comments_notes_and_moderation_pages(w):
    rec = w.submitted()
    svc.recommendation_publish(actor=fresh(w.member), recommendation=rec)
    url = reverse("recommendations:comment_add", args=[rec.pk])
    assert client_for(w.other_member).post(url, {"comment-text": ""}).status_code == 400
    assert client_for(w.other_member).post(url, {"comment-text": "Agreed"}).status_code == 302
    comment = Comment.objects.get()
    assert client_for(w.focal).post(reverse("recommendations:note_add", args=[rec.pk]),
                                    {"note-text": "Secret"}).status_code == 302
    public = client_for(None).get(reverse("recommendations:detail", args=[rec.pk]))
    assert b"Agreed" in public.content and b"Secret" not in public.content
    assert b"Secret" in client_for(w.staff).get(
        reverse("recommendations:detail", args=[rec.pk])).content
    moderate = reverse("recommendations:comment_moderate", args=[rec.pk, comment.pk])
    assert client_for(w.member).post(moderate, {"action": "hide",
                                                "reason": "x"}).status_code == 403
    assert client_for(w.staff).post(moderate, {"action": "hide",
                                               "reason": "Spam"}).status_code == 302
    assert b"Agreed" not in client_for(None).get(
        reverse("recommendations:detail", args=[rec.pk])).content


def test_list_search_filters_and_similar_titles(w):
    a = w.submitted(title="National task force against organized crime")
    b = w.submitted(title="Support for victims of trafficking", text="Shelters for victims.")
    for rec in (a, b):
        svc.recommendation_publish(actor=fresh(w.member), recommendation=rec)
    client = client_for(None)
    page = client.get(reverse("recommendations:list"), {"q": "victims"})
    assert b"Support for victims" in page.content and b"National task force" not in \
        page.content
    page = client.get(reverse("recommendations:list"), {"party": w.party.pk,
                                                        "instrument": w.untoc.pk,
                                                        "status": "submitted",
                                                        "sort": "title"})
    assert page.content.index(b"National task force") < page.content.index(b"Support for")
    similar = client_for(w.member).get(reverse("recommendations:similar"),
                                       {"party": w.party.pk, "title": "task force organized"})
    titles = [r["title"] for r in similar.json()["results"]]
    assert titles == ["National task force against organized crime"]
    other_state = client_for(w.member).get(reverse("recommendations:similar"),
                                           {"party": w.other_party.pk,
                                            "title": "task force organized"})
    assert other_state.json()["results"] == []


def test_the_queue_shows_deadlines_and_overdue(w):
    late = w.submitted(title="Late one")
    Recommendation.objects.filter(pk=late.pk).update(
        response_due_on=timezone.localdate() - dt.timedelta(days=1))
    w.submitted(title="Fresh one")
    page = client_for(w.focal).get(reverse("recommendations:queue"))
    assert b"Late one" in page.content and b"Fresh one" in page.content
    assert b"1 overdue" in page.content
    only = client_for(w.focal).get(reverse("recommendations:queue"), {"overdue": "on"})
    assert b"Late one" in only.content and b"Fresh one" not in only.content
    other = client_for(w.other_focal).get(reverse("recommendations:queue"))
    assert b"Late one" not in other.content


def test_consolidation_page(w):
    a = w.draft(title="Draft A")
    b = svc.recommendation_create(actor=w.member_org_member, organization=w.member_org,
                                  party=w.party, title="Draft B", text="B",
                                  instruments=[w.untoc])
    client = client_for(w.alliance_coordinator)
    page = client.get(reverse("recommendations:consolidate"))
    assert b"Draft A" not in page.content  # not shared by its filer yet
    for rec, filer in ((a, w.member), (b, w.member_org_member)):
        svc.recommendation_share_with_alliance(actor=fresh(filer), recommendation=rec,
                                               shared=True)
    page = client.get(reverse("recommendations:consolidate"))
    assert b"Draft A" in page.content and b"Draft B" in page.content
    response = client.post(reverse("recommendations:consolidate"),
                           {"alliance": w.alliance.pk, "drafts": [a.pk], "title": "One"})
    assert response.status_code == 400 and b"at least two drafts" in response.content
    response = client.post(reverse("recommendations:consolidate"),
                           {"alliance": w.alliance.pk, "drafts": [a.pk, b.pk],
                            "title": "Together"})
    assert response.status_code == 302
    assert Recommendation.objects.get(title="Together").organization == w.alliance
    assert client_for(w.member).get(reverse("recommendations:consolidate")).status_code == 403
