"""Celery tasks of the re-evaluation job. Acknowledged late (a worker that dies leaves the message to be
redelivered), retried with back-off on database and broker errors, idempotent (see processing.py)."""

from __future__ import annotations

import logging
import time

from celery import shared_task
from django.db import DatabaseError, InterfaceError
from kombu.exceptions import OperationalError as BrokerError

log = logging.getLogger(__name__)
RETRY_ON = (DatabaseError, InterfaceError, BrokerError, ConnectionError, TimeoutError)
OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": RETRY_ON,
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 10,
    "ignore_result": True,
}


@shared_task(name="reevaluation.run_job", **OPTIONS)
def run_job(job_id: int) -> int:
    """Plan the job's chunks and send one task per chunk; returns the number of chunks sent."""
    from licensing.models import ReevaluationJob

    from . import services

    job = ReevaluationJob.objects.filter(pk=job_id).first()
    return services.dispatch(job) if job else 0


@shared_task(name="reevaluation.process_chunk", **OPTIONS)
def process_chunk(chunk_id: int) -> int:
    from django.conf import settings

    from . import processing

    if not getattr(settings, "REEVALUATION_LOG_QUERIES", False):
        return processing.process_chunk(chunk_id)
    # For benchmarks: the number of SQL queries per chunk must not grow with the chunk's cases.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        cases = processing.process_chunk(chunk_id)
    log.warning("chunk %s: %s cases, %s queries, %.3f s", chunk_id, cases, len(queries.captured_queries),
                time.perf_counter() - started)
    return cases


@shared_task(name="reevaluation.resume_stalled", **OPTIONS)
def resume_stalled() -> list[int]:
    from . import services

    return services.resume_stalled()
