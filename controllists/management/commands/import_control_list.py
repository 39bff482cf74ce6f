"""python manage.py import_control_list FILE: import one control-list version atomically and idempotently."""

from django.core.management.base import BaseCommand, CommandError

from controllists.models import VersionStatus
from controllists.parsing import ParseError
from controllists.services import import_control_list


class Command(BaseCommand):
    help = "Import a control-list version (JSON dataset). The same file twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--general-authorisations", help="ugea.json with the Annex II authorisations")
        parser.add_argument("--annex-iv", help="the Annex IV to apply (e.g. controllists/data/annex_iv_2021-09-09.json)"
                                               " instead of FILE's own rows")
        parser.add_argument("--annex-iv-from", help="take Annex IV from this dataset if FILE has none")
        parser.add_argument(
            "--status", choices=[s.value for s in VersionStatus], default=VersionStatus.DRAFT,
            help="draft (default: review and activate later), active, or superseded",
        )
        parser.add_argument("--amending-act", default="")
        parser.add_argument("--regime-updates", default="")

    def handle(self, *args, **o):
        try:
            result = import_control_list(
                o["file"],
                general_authorisations=o["general_authorisations"],
                annex_iv_from=o["annex_iv_from"],
                annex_iv=o["annex_iv"],
                status=o["status"],
                amending_act=o["amending_act"],
                regime_updates=o["regime_updates"],
            )
        except ParseError as exc:
            raise CommandError(f"{o['file']}: {exc}. Nothing was imported.") from exc
        v = result.version
        if result.created:
            self.stdout.write(f"Imported {v.version_id}: {v.entry_count} entries, {v.item_count} items ({v.status}).")
        else:
            self.stdout.write(f"{v.version_id} is already imported with the same checksum; nothing changed.")
