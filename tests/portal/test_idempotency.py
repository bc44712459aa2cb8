"""A repeated post creates one thing (issue 16): the web forms' one-time token and the
API's Idempotency-Key header."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.core.idempotency import create_once
from portal.core.models import IdempotencyKey
from recommendations.models import Comment, ProgressReport, Recommendation
from recommendations.services import recommendations as svc
from tests.recommendations.filing_support import client_for, fresh, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


def token_of(html: str) -> str:
    return re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', html).group(1)


def test_a_double_click_on_save_draft_creates_one_draft(w):
    client = client_for(w.member)
    key = token_of(client.get(reverse("recommendations:create")).content.decode())
    data = {"action": "save", "organization": w.org.pk, "party": w.party.pk,
            "title": "Ratify the Firearms Protocol", "idempotency_key": key}
    first = client.post(reverse("recommendations:create"), data)
    second = client.post(reverse("recommendations:create"), data)
    assert Recommendation.objects.count() == 1
    rec = Recommendation.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("recommendations:edit",
                                                              args=[rec.pk])
    # a new rendering is a new token: the next draft is a new one
    key2 = token_of(client.get(reverse("recommendations:create")).content.decode())
    assert key2 != key
    client.post(reverse("recommendations:create"), {**data, "idempotency_key": key2})
    assert Recommendation.objects.count() == 2


def test_a_malformed_or_missing_token_is_no_error(w):
    client = client_for(w.member)
    data = {"action": "save", "organization": w.org.pk, "party": w.party.pk, "title": "T"}
    assert client.post(reverse("recommendations:create"), data).status_code == 302
    bad = {**data, "idempotency_key": "<script>" * 40}
    assert client.post(reverse("recommendations:create"), bad).status_code == 302
    assert Recommendation.objects.count() == 2


def test_a_failed_create_leaves_the_token_unused(w):
    def fail():
        raise ValidationError("no")

    with pytest.raises(ValidationError):
        create_once(user=w.member, key="k" * 32, scope="/x/", create=fail)
    assert not IdempotencyKey.objects.exists()
    rec, created = create_once(user=w.member, key="k" * 32, scope="/x/",
                               create=lambda: w.draft())
    again, created_again = create_once(user=w.member, key="k" * 32, scope="/x/",
                                       create=lambda: w.draft())
    assert created and not created_again and again.pk == rec.pk
    # another user's identical key is theirs
    _other, created_other = create_once(user=w.coordinator, key="k" * 32, scope="/x/",
                                        create=lambda: w.draft())
    assert created_other and Recommendation.objects.count() == 2


def test_comments_and_progress_reports_posted_twice_are_saved_once(w):
    from django.utils import timezone

    from recommendations.models import FollowUpAction

    rec = w.submitted()
    svc.recommendation_publish(actor=fresh(w.member), recommendation=rec)
    client = client_for(w.other_member)
    key = token_of(client.get(reverse("recommendations:detail", args=[rec.pk])).content
                   .decode())
    for _ in range(2):
        client.post(reverse("recommendations:comment_add", args=[rec.pk]),
                    {"comment-text": "We support this.", "idempotency_key": key})
    assert Comment.objects.count() == 1
    action = FollowUpAction.objects.create(party=w.party, title="Draft a bill",
                                           lead_body=w.gov_body)
    action.recommendations.add(rec)
    agency = client_for(w.agency)
    url = reverse("followup:report", args=[action.pk])
    key = token_of(agency.get(url).content.decode())
    data = {"reported_on": timezone.localdate().isoformat(), "text": "Bill circulated.",
            "status": "in_progress", "percent": "30", "idempotency_key": key}
    assert agency.post(url, data).status_code == 302
    assert agency.post(url, data).status_code == 302
    assert ProgressReport.objects.count() == 1


def test_a_double_click_on_invite_sends_one_invitation(w):
    from recommendations.models import CoSignature

    rec = w.draft()
    client = client_for(w.member)
    url = reverse("recommendations:detail", args=[rec.pk])
    key = token_of(client.get(url).content.decode())
    data = {"organization": w.other_org.pk, "idempotency_key": key}
    invite = reverse("recommendations:cosign_invite", args=[rec.pk])
    assert client.post(invite, data).status_code == 302
    assert client.post(invite, data).status_code == 302
    assert CoSignature.objects.count() == 1
    # without the token, a second invitation is refused with a clear message
    again = client.post(invite, {"organization": w.other_org.pk})
    assert again.status_code == 400 and "already been invited" in again.content.decode()


def test_the_api_returns_the_first_result_for_a_repeated_key(w):
    from tests.api.conftest import token_client

    api = token_client(w.member)
    payload = {"organization": w.org.pk, "party": w.party.pk, "title": "Shared data"}
    headers = {"HTTP_IDEMPOTENCY_KEY": "draft-0001-abcdef"}
    first = api.post("/api/v1/recommendations/", payload, format="json", **headers)
    second = api.post("/api/v1/recommendations/", payload, format="json", **headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Recommendation.objects.count() == 1
    # the same key for another request is refused, a malformed key too, nothing created
    rec_id = first.json()["id"]
    other = api.post(f"/api/v1/recommendations/{rec_id}/cosignatures/",
                     {"organization": w.member_org.pk}, format="json", **headers)
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    bad = api.post("/api/v1/recommendations/", payload, format="json",
                   HTTP_IDEMPOTENCY_KEY="x")
    assert bad.status_code == 400
    # a route without POST still answers 405 with a key
    assert api.post(f"/api/v1/recommendations/{rec_id}/timeline/", {}, format="json",
                    HTTP_IDEMPOTENCY_KEY="draft-0003-abcdef").status_code == 405
    # without a key, each post creates
    api.post("/api/v1/recommendations/", payload, format="json")
    assert Recommendation.objects.count() == 2


def test_an_api_error_leaves_the_key_free(w):
    from tests.api.conftest import token_client

    api = token_client(w.member)
    headers = {"HTTP_IDEMPOTENCY_KEY": "draft-0002-abcdef"}
    refused = api.post("/api/v1/recommendations/", {"organization": w.org.pk,
                                                    "party": w.party.pk, "title": ""},
                       format="json", **headers)
    assert refused.status_code == 400
    ok = api.post("/api/v1/recommendations/", {"organization": w.org.pk,
                                               "party": w.party.pk, "title": "Fixed"},
                  format="json", **headers)
    assert ok.status_code == 201


def test_the_api_replays_the_first_answer_and_refuses_another_body(w):
    from tests.api.conftest import token_client

    api = token_client(w.member)
    url = "/api/v1/recommendations/"
    headers = {"HTTP_IDEMPOTENCY_KEY": "draft-0004-abcdef"}
    payload = {"organization": w.org.pk, "party": w.party.pk, "title": "Shared data"}
    first = api.post(url, payload, format="json", **headers)
    # the same body with other spacing and key order is the same request
    body = f'{{ "title": "Shared data", "party": {w.party.pk}, "organization": {w.org.pk} }}'
    same = api.generic("POST", url, body, content_type="application/json", **headers)
    assert same.status_code == 201 and same.json() == first.json()
    assert same["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    changed = api.post(url, {**payload, "title": "Another title"}, format="json", **headers)
    assert changed.status_code == 422
    error = changed.json()["error"]
    assert "already used for another request" in error["message"]
    assert error["fields"]["idempotency_key"]
    assert Recommendation.objects.count() == 1


def test_consultations_creates_honour_the_key_too(w):
    from consultations.models import Organization
    from tests.api.conftest import token_client

    api = token_client(w.member)
    payload = {"name": "Lahore Legal Aid Network", "category": "civil_society",
               "country": w.party.pk}
    headers = {"HTTP_IDEMPOTENCY_KEY": "org-register-0001"}
    before = Organization.objects.count()
    first = api.post("/api/v1/organizations/", payload, format="json", **headers)
    second = api.post("/api/v1/organizations/", payload, format="json", **headers)
    assert first.status_code == second.status_code == 201, first.content
    assert first.json() == second.json()
    assert Organization.objects.count() == before + 1


def test_an_upload_retried_with_the_same_key_is_stored_once(w, settings, tmp_path):
    """A multipart body differs in its boundary on every try: the fields and the file's
    content decide whether it is the same request."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from recommendations.models import RecommendationAttachment
    from tests.api.conftest import token_client

    settings.MEDIA_ROOT = tmp_path
    draft = w.draft()
    api = token_client(w.member)
    url = f"/api/v1/recommendations/{draft.pk}/attachments/"
    headers = {"HTTP_IDEMPOTENCY_KEY": "upload-0001-abcdef"}

    def upload(content=b"%PDF-1.4\n1"):
        return {"file": SimpleUploadedFile("report.pdf", content, "application/pdf")}

    first = api.post(url, upload(), format="multipart", **headers)
    second = api.post(url, upload(), format="multipart", **headers)
    assert first.status_code == second.status_code == 201, first.content
    assert first.json() == second.json()
    assert RecommendationAttachment.objects.filter(recommendation=draft).count() == 1
    other = api.post(url, upload(b"%PDF-1.4\n2"), format="multipart", **headers)
    assert other.status_code == 422


