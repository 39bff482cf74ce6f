"""Reads of re-evaluation jobs: progress (for the polling endpoint), summary and report."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from licensing.models import (
    Application,
    JobStatus,
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


def results(job: ReevaluationJob, *, changed_only: bool = True) -> QuerySet[ReevaluationResult]:
    qs = ReevaluationResult.objects.filter(job=job).select_related("application", "licence").order_by("id")
    return qs.filter(changed=True) if changed_only else qs


def summary(job: ReevaluationJob) -> dict:
    counts = ReevaluationResult.objects.filter(job=job).aggregate(
        evaluated=Count("id"),
        applications=Count("id", filter=Q(application__isnull=False)),
        licences=Count("id", filter=Q(licence__isnull=False)),
        changed=Count("id", filter=Q(changed=True)),
    )
    transitions = (
        ReevaluationResult.objects.filter(job=job, changed=True)
        .values("old_recommendation", "new_recommendation")
        .annotate(count=Count("id"))
        .order_by("-count", "old_recommendation", "new_recommendation")
    )
    counts["transitions"] = [
        {"old": t["old_recommendation"], "new": t["new_recommendation"], "count": t["count"]} for t in transitions
    ]
    return counts


def flagged_applications() -> QuerySet[Application]:
    """Cases a re-evaluation flagged, for the officers' queues."""
    return Application.objects.exclude(flagged_reason="").order_by("-updated_at")


def scheduled_activations() -> QuerySet[ListActivation]:
    return ListActivation.objects.select_related("version", "scheduled_by", "job").order_by("-activates_on")
