"""python manage.py load_demo_data: demo organisations, people and cases (idempotent; never in production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from licensing.demo import load_demo
from licensing.demo_backoffice import load_backoffice_demo


class Command(BaseCommand):
    help = "Load demo accounts and data. Refused under production settings."

    def handle(self, *args, **opts):
        if not getattr(settings, "LOAD_DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data is never loaded with production settings.")
        summary = load_demo(password=settings.DEMO_PASSWORD)
        self.stdout.write("Demo data loaded. Sign in at http://127.0.0.1:8000/ with:")
        for email, role in summary["logins"]:
            self.stdout.write(f"  {email:28} {role:28} password: {settings.DEMO_PASSWORD}")
        # Demo cases in every status (here, not in load_demo, so the test fixture `demo` stays small and fast).
        for line in summary.get("extra", []) + load_backoffice_demo(summary["organisations"]):
            self.stdout.write(line)
