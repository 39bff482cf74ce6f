"""Starting, planning and running re-evaluation jobs.

    job = start_job(trigger=..., actor=...)      # creates the job; the workers pick it up after commit
    run_inline(job)                               # plan + process every chunk in this process (eager mode)

Planning splits the cases in scope into chunks of `REEVALUATION_CHUNK_SIZE` consecutive ids; it is
idempotent (a job is planned once, under a row lock), and so is every chunk (see processing.py).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing.models import (
    Application,
    CaseKind,
    JobChunk,
    JobStatus,
    ReevaluationJob,
    ReevaluationTrigger,
)
from licensing.services import audit
from licensing.services.casework import require_officer

from . import processing

log = logging.getLogger(__name__)


def chunk_size() -> int:
    return int(getattr(settings, "REEVALUATION_CHUNK_SIZE", 1000))


def create_job(*, trigger: str, version=None, countries=(), reason: str = "", actor=None, key: str = "",
               as_of=None) -> ReevaluationJob:
    """A pending job. `key` makes scheduled starts idempotent: the same key returns the existing job."""
    from controllists.selectors import version_in_force

    today = timezone.localdate()
    if as_of is None:
        as_of = max(today, version.valid_from) if version is not None else today
    previous = ""
    if version is not None:
        earlier = version_in_force(version.valid_from - timedelta(days=1))
        previous = earlier.version_id if earlier and earlier.pk != version.pk else ""
    if key:
        existing = ReevaluationJob.objects.filter(key=key).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            job = ReevaluationJob.objects.create(
                trigger=trigger, version=version, previous_version_id=previous,
                countries=sorted({c.upper() for c in countries}), reason=reason[:300], key=key, as_of=as_of,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit.record(actor if getattr(actor, "is_authenticated", False) else None, "reevaluation.started", job,
                         changes={"trigger": trigger, "version": getattr(version, "version_id", None),
                                  "countries": job.countries, "reason": reason})
    except IntegrityError:
        return ReevaluationJob.objects.get(key=key)
    return job


def start_job(**kwargs) -> ReevaluationJob:
    """Create a job and hand it to the workers once the transaction commits (eagerly without Redis)."""
    from .tasks import run_job

    job = create_job(**kwargs)
    if job.status == JobStatus.PENDING:
        transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


def start_for_register_change(*, countries, trigger: str = ReevaluationTrigger.COUNTRY_MEASURES, reason: str = "",
                              actor=None) -> ReevaluationJob:
    """For the registers' services: re-evaluate only the cases with these destinations or party countries."""
    return start_job(trigger=trigger, countries=countries, reason=reason, actor=actor)


def _ranges(ids: list[int], size: int):
    for n, start in enumerate(range(0, len(ids), size)):
        part = ids[start:start + size]
        yield n, part[0], part[-1], len(part)


def plan(job: ReevaluationJob) -> list[int]:
    """Create the job's chunks (once) and return the ids of those not done yet."""
    with transaction.atomic():
        job = ReevaluationJob.objects.select_for_update().get(pk=job.pk)
        if job.status in (JobStatus.COMPLETED, JobStatus.FAILED):
            return []
        if job.chunk_count == 0 and not job.chunks.exists():
            size = chunk_size()
            app_ids = list(processing.application_scope(job).order_by("id").values_list("id", flat=True))
            licence_ids = [pk for pk, dest in processing.licence_scope(job).order_by("id").values_list(
                "id", "destinations") if processing.licence_in_scope(job, dest)]
            chunks = [JobChunk(job=job, kind=CaseKind.APPLICATION, number=n, first_id=a, last_id=b, size=s)
                      for n, a, b, s in _ranges(app_ids, size)]
            chunks += [JobChunk(job=job, kind=CaseKind.LICENCE, number=n, first_id=a, last_id=b, size=s)
                       for n, a, b, s in _ranges(licence_ids, size)]
            JobChunk.objects.bulk_create(chunks, batch_size=1000)
            now = timezone.now()
            job.total = len(app_ids) + len(licence_ids)
            job.chunk_count = len(chunks)
            job.status = JobStatus.RUNNING if chunks else JobStatus.COMPLETED
            job.started_at = now
            job.last_progress_at = now
            job.finished_at = None if chunks else now
            job.save(update_fields=["total", "chunk_count", "status", "started_at", "last_progress_at", "finished_at"])
            log.info("re-evaluation %s planned: %s cases in %s chunks", job.pk, job.total, job.chunk_count)
        return list(job.chunks.filter(done=False).order_by("kind", "number").values_list("id", flat=True))


def run_inline(job: ReevaluationJob, progress=None) -> ReevaluationJob:
    """Plan and process every chunk in this process (the embedded default, and tests)."""
    for chunk_id in plan(job):
        processing.process_chunk(chunk_id)
        if progress:
            progress(ReevaluationJob.objects.get(pk=job.pk))
    job.refresh_from_db()
    return job


def dispatch(job: ReevaluationJob) -> int:
    """Send a task for every chunk not done yet (safe to repeat: chunks are idempotent)."""
    from .tasks import process_chunk

    ids = plan(job)
    for chunk_id in ids:
        process_chunk.delay(chunk_id)
    return len(ids)


def resume_stalled(*, quiet_for: timedelta | None = None) -> list[int]:
    """Re-send the chunks of running jobs that made no progress for a while (a lost message, a Redis
    restart without persistence). Returns the ids of the jobs resumed."""
    quiet_for = quiet_for or timedelta(seconds=int(getattr(settings, "REEVALUATION_STALL_SECONDS", 300)))
    cutoff = timezone.now() - quiet_for
    resumed = []
    for job in ReevaluationJob.objects.filter(status__in=[JobStatus.RUNNING, JobStatus.PENDING],
                                              last_progress_at__lt=cutoff):
        ReevaluationJob.objects.filter(pk=job.pk).update(last_progress_at=timezone.now())
        if dispatch(job):
            resumed.append(job.pk)
    for job in ReevaluationJob.objects.filter(status=JobStatus.PENDING, last_progress_at__isnull=True,
                                              created_at__lt=cutoff):
        dispatch(job)
        resumed.append(job.pk)
    return resumed


@transaction.atomic
def clear_flag(app: Application, actor, *, note: str = "") -> Application:
    """An officer acknowledges a re-evaluation's flag on a case: the flag is cleared and the audit trail keeps
    its text, who cleared it and their note."""
    require_officer(actor)
    app = Application.objects.select_for_update().get(pk=app.pk)
    if not app.flagged_reason:
        raise ValidationError({"note": _("This case is not flagged: the flag may have been cleared already.")})
    note = note.strip()
    if len(note) > 500:
        raise ValidationError({"note": _("The note can be at most 500 characters long.")})
    reason, app.flagged_reason = app.flagged_reason, ""
    app.save(update_fields=["flagged_reason", "updated_at"])
    audit.record(actor, "application.flag_cleared", app, application=app,
                 changes={"flagged_reason": reason, "note": note})
    return app
