"""The rationale's words leave the search vector for a vector of their own, searched
only by the readers who may read the rationale (it may be kept for the government and
UNODC, or UNODC only). PostgreSQL only for the vectors and their index; on SQLite the
column stays empty (search falls back to plain matching)."""

import django.contrib.postgres.search
from django.db import migrations

CONFIG = (
    "CASE {column} WHEN 'ar' THEN 'arabic' WHEN 'en' THEN 'english' "
    "WHEN 'fr' THEN 'french' WHEN 'ru' THEN 'russian' WHEN 'es' THEN 'spanish' "
    "ELSE 'simple' END::regconfig"
)
ROW, TRANSLATION = CONFIG.format(column="r.language"), CONFIG.format(column="t.language")


def _vectors(*, rationale_apart: bool) -> list[str]:
    rationale = "setweight(to_tsvector({c}, coalesce(r.rationale, '')), 'C')".format(c=ROW)
    public = (
        "setweight(to_tsvector('simple', coalesce(r.reference, '')), 'A') || "
        f"setweight(to_tsvector({ROW}, coalesce(r.title, '')), 'A') || "
        f"setweight(to_tsvector({ROW}, coalesce(r.text, '')), 'B')"
    )
    if rationale_apart:
        first = (
            f"UPDATE recommendations_recommendation r SET search_vector = {public}, "
            f"rationale_vector = {rationale}"
        )
    else:
        first = (
            f"UPDATE recommendations_recommendation r SET search_vector = {public} || {rationale}"
        )
    # the translations' words, each stemmed in its own language (one row per language)
    translations = [
        "UPDATE recommendations_recommendation r SET search_vector = r.search_vector "
        f"|| setweight(to_tsvector({TRANSLATION}, t.title), 'A') "
        f"|| setweight(to_tsvector({TRANSLATION}, t.text), 'B') "
        "FROM recommendations_recommendationtranslation t "
        f"WHERE t.recommendation_id = r.id AND t.language = '{code}'"
        for code in ("ar", "en", "es", "fr", "ru", "zh-hans")
    ]
    return [first, *translations]


FORWARD = [
    *_vectors(rationale_apart=True),
    "CREATE INDEX IF NOT EXISTS recommendation_rationale_gin "
    "ON recommendations_recommendation USING gin (rationale_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS recommendation_rationale_gin",
    *_vectors(rationale_apart=False),
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0014_translations_of_responses_and_progress_reports")]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="rationale_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
