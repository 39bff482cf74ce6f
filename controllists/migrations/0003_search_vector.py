"""PostgreSQL only: a stored, generated tsvector column with a GIN index, so search does not
recompute to_tsvector for every row."""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS controlentry_text_fts",
    "ALTER TABLE controllists_controlentry ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', coalesce(text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS controlentry_search_vector ON controllists_controlentry USING GIN (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS controlentry_search_vector",
    "ALTER TABLE controllists_controlentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("controllists", "0002_postgres_search")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
