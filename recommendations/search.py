"""Full-text search across the six languages (PostgreSQL).

Each recommendation's vector is built with the text-search configuration of the
language it is written in (Spanish stems Spanish, Russian Russian...). A query is
parsed with every configuration and the results OR-ed, so "trabajador migrante" finds
"trabajadores migrantes" and "торговли людьми" finds "торговля людьми", whatever the
reader's interface language. PostgreSQL has no Chinese parser: Chinese rows use
`simple`, and a query holding Chinese characters also matches them as a substring
(a trigram index, partial on Chinese rows, serves it).
"""

from __future__ import annotations

import re

from django.db.models import Case, Q, Value, When

from portal.core.content_language import SEARCH_CONFIGS, TRIGRAM_LANGUAGES

# The CJK ideographs, kana and full-width forms: a query with any of them is also
# matched as a substring of Chinese texts.
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def row_config(field: str = "language") -> Case:
    """The row's regconfig name, from its language column."""
    return Case(
        *[When(**{field: code}, then=Value(config)) for code, config in SEARCH_CONFIGS.items()],
        default=Value("simple"),
    )


def search_vector_expression():
    """The weighted vector of a recommendation, in its own language's configuration."""
    from django.contrib.postgres.search import SearchVector

    config = row_config()
    return (
        SearchVector("reference", weight="A", config="simple")
        + SearchVector("title", weight="A", config=config)
        + SearchVector("text", weight="B", config=config)
        + SearchVector("rationale", weight="C", config=config)
    )


def search_query(q: str):
    """The query parsed with every language's configuration, OR-ed."""
    from django.contrib.postgres.search import SearchQuery

    query = None
    for config in dict.fromkeys(SEARCH_CONFIGS.values()):
        part = SearchQuery(q, search_type="websearch", config=config)
        query = part if query is None else query | part
    return query


def substring_match(q: str) -> Q:
    """Chinese rows whose title or text holds the query (nothing for other queries)."""
    words = [w for w in q.split() if _CJK.search(w)][:8]
    if not words:
        return Q(pk__in=[])
    match = Q(language__in=TRIGRAM_LANGUAGES)
    for word in words:
        match &= Q(title__contains=word) | Q(text__contains=word)
    return match


def translations_vector_append(recommendation_ids: list[int]) -> None:
    """Add the translations' words to their recommendations' vectors, each stemmed in its
    own language (one statement per language that has translations among these rows)."""
    from django.db import connection

    from recommendations.models import RecommendationTranslation

    languages = set(
        RecommendationTranslation.objects.filter(
            recommendation_id__in=recommendation_ids
        ).values_list("language", flat=True)
    )
    with connection.cursor() as cursor:
        for code in sorted(languages):
            config = SEARCH_CONFIGS.get(code, "simple")
            cursor.execute(
                "UPDATE recommendations_recommendation r SET search_vector = "
                "coalesce(r.search_vector, ''::tsvector) "
                "|| setweight(to_tsvector(%s::regconfig, t.title), 'A') "
                "|| setweight(to_tsvector(%s::regconfig, t.text), 'B') "
                "FROM recommendations_recommendationtranslation t "
                "WHERE t.recommendation_id = r.id AND t.language = %s AND r.id = ANY(%s)",
                [config, config, code, list(recommendation_ids)],
            )
