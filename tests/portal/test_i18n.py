"""Six languages in pages: direction, the language menu, dates per locale."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from tests.factories import RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db

PHYSICAL = re.compile(
    r"(?<![\w-])(?:margin|padding|border)-(?:left|right)\b|(?<![\w-])(?:left|right)\s*:"
    r"|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)")


def _in(client, code):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    return client


@pytest.mark.parametrize("name", ["home", "recommendations:list"])
def test_arabic_pages_are_right_to_left(client, name):
    RecommendationFactory(title="A title in English")
    html = _in(client, "ar").get(reverse(name)).content.decode()
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    assert "left:-9999px" not in html.replace(" ", "")
    html = _in(client, "fr").get(reverse(name)).content.decode()
    assert '<html lang="fr" dir="ltr">' in html


def test_the_stylesheet_uses_logical_properties_and_no_off_screen_offsets():
    css = open(finders.find("css/portal.css"), encoding="utf-8").read()
    code = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert "-9999" not in code
    assert PHYSICAL.findall(code) == []
    assert "inset-inline-start" in code and "text-align: start" in code


def test_user_content_and_references_are_isolated(client):
    rec = RecommendationFactory(title="مكافحة الاتجار بالأشخاص", language="ar")
    html = _in(client, "ar").get(reverse("recommendations:list")).content.decode()
    assert f'lang="ar" dir="auto">{rec.title}</a>' in html
    html = _in(client, "ar").get(reverse("recommendations:detail", args=[rec.pk])).content.decode()
    assert f'<h1 lang="ar" dir="auto">{rec.title}</h1>' in html
    if rec.reference:
        assert f"<bdi>{rec.reference}</bdi>" in html


def test_the_language_menu_names_each_language_in_itself(client):
    html = client.get(reverse("home")).content.decode()
    menu = html[html.index('id="language-select"'):html.index("</select>")]
    names = re.findall(
        r'<option value="([^"]+)" lang="[^"]+" dir="(rtl|ltr)"[^>]*>([^<]+)</option>', menu)
    assert [(code, name) for code, _dir, name in names] == [
        ("ar", "العربية"), ("zh-hans", "中文"), ("en", "English"), ("fr", "Français"),
        ("ru", "Русский"), ("es", "Español")]
    assert names[0][1] == "rtl" and names[2][1] == "ltr"


def test_the_language_button_is_not_djangos_admin_change():
    with translation.override("fr"):
        assert translation.pgettext("language menu button", "Change") != "Modification"


def test_choosing_a_language_keeps_the_visitor_on_the_same_page(client):
    page = reverse("recommendations:list") + "?status=submitted"
    html = client.get(page).content.decode()
    assert f'name="next" type="hidden" value="{page.replace("&", "&amp;")}"' in html
    response = client.post(reverse("set_language"), {"language": "ru", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert '<html lang="ru" dir="ltr">' in client.get(page).content.decode()


def test_a_signed_in_users_choice_is_stored_for_their_e_mails(client):
    user = UserFactory(language="en")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    user.refresh_from_db()
    assert user.language == "ar"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})  # unknown: ignored
    user.refresh_from_db()
    assert user.language == "ar"


def test_a_french_user_signing_in_from_an_english_page_lands_on_a_french_page(client):
    from tests.accounts.helpers import PASSWORD, verified_email

    user = UserFactory(email="amelie@example.org", language="fr")
    verified_email(user)
    page = _in(client, "en").get(reverse("account_login")).content.decode()
    assert '<html lang="en" dir="ltr">' in page
    response = client.post(reverse("account_login"),
                           {"login": "amelie@example.org", "password": PASSWORD}, follow=True)
    assert response.status_code == 200 and response.redirect_chain
    assert '<html lang="fr" dir="ltr">' in response.content.decode()
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert '<html lang="fr" dir="ltr">' in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "es", "next": "/"})  # changed later
    user.refresh_from_db()
    assert user.language == "es"


def test_a_failed_sign_in_keeps_the_page_language(client):
    from tests.accounts.helpers import verified_email

    verified_email(UserFactory(email="amelie@example.org", language="fr"))
    response = _in(client, "ru").post(reverse("account_login"),
                                      {"login": "amelie@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert '<html lang="ru" dir="ltr">' in response.content.decode()
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_a_visitors_choice_touches_no_user(client):
    user = UserFactory(language="en")
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


@pytest.mark.parametrize(("code", "expected"), [
    ("ru", "15 сентября 2022"),
    ("en", "15 September 2022"),
    ("fr", "15 septembre 2022"),
    ("es", "15 de septiembre de 2022"),
    ("zh-hans", "2022年9月15日"),
    ("ar", "15 سبتمبر 2022"),
])
def test_dates_follow_the_language(code, expected):
    with translation.override(code):
        assert date_format(dt.date(2022, 9, 15), "DATE_FORMAT") == expected


def test_pages_show_russian_dates_with_genitive_months(client):
    rec = RecommendationFactory(
        submitted_at=dt.datetime(2022, 9, 15, 10, 0, tzinfo=dt.UTC),
        response_due_on=dt.date(2022, 12, 1))
    html = _in(client, "ru").get(reverse("recommendations:detail", args=[rec.pk])).content.decode()
    assert "15 сентября 2022" in html and "1 декабря 2022" in html
    assert "Сентябрь" not in html
