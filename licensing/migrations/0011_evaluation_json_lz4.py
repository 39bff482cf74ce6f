"""Evaluation's JSON columns (request, response: about 7 kB a record) compressed with lz4 instead of pglz where
the server offers it (PostgreSQL 14+ built with lz4, as the Debian and Docker images are): about a third less
PostgreSQL CPU per stored evaluation, about a quarter more disk (docs/scaling.md). Affects rows written from now."""

from django.db import migrations

COLUMNS = ("request", "response")


def _set(schema_editor, method):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        cur.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cur.fetchone()
        if not (row and row[0]):
            return
        table = schema_editor.quote_name("licensing_evaluation")
        cur.execute(f"ALTER TABLE {table} "
                    + ", ".join(f"ALTER COLUMN {schema_editor.quote_name(c)} SET COMPRESSION {method}" for c in COLUMNS))


def lz4(apps, schema_editor):
    _set(schema_editor, "lz4")


def default(apps, schema_editor):
    _set(schema_editor, "default")


class Migration(migrations.Migration):
    dependencies = [("licensing", "0010_reevaluation_chunk_case_ids")]

    operations = [migrations.RunPython(lz4, default, elidable=False)]
