"""Lists sorted by a name sort by the name the reader sees: the API's ``ordering=name``
on States (and instruments' titles), in ``?lang=``/Accept-Language."""

from __future__ import annotations

import pytest
from django.utils import translation

from consultations.models import Instrument, Party
from consultations.selectors.parties import party_ids_by_local_name
from portal.core.ordering import collation_key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_after():
    """The requests leave the reader's language active in the thread: not after the test."""
    with translation.override("en"):
        yield


def _all_names(client, url: str) -> list[str]:
    names: list[str] = []
    while url:
        page = client.get(url).json()
        names += [row["name"] for row in page["results"]]
        url = page["next"]
    return names


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru", "ar", "zh-hans"])
def test_the_api_sorts_states_by_their_name_in_the_readers_language(client, lang):
    names = _all_names(client, f"/api/v1/parties/?ordering=name&page_size=100&lang={lang}")
    assert len(names) == Party.objects.count()
    assert names == sorted(names, key=collation_key)
    default = _all_names(client, f"/api/v1/parties/?page_size=100&lang={lang}")
    assert default == names  # the default ordering is the name too
    backwards = _all_names(client, f"/api/v1/parties/?ordering=-name&page_size=100&lang={lang}")
    assert backwards == names[::-1]


def test_a_french_reader_finds_allemagne_among_the_a(client):
    names = _all_names(client, "/api/v1/parties/?ordering=name&page_size=100&lang=fr")
    # English order would put Germany (Allemagne) among the G's
    assert names.index("Allemagne") < names.index("Angola") < names.index("Belgique")
    assert names.index("Égypte") < names.index("Érythrée") < names.index("Espagne")
    english = _all_names(client, "/api/v1/parties/?ordering=name&page_size=100")
    assert english.index("Germany") > english.index("France")


def test_filters_and_ordering_combine(client):
    rows = client.get("/api/v1/parties/?regional_group=WEOG&ordering=name&lang=de-DE").json()
    names = [row["name"] for row in rows["results"]]  # unknown language: English
    assert names == sorted(names, key=collation_key) and "Germany" in names


def test_instruments_sort_by_their_title_in_the_readers_language(client):
    rows = client.get("/api/v1/instruments/?ordering=short_title&lang=fr").json()["results"]
    with translation.override("fr"):
        expected = sorted(Instrument.objects.all(), key=lambda i: collation_key(str(i)))
    assert [row["code"] for row in rows] == [i.code for i in expected]


def test_the_state_order_follows_the_active_language():
    with translation.override("fr"):
        french = party_ids_by_local_name()
    with translation.override("en"):
        english = party_ids_by_local_name()
    assert sorted(french) == sorted(english) and french != english
