"""Word -> names look-ups read (token, name) pairs from one covering index (index-only scans), not
scattered table pages."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("humanrights", "0005_humanrights_screening_tokens")]
    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS screeningname_tokens_postings "
            "ON humanrights_screeningname_tokens (screeningtoken_id, screeningname_id)",
            "DROP INDEX IF EXISTS screeningname_tokens_postings",
        ),
    ]