def test_a_double_click_on_the_answer_records_one_response(w):
    from recommendations.models import Response

    rec = w.submitted()
    client = client_for(w.focal)
    url = reverse("recommendations:respond", args=[rec.pk])
    key = token_of(client.get(url).content.decode())
    data = {"version": rec.version, "position": "supported", "justification": "",
            "c-TOTAL_FORMS": 0, "c-INITIAL_FORMS": 0, "idempotency_key": key}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302 and second.redirect_chain[0][0] == first["Location"]
    assert "Your response was published." in second.content.decode()
    assert "already been answered" not in second.content.decode()
    assert Response.objects.filter(recommendation=rec).count() == 1


def test_a_double_click_on_create_token_makes_one_token(w):
    from portal.accounts.models import ApiToken

    client = client_for(w.member)
    url = reverse("api_token_create")
    key = token_of(client.get(url).content.decode())
    first = client.post(url, {"name": "report script", "idempotency_key": key})
    assert first.status_code == 201
    second = client.post(url, {"name": "report script", "idempotency_key": key}, follow=True)
    # the secret is shown once: the repeat shows the token in the list and says so
    assert second.redirect_chain[0][0] == reverse("api_tokens")
    html = second.content.decode()
    assert "was created by your first click" in html and "report script" in html
    assert ApiToken.objects.filter(user=w.member).count() == 1
