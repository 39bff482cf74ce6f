"""Faults against real services: a real worker killed with SIGKILL mid-job and restarted, and a private
Redis (port 6390) killed and restarted mid-job. The job completes, and every open case is in the report
exactly once: nothing lost, nothing duplicated, progress counted once."""

import signal
import time

import pytest
import redis
from django.db.models import Count, F, Sum

from licensing.models import (
    Application,
    Evaluation,
    JobChunk,
    JobStatus,
    ReevaluationJob,
    ReevaluationResult,
)
from licensing.models.applications import OPEN_STATUSES
from licensing.reevaluation import loaddata

from . import workers
from .factories import evaluated_ids

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CASES = 3000


@pytest.fixture
def cases(reference_data):
    loaddata.generate(CASES, licences=0, organisations=5, seed=7)
    # One case in ten shows an out-of-date answer: those must change, and be stored once.
    stale = list(Application.objects.order_by("id").values_list("id", flat=True)[::10])
    Application.objects.filter(id__in=stale).update(recommendation="")
    return Application.objects.filter(status__in=OPEN_STATUSES).count()


def _job():
    return ReevaluationJob.objects.order_by("-id").first()


def _assert_exactly_once(job, open_cases):
    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    # Every open case is recorded by exactly one chunk; only the changed ones have a report row, once each.
    ids = evaluated_ids(job)
    assert len(ids) == len(set(ids)) == open_cases == job.done == job.total
    assert set(ids) == set(Application.objects.filter(status__in=OPEN_STATUSES).values_list("id", flat=True))
    assert JobChunk.objects.filter(job=job).aggregate(n=Sum("evaluated"))["n"] == open_cases
    results = ReevaluationResult.objects.filter(job=job)
    assert not results.values("application").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert not results.filter(changed=False).exists()
    assert not JobChunk.objects.filter(job=job, done=False).exists()
    refreshed = results.exclude(old_recommendation=F("new_recommendation")).count()
    assert refreshed >= open_cases // 10
    assert Evaluation.objects.filter(trigger="reference_change").count() == refreshed  # no duplicates
    assert job.changed == results.filter(changed=True).count()


def test_worker_killed_mid_job_is_restarted_and_the_job_completes_exactly_once(cases, tmp_path):
    client = redis.Redis.from_url("redis://127.0.0.1:6379/7")
    queue = workers.unique_queue()
    env = workers.environment("redis://127.0.0.1:6379/7", queue)
    first = workers.worker(env, tmp_path / "worker1.log", f"{queue}-a").start()
    # The message the dead worker held comes back after the visibility timeout (6 s here); if the worker
    # died holding kombu's restore lock, that takes minutes, and the command's re-send after 20 s idle
    # (the same sweep beat runs) finishes the job. Either way every case must be stored exactly once.
    command = workers.reevaluate(env, tmp_path / "reevaluate.log", "--resend-after", "20").start()
    try:
        workers.wait_for(lambda: _job() and 0 < _job().done < cases * 0.6, 90, 0.05, "the job to be under way")
        first.kill(signal.SIGKILL)
        done_at_kill = _job().done
        time.sleep(1)
        assert _job().done == done_at_kill  # nobody is working on it now
        second = workers.worker(env, tmp_path / "worker2.log", f"{queue}-b").start()
        try:
            assert command.wait(timeout=180) == 0, command.output()
        finally:
            second.kill(signal.SIGTERM)
    finally:
        first.kill()
        command.kill()
        client.delete(queue)
    assert f"Cases evaluated: {cases}" in command.output()
    _assert_exactly_once(_job(), cases)


def test_redis_restarted_mid_job_and_the_job_completes_exactly_once(cases, tmp_path):
    port = 6390
    server = workers.redis_server(port, tmp_path, tmp_path / "redis.log").start()
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    workers.wait_for(lambda: _ping(client), 20, what="the private Redis to start")
    queue = workers.unique_queue()
    env = workers.environment(url, queue)
    # Supervised, as in production: when Redis goes away while the worker holds an unacknowledged message,
    # Celery 5.x/kombu 5.x can exit with "Unrecoverable error" instead of reconnecting (it depends on what
    # the worker was doing at that instant: the reason this test used to fail now and then).
    worker = workers.Supervised(lambda: workers.worker(env, tmp_path / "worker.log", f"{queue}-r"))
    command = workers.reevaluate(env, tmp_path / "reevaluate.log", "--resend-after", "30").start()
    try:
        workers.wait_for(lambda: _job() and 0 < _job().done < cases * 0.6, 90, 0.05, "the job to be under way")
        server.kill(signal.SIGKILL)
        time.sleep(3)
        server = workers.redis_server(port, tmp_path, tmp_path / "redis.log").start()
        workers.wait_for(lambda: _ping(client), 20, what="the private Redis to restart")
        assert command.wait(timeout=200) == 0, command.output() + worker.output()[-3000:]
    finally:
        worker.kill(signal.SIGTERM)
        command.kill()
        server.kill(signal.SIGTERM)
    assert f"Cases evaluated: {cases}" in command.output()
    _assert_exactly_once(_job(), cases)


def _ping(client) -> bool:
    try:
        return client.ping()
    except redis.exceptions.ConnectionError:
        return False
