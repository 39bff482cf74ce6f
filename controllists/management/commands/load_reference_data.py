"""python manage.py load_reference_data: every dataset the product ships (idempotent)."""

from django.core.management.base import BaseCommand

from controllists.services import load_shipped_versions
from humanrights import services as hr


class Command(BaseCommand):
    help = "Load the shipped control-list versions, country measures, human-rights and end-user concerns."

    def handle(self, *args, **opts):
        corrected = []
        for r in load_shipped_versions():
            state = "imported" if r.created else "unchanged"
            if r.annex_iv_changed:
                state += f" (Annex IV flags corrected on {r.annex_iv_changed} entries)"
                if r.version.status != "draft":
                    corrected.append(r.version.version_id)
            self.stdout.write(f"control list {r.version.version_id} ({r.version.valid_from}): {state}, {r.version.status}")
        if corrected:
            # Open cases and active licences were evaluated with the earlier flags: re-evaluate them (a changed
            # recommendation flags the case for its officer, as a list change does).
            from licensing.models.reevaluation import ReevaluationTrigger
            from licensing.reevaluation.services import start_job

            job = start_job(trigger=ReevaluationTrigger.MANUAL,
                            reason=f"Annex IV reading corrected ({', '.join(corrected)})")
            self.stdout.write(f"re-evaluation job {job.pk} started for the open cases and active licences")
        self.stdout.write(f"country measures: {hr.load_country_measures()} rows")
        self.stdout.write(f"human-rights concerns: {hr.load_country_concerns()} rows")
        self.stdout.write(f"end-user concerns: {hr.load_end_user_concerns()} rows")
