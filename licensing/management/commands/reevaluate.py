"""`python manage.py reevaluate [--all | --version ID]`: the list-change re-evaluation from the command line.

Runs through the Celery workers when Redis is configured (and waits for them, showing progress), in this
process otherwise. Prints the summary: cases evaluated, recommendations changed.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from licensing.models import JobStatus, ReevaluationJob, ReevaluationTrigger
from licensing.reevaluation import selectors, services


class Command(BaseCommand):
    help = "Re-evaluate every open application and active licence against the reference data in force."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # `--version ID` is this command's option, not Django's "print the Django version".
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="re-evaluate against the reference data in force (default)")
        which.add_argument("--version", help="a control-list version (version id or number) that came into force")
        parser.add_argument("--countries", help="only cases with these destinations/party countries, e.g. RU,BY")
        parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait for the workers")
        parser.add_argument("--no-wait", action="store_true", help="hand the job to the workers and return")
        parser.add_argument("--resend-after", type=float, default=60,
                            help="re-send unfinished chunks after this many seconds without progress (default 60)")

    def handle(self, *args, **opts):
        from controllists.models import VersionStatus
        from controllists.selectors import get_version

        version = None
        trigger = ReevaluationTrigger.MANUAL
        if opts["version"]:
            version = get_version(opts["version"])
            if version is None:
                raise CommandError(f"--version: no control-list version '{opts['version']}'")
            if version.status == VersionStatus.DRAFT:
                raise CommandError(f"--version: {version.version_id} is a draft; activate or schedule it first")
            trigger = ReevaluationTrigger.LIST_VERSION
        countries = [c.strip().upper() for c in (opts["countries"] or "").split(",") if c.strip()]
        job = services.create_job(trigger=trigger, version=version, countries=countries,
                                  reason="manage.py reevaluate")
        eager = getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
        start = time.monotonic()
        if eager:
            job = services.run_inline(job, progress=self._progress if opts["verbosity"] > 1 else None)
        else:
            from licensing.reevaluation.tasks import run_job

            run_job.delay(job.pk)
            if opts["no_wait"]:
                self.stdout.write(f"Job {job.pk} handed to the workers.")
                return
            job = self._wait(job, opts["timeout"], opts["resend_after"], opts["verbosity"])
        elapsed = time.monotonic() - start
        summary = selectors.summary(job)
        self.stdout.write(f"Job {job.pk} {job.get_status_display().lower()} in {elapsed:.1f} s")
        self.stdout.write(f"Cases evaluated: {summary['evaluated']} "
                          f"({summary['applications']} applications, {summary['licences']} licences)")
        self.stdout.write(f"Recommendations changed: {summary['changed']}")
        for row in summary["transitions"]:
            self.stdout.write(f"  {row['old'] or '-'} -> {row['new'] or '-'}: {row['count']}")
        if job.status != JobStatus.COMPLETED:
            raise CommandError(f"job {job.pk} did not complete (status {job.status})")

    def _progress(self, job):
        self.stderr.write(f"  {job.done}/{job.total}")

    def _wait(self, job, timeout, resend_after, verbosity):
        """Poll the job row; chunks idle for `resend_after` seconds are sent again (idempotent)."""
        deadline = time.monotonic() + timeout
        last, moved = -1, time.monotonic()
        while time.monotonic() < deadline:
            job = ReevaluationJob.objects.get(pk=job.pk)
            if job.status in (JobStatus.COMPLETED, JobStatus.FAILED):
                return job
            if job.done != last:
                last, moved = job.done, time.monotonic()
                if verbosity > 0:
                    self.stderr.write(f"  {job.done}/{job.total}")
            elif time.monotonic() - moved > resend_after:
                sent = services.dispatch(job)
                self.stderr.write(f"  no progress for {resend_after:.0f} s: re-sent {sent} unfinished chunks")
                moved = time.monotonic()
            time.sleep(0.5)
        return job
