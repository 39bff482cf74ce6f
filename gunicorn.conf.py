"""gunicorn settings: gunicorn reads ./gunicorn.conf.py, so the Docker image, docker compose and the benchmarks
(bench/bench_evaluation_http.py) all run with it. Command-line options (--bind, --workers) take precedence."""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))


def post_worker_init(worker):
    # Audit records of stateless evaluations are written in batches by each worker (licensing/services/evaluation_log.py).
    from licensing.services import evaluation_log

    evaluation_log.start()
    _settle()


def _settle():
    """Load the rules' reference-data snapshot now, then move everything loaded so far out of the garbage
    collector's sight (gc.freeze): otherwise each full collection walks Django, the snapshot and the
    caches (about 120,000 objects, 70 ms on a development machine), a pause every request queued behind
    it waits out. Without a database at start-up the snapshot loads with the first request instead."""
    import gc
    import logging

    try:
        from licensing.rules import loader

        loader.get_snapshot()
    except Exception:  # noqa: BLE001 - the worker must start; the first request retries and reports
        logging.getLogger(__name__).warning("rules snapshot not loaded at worker start", exc_info=True)
    gc.collect()
    gc.freeze()


def worker_exit(server, worker):
    # Graceful exit, max-requests restart or timeout abort: write what is still queued.
    from licensing.services import evaluation_log

    evaluation_log.stop()
