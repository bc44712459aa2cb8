"""Full-text search across the six languages (PostgreSQL).

Each recommendation's vector is built with the text-search configuration of the
language it is written in (Spanish stems Spanish, Russian Russian...). A query is
parsed with every configuration and the results OR-ed, so "trabajador migrante" finds
"trabajadores migrantes" and "торговли людьми" finds "торговля людьми", whatever the
reader's interface language. PostgreSQL has no Chinese parser: Chinese rows use
`simple`, and a query holding Chinese characters also matches them as a substring
(a trigram index, partial on Chinese rows, serves it).

The rationale may be kept from some readers (safe filing): it has a vector of its own,
searched only where the reader may read it (``policies.field_visible_q``), so a word
of a rationale kept from a reader never finds its recommendation for that reader.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Case, Q, Value, When

from portal.core.content_language import SEARCH_CONFIGS, TRIGRAM_LANGUAGES
from recommendations.models import RecommendationTranslation
from recommendations.policies import field_visible_q

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
    """The weighted vector of what every reader of a recommendation may read (not the
    rationale), in its own language's configuration."""
    from django.contrib.postgres.search import SearchVector

    config = row_config()
    return (
        SearchVector("reference", weight="A", config="simple")
        + SearchVector("title", weight="A", config=config)
        + SearchVector("text", weight="B", config=config)
    )


def rationale_vector_expression():
    """The rationale's vector, apart: whether a reader may search it depends on who reads."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("rationale", weight="C", config=row_config())


def search_match(user, q: str) -> Q:
    """The recommendations a query finds for this reader (PostgreSQL): the vector, the
    exact reference, Chinese substrings, and the rationale where the reader may read it."""
    query = search_query(q)
    # References are stored in capitals with a unique index: an exact match on it
    # combines with the GIN index (an iexact would force a scan of every row).
    return (Q(search_vector=query) | Q(reference=q.upper()) | substring_match(q)
            | (Q(rationale_vector=query) & _rationale_readable(user)))


def plain_match(user, q: str) -> Q:
    """The same without full-text search (SQLite): every word, case-insensitively."""
    rationale_readable = _rationale_readable(user)
    match = Q()
    for word in q.split()[:8]:
        match &= (Q(title__icontains=word) | Q(text__icontains=word)
                  | (Q(rationale__icontains=word) & rationale_readable)
                  | Q(reference__icontains=word))
    return match


def _rationale_readable(user) -> Q:
    return field_visible_q(user, "rationale_visibility")


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
