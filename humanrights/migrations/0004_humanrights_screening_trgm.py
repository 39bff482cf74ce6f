"""PostgreSQL only: a GIN trigram index over the match keys of listed names, for candidate retrieval
in screening (pg_trgm, created by controllists 0002)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS screeningname_key_trgm ON humanrights_screeningname USING GIN (key gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS screeningname_key_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("humanrights", "0003_humanrights_screening"), ("controllists", "0002_postgres_search")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
