"""python manage.py evaluate [FILE|-]: one request object or a JSON list of them -> JSON on stdout.

Invalid input: exit status 2, the same error body as the API on stderr, nothing on stdout.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from licensing.rules.service import EvaluationInvalid, evaluate_request


class Command(BaseCommand):
    help = "Evaluate one transaction (or a JSON list of them) with the rules service and print the result as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="request file, or - for standard input")
        parser.add_argument("--audience", choices=["officer", "exporter"], default="officer")

    def handle(self, *args, **opts):
        try:
            raw = sys.stdin.read() if opts["file"] == "-" else open(opts["file"], encoding="utf-8").read()
        except OSError as exc:
            self._fail({"file": [f"cannot read {opts['file']}: {exc.strerror}"]})
        try:
            data = json.loads(raw)
        except ValueError as exc:
            self._fail({"detail": f"JSON parse error - {exc}"})
        batch = isinstance(data, list)
        results, errors, bad = [], [], False
        for one in data if batch else [data]:
            try:
                results.append(evaluate_request(one, audience=opts["audience"]))
                errors.append({})
            except EvaluationInvalid as exc:
                bad = True
                errors.append(exc.errors)
            except DatabaseError as exc:  # no tables or no reference data yet: say how to set up, not a traceback
                raise CommandError(
                    f"The database is not ready ({exc}). Set it up first: python manage.py migrate && "
                    "python manage.py load_reference_data") from exc
        if bad:
            self._fail(errors if batch else errors[0])
        self.stdout.write(json.dumps(results if batch else results[0], ensure_ascii=False, indent=2))

    def _fail(self, body):
        sys.stderr.write(json.dumps(body, ensure_ascii=False) + "\n")
        sys.exit(2)
