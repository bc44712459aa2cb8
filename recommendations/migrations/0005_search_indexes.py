"""PostgreSQL only: the pg_trgm extension, a GIN index on the full-text search vector
and a trigram index on titles (similar-title suggestions). Skipped on SQLite, where the
selectors fall back to simple matching."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS recommendation_search_gin "
    "ON recommendations_recommendation USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS recommendation_title_trgm "
    "ON recommendations_recommendation USING gin (title gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS recommendation_title_trgm",
    "DROP INDEX IF EXISTS recommendation_search_gin",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)
    return run


def _fill_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    Recommendation = apps.get_model("recommendations", "Recommendation")
    Recommendation.objects.update(search_vector=(
        SearchVector("reference", weight="A", config="english")
        + SearchVector("title", weight="A", config="english")
        + SearchVector("text", weight="B", config="english")
        + SearchVector("rationale", weight="C", config="english")))


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0004_filing")]
    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
        migrations.RunPython(_fill_vectors, migrations.RunPython.noop),
    ]
