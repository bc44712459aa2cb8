"""Asking for a language (?lang=, Accept-Language), and reference data in six languages."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from consultations.models import Cluster, Instrument, Party, WorkingGroup
from portal.core.territories import state_name
from recommendations.forms.recommendations import RecommendationFilterForm
from recommendations.models import SdgTarget, Theme
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def _html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?lang=fr", "fr"),
        ("?lang=zh", "zh-hans"),
        ("?lang=zh-CN", "zh-hans"),
        ("?lang=AR", "ar"),
        ("?lang=es-MX", "es"),
        ("?lang=xx", "en"),
        ("?lang=", "en"),
        ("?lang=..%2F..%2Fetc", "en"),
        ("?lang=" + "r" * 500, "en"),
    ],
)
def test_lang_in_the_query_string_chooses_the_page_language(client, query, expected):
    response = client.get(reverse("recommendations:list") + query, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert _html_lang(response) == expected


@pytest.mark.parametrize(
    "header",
    ["xx-YY", "*", "ru;q=abc", "klingon, tlh;q=0.9", "", "a" * 300, "zh-Hant-TW;q=0.8, zh;q=0.5"],
)
def test_an_unknown_accept_language_falls_back_without_error(client, header):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert _html_lang(response) in {"en", "zh-hans"}
    if "zh" not in header:
        assert _html_lang(response) == "en"


def test_the_api_speaks_the_language_asked_for(client):
    url = "/api/v1/parties/?iso3=GBR"
    english = client.get(url).json()["results"][0]["name"]
    assert english == "United Kingdom of Great Britain and Northern Ireland"
    assert client.get(url + "&lang=fr").json()["results"][0]["name"] == (
        "Royaume-Uni de Grande-Bretagne et d’Irlande du Nord"
    )
    by_header = client.get(url, HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    assert by_header.json()["results"][0]["name"] == (
        "Соединенное Королевство Великобритании и Северной Ирландии"
    )
    assert by_header["Content-Language"] == "ru"
    unknown = client.get(url + "&lang=xx", HTTP_ACCEPT_LANGUAGE="fr")
    assert unknown.status_code == 200
    assert unknown.json()["results"][0]["name"] == english
    instruments = client.get("/api/v1/instruments/?lang=ar").json()["results"]
    assert instruments[0]["title"] == "اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية"
    clusters = client.get("/api/v1/clusters/?lang=es").json()["results"]
    assert clusters[0]["title"] == "Penalización y jurisdicción"


@pytest.mark.parametrize(
    ("iso3", "code", "expected"),
    [
        ("TUR", "en", "Türkiye"),
        ("TUR", "fr", "Türkiye"),
        ("TUR", "ru", "Турция"),
        ("IRN", "en", "Iran (Islamic Republic of)"),
        ("IRN", "es", "Irán (República Islámica del)"),
        ("PAK", "ar", "باكستان"),
        ("PAK", "zh-hans", "巴基斯坦"),
        ("PAK", "ru", "Пакистан"),
        ("MEX", "fr", "Mexique"),
        ("VNM", "fr", "Viet Nam"),
        ("EUU", "zh-hans", "欧洲联盟"),
        ("VAT", "ar", "الكرسي الرسولي"),
    ],
)
def test_states_are_named_in_the_readers_language(iso3, code, expected):
    party = Party.objects.get(iso3=iso3)
    with translation.override(code):
        assert party.local_name == expected
        assert str(party) == expected


def test_every_state_has_a_name_in_every_language():
    parties = list(Party.objects.all())
    assert len(parties) > 190
    for code in ("ar", "zh-hans", "ru"):
        # Another script: a name still in English is a name not found.
        english = [
            p.name
            for p in parties
            if state_name(iso3=p.iso3, iso2=p.iso2, english=p.name, language=code) == p.name
        ]
        assert english == [], (code, english)
    for code in ("fr", "es"):
        with translation.override(code):
            assert str(Party.objects.get(iso3="DEU")) in {"Allemagne", "Alemania"}


def test_reference_data_reads_in_six_languages():
    untoc = Instrument.objects.get(code="untoc")
    cluster = Cluster.objects.get(number=1)
    group = WorkingGroup.objects.get(name="Trafficking in Persons")
    theme = Theme.objects.get(slug="cybercrime")
    target = SdgTarget.objects.get(code="16.4")
    with translation.override("fr"):
        assert untoc.local_title == (
            "Convention des Nations Unies contre la criminalité transnationale organisée"
        )
        assert str(cluster) == "I: Incrimination et compétence"
        assert str(group) == "Traite des personnes"
        assert str(theme) == "Cybercriminalité"
        assert str(target) == "ODD 16.4"
    with translation.override("zh-hans"):
        assert str(untoc) == "有组织犯罪公约"
        assert target.local_title.startswith("大幅减少非法资金和武器流动")
    with translation.override("en"):
        assert str(theme) == "Cybercrime" and str(untoc) == "UNTOC"
    # Every seeded row has all five languages, for each of its texts.
    for model, fields in [
        (Instrument, ["short_title", "title"]),
        (Cluster, ["title"]),
        (WorkingGroup, ["name"]),
        (Theme, ["name"]),
        (SdgTarget, ["title"]),
    ]:
        for row in model.objects.all():
            for code in ("ar", "zh-hans", "fr", "ru", "es"):
                for field in fields:
                    assert row.translations[code][field], (row, code, field)


def test_a_translation_staff_wrote_is_kept_by_load_reference():
    from django.core.management import call_command

    theme = Theme.objects.get(slug="gender")
    theme.translations["fr"]["name"] = "Égalité des genres"
    theme.save()
    call_command("load_reference")
    theme.refresh_from_db()
    assert theme.translations["fr"]["name"] == "Égalité des genres"


def test_filters_list_states_by_their_name_in_the_page_language(client):
    for iso3 in ("DEU", "DZA", "EGY", "ESP", "ZAF"):
        RecommendationFactory(party=Party.objects.get(iso3=iso3))
    with translation.override("fr"):
        form = RecommendationFilterForm(data={})
        # the options as rendered (written once per language as HTML, then cached)
        labels = [unescape(label) for label in
                  re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', str(form["party"]))]
    # Algérie, Allemagne, Afrique du Sud, Égypte, Espagne: the accent aside.
    assert labels == sorted(labels, key=lambda s: s.replace("É", "E"))
    assert "Égypte" in labels and "Allemagne" in labels
    html = client.get(reverse("recommendations:list") + "?lang=ru").content.decode()
    assert "Германия" in html


def test_the_filing_form_offers_states_sorted_in_the_readers_language():
    from recommendations.forms.recommendations import RecommendationForm

    with translation.override("es"):
        field = RecommendationForm.base_fields["party"]
        labels = [str(label) for value, label in field.choices if value]
    assert labels.index("Alemania") < labels.index("Egipto") < labels.index("Zimbabue")
    assert "Türkiye" in labels


def test_charts_are_mirrored_right_to_left():
    from recommendations.charts import bar_chart

    rows = [("Submitted", 4), ("Responded", 2.5)]
    with translation.override("en"):
        ltr = bar_chart(chart_id="c", title="t", rows=rows)
    with translation.override("ar"):
        rtl = bar_chart(chart_id="c", title="t", rows=rows)
    # Left to right: bars start after the labels (x=230); mirrored, they end before the
    # labels, at 580 - 230 = 350, the longest one starting at 50.
    assert '<rect x="230"' in ltr and 'direction="ltr"' in ltr
    assert '<rect x="50.0" y="8" width="300.0"' in rtl and 'direction="rtl"' in rtl
    assert '<text x="356"' in rtl and "2,5" in rtl  # the label, then an Arabic decimal comma


def test_a_new_account_keeps_the_language_it_signed_up_in(client, mailoutbox):
    from portal.accounts.models import User

    response = client.post(
        reverse("account_signup") + "?lang=ru",
        {
            "email": "novyi@example.org",
            "full_name": "Новый пользователь",
            "password1": "correct horse battery staple 42",
            "password2": "correct horse battery staple 42",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="novyi@example.org").language == "ru"
    # The verification e-mail went out in Russian too.
    assert "Подтвердите" in mailoutbox[0].subject or "адрес" in mailoutbox[0].body


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/consultations/party/",
        "/admin/consultations/instrument/1/change/",
        "/admin/recommendations/recommendation/",
        "/admin/recommendations/theme/",
    ],
)
def test_the_admin_works_in_arabic(client, url):
    from tests.consultations.events_support import with_totp
    from tests.factories import UserFactory

    RecommendationFactory(title="مكافحة الاتجار بالأشخاص")
    staff = with_totp(UserFactory(is_staff=True, is_superuser=True))
    client.force_login(staff)
    response = client.get(url + "?lang=ar")
    assert response.status_code == 200, url
    html = response.content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "الإدارة" in html or "إدارة" in html  # the admin's own texts, in Arabic


def test_the_states_page_names_and_sorts_states_in_the_readers_language(client):
    for iso3 in ("DEU", "DZA", "ZAF"):
        RecommendationFactory(party=Party.objects.get(iso3=iso3))
    html = client.get(reverse("states:list") + "?lang=fr").content.decode()
    # Afrique du Sud, Algérie, Allemagne: the French order, not the English one.
    assert html.index("Afrique du Sud") < html.index("Algérie") < html.index("Allemagne")
    html = client.get(reverse("states:detail", args=["DEU"]) + "?lang=zh").content.decode()
    assert "<h1>德国</h1>" in html and "德国：按状态分列的后续行动" in html


def test_notifications_name_the_state_in_the_readers_language():
    from django.utils.translation import gettext_noop

    from portal.notifications.messages import msg, render_message, state_msg

    stored = msg(
        gettext_noop("New recommendation %(ref)s for %(state)s"),
        ref="PAK-2022-0003",
        state=state_msg(Party.objects.get(iso3="PAK")),
    )
    with translation.override("ar"):
        assert "باكستان" in render_message(stored)
    with translation.override("ru"):
        assert "Пакистан" in render_message(stored)
    with translation.override("en"):
        assert render_message(stored) == "New recommendation PAK-2022-0003 for Pakistan"
    # A State the names do not know keeps the name it was stored with.
    odd = msg(
        gettext_noop("New recommendation %(ref)s for %(state)s"),
        ref="X",
        state={"state": "QQQ", "iso2": "", "name": "Testland"},
    )
    with translation.override("fr"):
        assert render_message(odd).endswith("Testland")
