"""PostgreSQL only: rebuild every recommendation's search vector in the configuration
of its own language, and index Chinese texts by trigrams (PostgreSQL has no Chinese
parser; a query with Chinese characters matches them as a substring)."""

from django.db import migrations

CONFIG = (
    "CASE language WHEN 'ar' THEN 'arabic' WHEN 'en' THEN 'english' "
    "WHEN 'fr' THEN 'french' WHEN 'ru' THEN 'russian' WHEN 'es' THEN 'spanish' "
    "ELSE 'simple' END::regconfig"
)


def _vectors(config: str) -> str:
    return (
        "UPDATE recommendations_recommendation SET search_vector = "
        f"setweight(to_tsvector('simple', coalesce(reference, '')), 'A') || "
        f"setweight(to_tsvector({config}, coalesce(title, '')), 'A') || "
        f"setweight(to_tsvector({config}, coalesce(text, '')), 'B') || "
        f"setweight(to_tsvector({config}, coalesce(rationale, '')), 'C')"
    )


FORWARD = [
    _vectors(CONFIG),
    "CREATE INDEX IF NOT EXISTS recommendation_text_trgm_zh "
    "ON recommendations_recommendation USING gin (text gin_trgm_ops) "
    "WHERE language = 'zh-hans'",
]
BACKWARD = [
    "DROP INDEX IF EXISTS recommendation_text_trgm_zh",
    _vectors("'english'::regconfig"),
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0010_content_language_and_translations")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
