"""Import denial notifications received from other Member States (CSV or JSON), all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from humanrights import services
from humanrights.importers import ImportFailed, denials, read_source


class Command(BaseCommand):
    help = "Import denials received through the EU exchange from a CSV or JSON file."

    def add_arguments(self, parser):
        parser.add_argument("source", help="file path or http(s) URL")
        parser.add_argument("--format", required=True, choices=["csv", "json"])

    def handle(self, *args, source, format, **options):
        try:
            records = denials.parse(read_source(source), format)
            n = services.import_denials(records, source=source)
        except ImportFailed as exc:
            raise CommandError(f"{source}: {exc}. Nothing was imported.") from exc
        self.stdout.write(self.style.SUCCESS(f"{n} denials imported from {source}"))
