"""Bulk benchmark data: `python manage.py generate_load_data --applications 100000` (never part of make run)."""

import time

from django.core.management.base import BaseCommand, CommandError

from licensing.reevaluation import loaddata


class Command(BaseCommand):
    help = "Create realistic submitted applications and active licences in bulk, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=1000, help="number of applications (default 1000)")
        parser.add_argument("--licences", type=int, default=None, help="active licences (default applications/20)")
        parser.add_argument("--organisations", type=int, default=50)
        parser.add_argument("--batch", type=int, default=2000, help="rows per bulk insert")
        parser.add_argument("--seed", type=int, default=None, help="random seed, for repeatable data")

    def handle(self, *args, applications, licences, organisations, batch, seed, **options):
        from controllists.selectors import version_in_force

        if applications < 0 or (licences is not None and licences < 0):
            raise CommandError("--applications and --licences must not be negative")
        if version_in_force() is None:
            raise CommandError("no control-list version is loaded: run `python manage.py load_reference_data` first")
        start = time.perf_counter()

        def progress(n):
            if options["verbosity"] > 1 or n % 20000 < batch:
                self.stderr.write(f"  {n} applications ({time.perf_counter() - start:.1f} s)")

        counts = loaddata.generate(applications, licences=licences, organisations=organisations, batch=batch,
                                   seed=seed, progress=progress)
        elapsed = time.perf_counter() - start
        self.stdout.write(
            f"Created {counts['applications']} applications and {counts['licences']} licences for "
            f"{counts['organisations']} organisations ({counts['templates']} case templates) in {elapsed:.1f} s"
        )
