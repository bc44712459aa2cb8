"""Search finds a text in the language it is written in, whatever the query's
inflection: each row's vector uses its language's PostgreSQL configuration, the query
is parsed with all of them, and Chinese is matched as a substring (trigram-indexed)."""

import pytest
from django.db import connection

from recommendations.selectors.recommendations import (
    RecommendationFilters,
    recommendations_search,
)
from recommendations.services.recommendations import search_vector_refresh
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def _found(q: str) -> set[str]:
    return {r.title for r in recommendations_search(None, RecommendationFilters(q=q))}


@pytest.fixture
def texts():
    recs = [
        RecommendationFactory(
            language="es",
            title="Protección de los trabajadores migrantes",
            text="Los trabajadores migrantes explotados deben recibir asistencia.",
        ),
        RecommendationFactory(
            language="ru",
            title="Противодействие торговле людьми",
            text="Создать национальные механизмы перенаправления жертв торговли людьми.",
        ),
        RecommendationFactory(
            language="zh-hans",
            title="加强打击有组织犯罪的国际合作",
            text="设立保护证人的国家方案。",
        ),
        RecommendationFactory(
            language="fr",
            title="Protéger les victimes de la traite",
            text="Les victimes identifiées reçoivent un titre de séjour.",
        ),
        RecommendationFactory(
            language="en", title="Train investigators", text="Train the investigators."
        ),
    ]
    search_vector_refresh([r.pk for r in recs])
    return {r.language: r.title for r in recs}


def test_spanish_is_found_by_an_inflected_spanish_word(texts, postgres):
    assert _found("trabajador migrante") == {texts["es"]}


def test_russian_is_found_by_an_inflected_russian_word(texts, postgres):
    assert _found("торговля") == {texts["ru"]}
    assert _found("механизм перенаправления") == {texts["ru"]}
    assert _found("жертва") == {texts["ru"]}


def test_chinese_is_found_by_a_substring(texts, postgres):
    assert _found("国际合作") == {texts["zh-hans"]}
    assert _found("保护证人") == {texts["zh-hans"]}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'recommendation_text_trgm_zh'"
        )
        (indexdef,) = cursor.fetchone()
    assert "gin_trgm_ops" in indexdef and "zh-hans" in indexdef


def test_french_and_english_keep_their_stemming(texts, postgres):
    assert _found("victime identifiée") == {texts["fr"]}
    assert _found("investigator") == {texts["en"]}


def test_each_row_uses_its_own_configuration(texts, postgres):
    from recommendations.models import Recommendation

    vector = Recommendation.objects.get(language="es").search_vector
    assert "'trabaj'" in vector and "'migrant'" in vector


def test_the_fallback_without_postgresql_matches_plain_words(texts):
    if connection.vendor == "postgresql":
        pytest.skip("The SQLite fallback is exercised without DATABASE_URL.")
    assert _found("trabajadores") == {texts["es"]}
    assert _found("国际合作") == {texts["zh-hans"]}


def test_a_translation_is_found_in_its_own_language(texts, postgres):
    from recommendations.models import Recommendation
    from recommendations.services.translations import recommendation_translation_add
    from tests.factories import MembershipFactory

    rec = Recommendation.objects.get(language="es")
    member = MembershipFactory(organization=rec.organization).user
    recommendation_translation_add(
        actor=member,
        recommendation=rec,
        language="en",
        title="Protecting migrant workers",
        text="Exploited migrant workers should receive assistance.",
    )
    assert _found("exploited worker") == {texts["es"]}
    assert _found("trabajador migrante") == {texts["es"]}
