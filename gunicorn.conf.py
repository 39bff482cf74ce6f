"""gunicorn settings: gunicorn reads ./gunicorn.conf.py, so the Docker image, docker compose and the benchmarks
(bench/bench_evaluation_http.py) all run with it. Command-line options (--bind, --workers) take precedence."""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))


def post_worker_init(worker):
    # Audit records of stateless evaluations are written in batches by each worker (licensing/services/evaluation_log.py).
    from licensing.services import evaluation_log

    evaluation_log.start()


def worker_exit(server, worker):
    # Graceful exit, max-requests restart or timeout abort: write what is still queued.
    from licensing.services import evaluation_log

    evaluation_log.stop()
