"""Translations of a State's response and of progress reports, as recommendations have
them: added by those who wrote them (the State's focal persons; whoever reports on the
action) or UNODC staff, in another official language than the original's; pages show
the reader's language with the original one click away, marked as such; the API lists,
adds and removes them; a translation is exactly as visible as what it translates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portal.core.events import event_sentence, events_for
from recommendations.services import followup as followup_svc
from recommendations.services import responses as response_svc
from recommendations.services import translations as svc
from tests.api.conftest import error_of, token_client
from tests.factories import FollowUpActionFactory
from tests.recommendations.filing_support import client_for, fresh, make_world

pytestmark = pytest.mark.django_db

EN = "The ministry will **draft the law** this year."
FR = "Le ministère **rédigera la loi** cette année."


@pytest.fixture
def w():
    return make_world()


@pytest.fixture
def response(w):
    rec = w.submitted(language="en")
    response_svc.response_create(
        actor=fresh(w.focal),
        recommendation=rec,
        expected_version=rec.version,
        position="supported",
        justification=EN,
        language="en",
    )
    rec.refresh_from_db()
    return rec.response


@pytest.fixture
def report(w):
    action = FollowUpActionFactory(party=w.party, responsible=w.agency)
    return followup_svc.progress_report_create(
        actor=fresh(w.agency),
        action=action,
        reported_on=dt.date(2025, 5, 2),
        status="in_progress",
        percent=40,
        text="Two courts trained.",
        language="en",
    )


def test_the_focal_person_or_staff_translate_the_response_others_may_not(w, response):
    svc.response_translation_add(
        actor=fresh(w.focal), response=response, language="fr", justification=FR
    )
    svc.response_translation_add(
        actor=fresh(w.staff),
        response=response,
        language="es",
        justification="El ministerio redactará la ley.",
    )
    for user in (w.member, w.other_focal, w.agency):
        with pytest.raises(PermissionDenied):
            svc.response_translation_add(
                actor=fresh(user), response=response, language="ru", justification="Министерство."
            )
    assert set(response.translations.values_list("language", flat=True)) == {"fr", "es"}
    event = events_for(response.recommendation).filter(kind="response.translation_added").first()
    assert "Translation of the response into Français added" in event_sentence(event)


def test_a_translation_in_the_original_language_is_refused_with_a_message(w, response, report):
    with pytest.raises(ValidationError) as exc:
        svc.response_translation_add(
            actor=fresh(w.focal), response=response, language="en", justification="Same."
        )
    assert exc.value.message_dict["language"] == [
        "The response is written in English: a translation must be in another language."
    ]
    with pytest.raises(ValidationError) as exc:
        svc.progress_report_translation_add(
            actor=fresh(w.agency), report=report, language="en", text=""
        )
    assert set(exc.value.message_dict) == {"language", "text"}
    assert "The progress report is written in English" in exc.value.message_dict["language"][0]


def test_the_recommendation_page_shows_the_response_in_the_readers_language(w, response):
    rec = response.recommendation
    url = reverse("recommendations:detail", args=[rec.pk])
    focal = client_for(w.focal)
    add = reverse("recommendations:response_translation_add", args=[rec.pk])
    refused = focal.post(
        add, {"response-translation-language": "en", "response-translation-justification": "Same."}
    )
    assert refused.status_code == 400
    assert "a translation must be in another language" in refused.content.decode()
    done = focal.post(
        add, {"response-translation-language": "fr", "response-translation-justification": FR}
    )
    assert done.status_code == 302 and done.url.endswith("?text=fr#response")
    assert client_for(w.member).post(add, {}).status_code == 403
    reader = client_for(None)
    html = reader.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Le ministère <strong>rédigera la loi</strong>" in html
    assert 'href="?text=original#response-language"' in html
    original = reader.get(url + "?text=original", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "The ministry will <strong>draft the law</strong>" in original
    assert "Le ministère" not in original
    english = reader.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The ministry will <strong>draft the law</strong>" in english
    assert "Original (English)" in english


def test_the_action_page_shows_progress_in_the_readers_language(w, report):
    action = report.action
    add = reverse("followup:report_translation_add", args=[action.pk, report.pk])
    agency = client_for(w.agency)
    prefix = f"report-{report.pk}"
    refused = agency.post(add, {f"{prefix}-language": "en", f"{prefix}-text": "Same."})
    assert refused.status_code == 400 and "error-summary" in refused.content.decode()
    done = agency.post(
        add, {f"{prefix}-language": "fr", f"{prefix}-text": "Deux tribunaux formés."}
    )
    assert done.status_code == 302
    assert client_for(w.member).post(add, {}).status_code in (403, 404)
    url = reverse("followup:detail", args=[action.pk])
    html = client_for(w.staff).get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Deux tribunaux formés." in html and "Two courts trained." not in html
    assert f'href="?text=original#report-{report.pk}-language"' in html
    original = client_for(w.staff).get(url + "?text=original").content.decode()
    assert "Two courts trained." in original
    delete = reverse("followup:report_translation_delete", args=[action.pk, report.pk, "fr"])
    assert client_for(w.staff).post(delete).status_code == 302
    assert not report.translations.exists()


def test_the_api_lists_adds_and_removes_translations(w, response, report):
    rec = response.recommendation
    focal = token_client(w.focal)
    url = f"/api/v1/recommendations/{rec.pk}/response/translations/"
    added = focal.post(url, {"language": "fr", "justification": FR}, format="json")
    assert added.status_code == 201, added.content
    same = focal.post(url, {"language": "en", "justification": "x"}, format="json")
    assert same.status_code == 400 and "language" in error_of(same)["fields"]
    assert token_client(w.member).post(
        url, {"language": "es", "justification": "x"}, format="json"
    ).status_code in (403, 404)
    assert [t["language"] for t in focal.get(url).json()] == ["fr"]
    assert focal.delete(url + "fr/").status_code == 204
    agency = token_client(w.agency)
    reports = f"/api/v1/actions/{report.action_id}/progress-reports/{report.pk}/translations/"
    added = agency.post(reports, {"language": "ar", "text": "تم تدريب محكمتين."}, format="json")
    assert added.status_code == 201, added.content
    assert [t["language"] for t in token_client(w.staff).get(reports).json()] == ["ar"]
    assert token_client(w.staff).delete(reports + "ar/").status_code == 204


def test_a_translation_of_a_response_awaiting_approval_is_not_public(w):
    w.party.requires_second_approval = True
    w.party.save()
    rec = w.submitted(language="en")
    response = response_svc.response_create(
        actor=fresh(w.focal),
        recommendation=rec,
        expected_version=rec.version,
        position="supported",
        justification=EN,
        language="en",
    )
    assert not response.is_published
    svc.response_translation_add(
        actor=fresh(w.focal), response=response, language="fr", justification=FR
    )
    page = (
        client_for(None)
        .get(reverse("recommendations:detail", args=[rec.pk]), HTTP_ACCEPT_LANGUAGE="fr")
        .content.decode()
    )
    assert "Le ministère" not in page
    url = f"/api/v1/recommendations/{rec.pk}/response/translations/"
    assert token_client(w.member).get(url).status_code == 404
    assert token_client(w.staff).get(url).status_code == 200
