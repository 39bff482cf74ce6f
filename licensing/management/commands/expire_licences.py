"""Let licences whose validity has ended expire (run daily, e.g. from cron or Celery beat)."""

from django.core.management.base import BaseCommand

from licensing.services.licences import expire_due


class Command(BaseCommand):
    help = "Mark active or suspended licences past their validity as expired (each change is audited)."

    def handle(self, *args, **options):
        n = expire_due()
        self.stdout.write(f"{n} licence(s) expired.")
