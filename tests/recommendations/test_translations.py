"""Translations of a recommendation: added by the filer or UNODC staff in another
official language (never the original's), shown to readers of that language with the
original one click away, on the pages and in the API, at a fixed number of queries."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.core.events import event_sentence, events_for
from recommendations.models import Recommendation, RecommendationTranslation
from recommendations.services import discussion as talk
from recommendations.services import recommendations as rec_svc
from recommendations.services import translations as svc
from tests.api.conftest import error_of, token_client
from tests.recommendations.filing_support import client_for, fresh, make_world

pytestmark = pytest.mark.django_db

FR_TITLE = "Créer un groupe de travail national"
FR_TEXT = "Un **groupe de travail national** centralisé contre la criminalité organisée."


@pytest.fixture
def w():
    return make_world()


@pytest.fixture
def rec(w):
    rec = w.submitted(language="en")
    return rec_svc.recommendation_publish(actor=fresh(w.member), recommendation=rec)


def _add(actor, rec, language="fr", title=FR_TITLE, text=FR_TEXT):
    return svc.recommendation_translation_add(
        actor=fresh(actor), recommendation=rec, language=language, title=title, text=text
    )


def test_the_filer_adds_a_translation_with_an_event(w, rec):
    translation = _add(w.member, rec)
    assert (translation.language, translation.title) == ("fr", FR_TITLE)
    event = events_for(rec).get(kind="recommendation.translation_added")
    assert "Translation into Français added" in event_sentence(event)
    # adding the language again replaces it
    _add(w.member, rec, title="Groupe de travail")
    assert list(rec.translations.values_list("title", flat=True)) == ["Groupe de travail"]


def test_unodc_staff_may_translate_others_may_not(w, rec):
    _add(w.staff, rec, language="es", title="Crear un grupo de trabajo", text="Texto.")
    for user in (w.other_member, w.focal, w.alliance_coordinator):
        with pytest.raises(PermissionDenied):
            _add(user, rec, language="ru", title="Создать", text="Текст.")
    assert set(rec.translations.values_list("language", flat=True)) == {"es"}


def test_a_draft_is_translated_by_its_filer_only(w):
    draft = w.draft(language="en")
    _add(w.member, draft)
    with pytest.raises(PermissionDenied):
        _add(w.staff, draft, language="es")


def test_the_original_language_is_refused_with_a_message(w, rec):
    with pytest.raises(ValidationError) as exc:
        _add(w.member, rec, language="en", title="Same", text="Same.")
    assert exc.value.message_dict["language"] == [
        "The recommendation is written in English: a translation must be in another language."
    ]
    with pytest.raises(ValidationError) as exc:
        _add(w.member, rec, language="xx", title="", text="")
    assert set(exc.value.message_dict) == {"language", "title", "text"}
    assert not RecommendationTranslation.objects.exists()


def test_the_page_shows_the_readers_language_and_the_original_one_click_away(w, rec):
    _add(w.member, rec)
    client = client_for(None)
    url = reverse("recommendations:detail", args=[rec.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'<h1 lang="fr" dir="auto">{FR_TITLE}</h1>' in html
    assert 'lang="fr" dir="auto"><p>Un <strong>groupe de travail national</strong>' in html
    assert "?text=original" in html
    original = client.get(url + "?text=original", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<h1 lang="en" dir="auto">Create a national task force</h1>' in original
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h1 lang="en" dir="auto">Create a national task force</h1>' in english
    assert "Original (English)" in english and 'href="?text=fr#text-language"' in english
    french_from_english = client.get(url + "?text=fr").content.decode()
    assert "Translation (French), added by" in french_from_english


def test_the_web_form_adds_and_refuses_with_govuk_errors(w, rec):
    client = client_for(w.member)
    url = reverse("recommendations:translation_add", args=[rec.pk])
    response = client.post(
        url, {"translation-language": "en", "translation-title": "T", "translation-text": "T."}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and "a translation must be in another language" in html
    assert 'href="#id_translation-language"' in html
    response = client.post(
        url,
        {"translation-language": "fr", "translation-title": FR_TITLE, "translation-text": FR_TEXT},
    )
    assert response.status_code == 302 and "?text=fr" in response.url
    assert rec.translations.get().title == FR_TITLE
    delete = reverse("recommendations:translation_delete", args=[rec.pk, "fr"])
    assert client_for(w.other_member).post(delete).status_code == 403
    assert client.post(delete).status_code == 302
    assert not rec.translations.exists()


def test_the_api_adds_lists_and_displays_translations(w, rec):
    member = token_client(w.member)
    url = f"/api/v1/recommendations/{rec.pk}/translations/"
    response = member.post(
        url, {"language": "FR", "title": FR_TITLE, "text": FR_TEXT}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["language"] == "fr"
    same = member.post(url, {"language": "en", "title": "T", "text": "T"}, format="json")
    assert same.status_code == 400 and "language" in error_of(same)["fields"]
    unknown = member.post(url, {"language": "klingon", "title": "T", "text": "T"}, format="json")
    assert unknown.status_code == 400 and "language" in error_of(unknown)["fields"]
    anonymous = token_client(None)
    assert [t["language"] for t in anonymous.get(url).json()] == ["fr"]
    detail = anonymous.get(f"/api/v1/recommendations/{rec.pk}/?lang=fr").json()
    assert detail["title"] == "Create a national task force" and detail["language"] == "en"
    assert detail["display"] == {
        "language": "fr",
        "title": FR_TITLE,
        "text": FR_TEXT,
        "is_original": False,
        "original_language": "en",
        "translated_by": w.member.get_full_name(),
    }
    by_header = anonymous.get(
        f"/api/v1/recommendations/{rec.pk}/", HTTP_ACCEPT_LANGUAGE="fr"
    ).json()
    assert by_header["display"]["title"] == FR_TITLE
    english = anonymous.get(f"/api/v1/recommendations/{rec.pk}/?lang=en").json()
    assert english["display"]["is_original"] is True
    assert member.delete(url + "fr/").status_code == 204
    assert not rec.translations.exists()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="fr").status_code == 200
    return len(ctx.captured_queries)


def test_translations_do_not_add_queries(w, rec):
    client = client_for(w.member)
    page = reverse("recommendations:detail", args=[rec.pk])
    api = f"/api/v1/recommendations/{rec.pk}/"
    api_client = token_client(w.member)
    _add(w.member, rec)
    _queries(client, page), _queries(api_client, api)  # warm the per-process caches
    before = (_queries(client, page), _queries(api_client, api))
    for language in ("es", "ru", "ar", "zh-hans"):
        _add(w.staff, rec, language=language, title=f"{language} title", text="Texte.")
    assert (_queries(client, page), _queries(api_client, api)) == before


def test_language_of_content_is_validated_by_the_api(w):
    member = token_client(w.member)
    body = {"organization": w.org.pk, "party": w.party.pk, "title": "Título", "language": "xx"}
    response = member.post("/api/v1/recommendations/", body, format="json")
    assert response.status_code == 400 and "language" in error_of(response)["fields"]
    response = member.post("/api/v1/recommendations/", {**body, "language": "es"}, format="json")
    assert response.status_code == 201 and response.json()["language"] == "es"
    defaulted = member.post(
        "/api/v1/recommendations/",
        {**body, "language": ""},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert defaulted.status_code in (201, 400)
    omitted = {k: v for k, v in body.items() if k != "language"}
    response = member.post(
        "/api/v1/recommendations/", omitted, format="json", HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert response.status_code == 201
    assert Recommendation.objects.get(pk=response.json()["id"]).language == "ru"


def test_forms_preselect_the_interface_language_and_pages_mark_content(w, rec):
    client = client_for(w.member)
    html = client.get(reverse("recommendations:create"), HTTP_ACCEPT_LANGUAGE="es")
    assert '<option value="es" selected>' in html.content.decode()
    talk.comment_create(
        actor=fresh(w.member), recommendation=rec, text="Комментарий на русском", language="ru"
    )
    page = client.get(reverse("recommendations:detail", args=[rec.pk])).content.decode()
    assert '<p lang="ru" dir="auto">Комментарий на русском</p>' in page


def test_the_list_shows_titles_in_the_readers_language(w, rec, django_assert_max_num_queries):
    """Each count is of the first request after a change (the page may be cached)."""
    client = client_for(None)
    url = reverse("recommendations:list")
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")  # per-process caches
    _add(w.member, rec)
    with CaptureQueriesContext(connection) as one:
        client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    for language in ("es", "ru"):
        _add(w.staff, rec, language=language, title=f"{language} title", text="Texte.")
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'lang="fr" dir="auto">{FR_TITLE}</a>' in html
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en" dir="auto">Create a national task force</a>' in english


def test_an_unknown_language_in_a_form_is_a_field_error(w, rec):
    client = client_for(w.member)
    data = {
        "organization": w.org.pk,
        "party": w.party.pk,
        "title": "Crear un grupo",
        "text": "Texto.",
        "instruments": [w.untoc.pk],
        "action": "save",
        "language": "xx",
    }
    response = client.post(reverse("recommendations:create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_language"' in html and "Choose one of the portal" in html
    assert not Recommendation.objects.filter(title="Crear un grupo").exists()
    response = client.post(reverse("recommendations:create"), {**data, "language": "es"})
    assert response.status_code == 302
    assert Recommendation.objects.get(title="Crear un grupo").language == "es"
    comment = token_client(w.member).post(
        f"/api/v1/recommendations/{rec.pk}/comments/",
        {"text": "Hi", "language": "xx"},
        format="json",
    )
    assert comment.status_code == 400 and "language" in error_of(comment)["fields"]
