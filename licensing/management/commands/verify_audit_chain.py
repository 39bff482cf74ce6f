"""Verify the audit trail's hash chain: exit 0 when intact, 1 when an event was changed or removed."""

from django.core.management.base import BaseCommand, CommandError

from licensing.services.audit import verify_chain


class Command(BaseCommand):
    help = "Check that the append-only audit trail's hash chain is intact (non-zero exit when broken)."

    def handle(self, *args, **options):
        intact, checked, broken = verify_chain()
        if not intact:
            raise CommandError(f"Audit chain BROKEN at event {broken} ({checked} events checked).", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} events checked."))
