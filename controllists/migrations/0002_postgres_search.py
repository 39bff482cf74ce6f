"""PostgreSQL only: full-text search (GIN) over the items' text, and pg_trgm for fuzzy name matching."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS controlentry_text_fts ON controllists_controlentry "
    "USING GIN (to_tsvector('english', text))",
]
BACKWARD = ["DROP INDEX IF EXISTS controlentry_text_fts"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("controllists", "0001_initial")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
