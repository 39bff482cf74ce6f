"""Append-only records, enforced by PostgreSQL: audit events can be neither deleted nor changed (only the hash
placeholder written on insert is filled in once), and issued documents are never changed or deleted.
The hash chain (manage.py verify_audit_chain) still detects tampering by anyone who bypasses these triggers."""

from django.db import migrations

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION dualis_audit_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'audit events are append-only: DELETE refused on %', TG_TABLE_NAME;
        END IF;
        IF OLD.hash LIKE 'pending-%'
           AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_label, NEW.action, NEW.object_type, NEW.object_id,
                NEW.application_id, NEW.changes, NEW.previous_hash)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.at, OLD.actor_id, OLD.actor_label, OLD.action, OLD.object_type, OLD.object_id,
                OLD.application_id, OLD.changes, OLD.previous_hash) THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit events are append-only: UPDATE refused on %', TG_TABLE_NAME;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER licensing_auditevent_append_only BEFORE UPDATE OR DELETE ON licensing_auditevent
    FOR EACH ROW EXECUTE FUNCTION dualis_audit_append_only();
    """,
    """
    CREATE OR REPLACE FUNCTION dualis_immutable_row() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '% rows are immutable: % refused', TG_TABLE_NAME, TG_OP;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER licensing_issueddocument_immutable BEFORE UPDATE OR DELETE ON licensing_issueddocument
    FOR EACH ROW EXECUTE FUNCTION dualis_immutable_row();
    """,
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS licensing_issueddocument_immutable ON licensing_issueddocument;",
    "DROP TRIGGER IF EXISTS licensing_auditevent_append_only ON licensing_auditevent;",
    "DROP FUNCTION IF EXISTS dualis_immutable_row();",
    "DROP FUNCTION IF EXISTS dualis_audit_append_only();",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite (development): the hash chain still detects tampering
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("licensing", "0007_backoffice_licence_terms")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
