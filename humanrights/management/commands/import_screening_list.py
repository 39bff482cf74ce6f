"""Import (replace) a sanctions or screening list from a file path or URL, all or nothing."""

import hashlib

from django.core.management.base import BaseCommand, CommandError

from humanrights import services
from humanrights.importers import ImportFailed, eu_fsf, ftm, read_source

PARSERS = {"eu-fsf": eu_fsf.parse, "ftm": ftm.parse}


class Command(BaseCommand):
    help = "Import a screening list: EU consolidated financial sanctions (XML/CSV) or FollowTheMoney JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("source", help="file path or http(s) URL")
        parser.add_argument("--format", required=True, choices=sorted(PARSERS))
        parser.add_argument("--name", required=True, help="the list's name, e.g. 'EU consolidated list'")
        parser.add_argument("--licence", default="", help="licence and attribution of the data")

    def handle(self, *args, source, format, name, licence, **options):
        try:
            data = read_source(source)
            records = PARSERS[format](data)
            lst = services.import_screening_list(name, format, source, records, licence=licence,
                                                 sha256=hashlib.sha256(data).hexdigest())
        except ImportFailed as exc:
            raise CommandError(f"{source}: {exc}. Nothing was imported.") from exc
        self.stdout.write(self.style.SUCCESS(f"{lst.name}: {lst.entry_count} entries imported from {source}"))
