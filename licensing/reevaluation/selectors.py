"""Reads of re-evaluation jobs: progress (for the polling endpoint), summary and report."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from licensing.models import (
    Application,
    CaseKind,
    JobChunk,
    JobStatus,
    Licence,
    ListActivation,
    ReevaluationJob,
    ReevaluationResult,
)


def jobs() -> QuerySet[ReevaluationJob]:
    return ReevaluationJob.objects.select_related("version", "created_by").order_by("-created_at", "-id")


def progress(job: ReevaluationJob) -> dict:
    """done/total, rate (cases per second) and seconds left, as the progress bar shows them."""
    now = timezone.now()
    end = job.finished_at or now
    elapsed = (end - job.started_at).total_seconds() if job.started_at else 0.0
    rate = job.rate if job.rate is not None else (job.done / elapsed if elapsed > 0 and job.done else None)
    remaining = max(job.total - job.done, 0)
    eta = (remaining / rate) if rate and job.status == JobStatus.RUNNING else (0 if job.finished_at else None)
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "changed": job.changed,
        "percent": round(100 * job.done / job.total, 1) if job.total else (100.0 if job.finished_at else 0.0),
        "rate": round(rate, 1) if rate else None,
        "elapsed_seconds": round(elapsed, 1),
        "eta_seconds": round(eta) if eta is not None else None,
        "finished": job.status in (JobStatus.COMPLETED, JobStatus.FAILED),
    }


def results(job: ReevaluationJob, *, changed_only: bool = True):
    """The report's rows: the changed cases (a queryset), or with changed_only=False every case evaluated
    (a sequence a Paginator pages through, reading only the chunks a page covers)."""
    qs = ReevaluationResult.objects.filter(job=job).select_related("application", "licence").order_by("id")
    if changed_only:
        return qs.filter(changed=True)
    legacy = JobChunk.objects.filter(job=job, done=True, evaluated__gt=0, case_ids=[]).exists()
    return qs if legacy else EveryCase(job)  # jobs from before chunks kept their case ids: a row per case


class EveryCase(Sequence):
    """Every case a job evaluated, in chunk order: the changed ones with their report row, the others as an
    unsaved row (recommendation unchanged) built from the chunk's `case_ids` and `recommendations`."""

    def __init__(self, job: ReevaluationJob):
        self.job = job
        self.chunks = list(JobChunk.objects.filter(job=job, done=True).order_by("kind", "number")
                           .values_list("id", "kind", "evaluated"))
        self.total = sum(n for _id, _kind, n in self.chunks)

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        start, stop, _step = index.indices(self.total)
        wanted, offset = [], 0
        for chunk_id, _kind, n in self.chunks:
            if offset + n > start and offset < stop:
                wanted.append((chunk_id, max(start - offset, 0), min(stop - offset, n)))
            offset += n
        loaded = {pk: (kind, ids, recs) for pk, kind, ids, recs in JobChunk.objects.filter(
            pk__in=[w[0] for w in wanted]).values_list("id", "kind", "case_ids", "recommendations")}
        cases = []
        for chunk_id, a, b in wanted:
            kind, ids, recs = loaded[chunk_id]
            cases += [(kind, pk, rec) for pk, rec in zip(ids[a:b], recs[a:b], strict=True)]
        return self._rows(cases)

    def _rows(self, cases) -> list[ReevaluationResult]:
        app_ids = [pk for kind, pk, _r in cases if kind == CaseKind.APPLICATION]
        licence_ids = [pk for kind, pk, _r in cases if kind == CaseKind.LICENCE]
        changed = {(CaseKind.APPLICATION if r.application_id else CaseKind.LICENCE, r.application_id or r.licence_id): r
                   for r in ReevaluationResult.objects.filter(job=self.job).filter(
                       Q(application_id__in=app_ids) | Q(licence_id__in=licence_ids)).select_related(
                       "application", "licence")}
        apps = Application.objects.in_bulk([pk for pk in app_ids if (CaseKind.APPLICATION, pk) not in changed])
        licences = Licence.objects.in_bulk([pk for pk in licence_ids if (CaseKind.LICENCE, pk) not in changed])
        rows = []
        for kind, pk, rec in cases:
            row = changed.get((kind, pk))
            if row is None:
                is_app = kind == CaseKind.APPLICATION
                case = apps.get(pk) if is_app else licences.get(pk)
                if case is None:  # deleted since the job ran (its report rows went with it)
                    continue
                row = ReevaluationResult(job=self.job, application=case if is_app else None,
                                         licence=None if is_app else case, changed=False,
                                         old_recommendation=rec if is_app else "approve", new_recommendation=rec)
            rows.append(row)
        return rows


def summary(job: ReevaluationJob) -> dict:
    sums = JobChunk.objects.filter(job=job, done=True).aggregate(
        cases=Sum("evaluated"),
        applications=Sum("evaluated", filter=Q(kind=CaseKind.APPLICATION)),
        licences=Sum("evaluated", filter=Q(kind=CaseKind.LICENCE)),
    )
    counts = {"evaluated": sums["cases"] or 0, "applications": sums["applications"] or 0,
              "licences": sums["licences"] or 0}
    transitions = (
        ReevaluationResult.objects.filter(job=job, changed=True)
        .values("old_recommendation", "new_recommendation")
        .annotate(count=Count("id"))
        .order_by("-count", "old_recommendation", "new_recommendation")
    )
    counts["transitions"] = [
        {"old": t["old_recommendation"], "new": t["new_recommendation"], "count": t["count"]} for t in transitions
    ]
    counts["changed"] = sum(t["count"] for t in counts["transitions"])
    return counts


def flagged_applications() -> QuerySet[Application]:
    """Cases a re-evaluation flagged, for the officers' queues."""
    return Application.objects.exclude(flagged_reason="").order_by("-updated_at")


def scheduled_activations() -> QuerySet[ListActivation]:
    return ListActivation.objects.select_related("version", "scheduled_by", "job").order_by("-activates_on")
