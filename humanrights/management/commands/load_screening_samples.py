"""Demo and development: import the shipped screening samples (EU FSF excerpt, hand-written FtM entities,
fictional received denials) from tests/fixtures/screening. Idempotent: re-importing replaces them."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from humanrights import services
from humanrights.importers import ImportFailed, denials, eu_fsf, ftm

SAMPLES = Path(settings.BASE_DIR) / "tests" / "fixtures" / "screening"
EU_LICENCE = "© European Union; reuse authorised with acknowledgement (Commission Decision 2011/833/EU)."


class Command(BaseCommand):
    help = "Import the sample screening lists and received denials shipped with Dualis (demo data)."

    def handle(self, *args, **options):
        try:
            for name, fmt, parse, file in (("EU consolidated list (sample)", "eu-fsf", eu_fsf.parse, "eu_fsf_sample.xml"),
                                           ("FollowTheMoney sample", "ftm", ftm.parse, "ftm_sample.jsonl")):
                data = (SAMPLES / file).read_bytes()
                lst = services.import_screening_list(name, fmt, file, parse(data), licence=EU_LICENCE,
                                                     sha256=hashlib.sha256(data).hexdigest())
                self.stdout.write(f"{lst.name}: {lst.entry_count} entries")
            n = services.import_denials(denials.parse((SAMPLES / "denials_received.csv").read_bytes(), "csv"),
                                        source="denials_received.csv")
        except (ImportFailed, OSError) as exc:
            raise CommandError(f"{exc}. Nothing more was imported.") from exc
        self.stdout.write(self.style.SUCCESS(f"{n} received denials (fictional samples)"))
