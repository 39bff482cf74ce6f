"""python manage.py load_reference_data: every dataset the product ships (idempotent)."""

from django.core.management.base import BaseCommand

from controllists.services import load_shipped_versions
from humanrights import services as hr


class Command(BaseCommand):
    help = "Load the shipped control-list versions, country measures, human-rights and end-user concerns."

    def handle(self, *args, **opts):
        for r in load_shipped_versions():
            state = "imported" if r.created else "unchanged"
            if r.annex_iv_changed:
                state += f" (Annex IV flags corrected on {r.annex_iv_changed} entries)"
            self.stdout.write(f"control list {r.version.version_id} ({r.version.valid_from}): {state}, {r.version.status}")
        self.stdout.write(f"country measures: {hr.load_country_measures()} rows")
        self.stdout.write(f"human-rights concerns: {hr.load_country_concerns()} rows")
        self.stdout.write(f"end-user concerns: {hr.load_end_user_concerns()} rows")
