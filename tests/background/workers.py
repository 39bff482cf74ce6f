"""Real Celery workers, Redis servers and `manage.py reevaluate` runs as subprocesses, for the fault tests.

Every process is started in its own session so that it (and its pool children) can be killed by process
group; nothing here touches processes it did not start.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def database_url() -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def environment(redis_url: str, queue: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "CELERY_TASK_ALWAYS"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "dualis.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "CELERY_QUEUE": queue,
        "CACHE_KEY_PREFIX": queue,
        "CELERY_VISIBILITY_TIMEOUT": "6",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "CELERY_UNACKED_RESTORE_THROTTLE": "1",
        "REEVALUATION_CHUNK_SIZE": "100",
    })
    env.update({k: str(v) for k, v in extra.items()})
    return env


def unique_queue() -> str:
    return f"dualis-bgtest-{uuid.uuid4().hex[:8]}"


class Proc:
    def __init__(self, args: list[str], env: dict, log: Path):
        self.args, self.env, self.log = args, env, log
        self.proc: subprocess.Popen | None = None

    def start(self) -> Proc:
        out = open(self.log, "ab")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(self.args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        return self

    def kill(self, sig=signal.SIGKILL) -> None:
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=30)

    def wait(self, timeout: float) -> int:
        return self.proc.wait(timeout=timeout)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


class Supervised:
    """A process restarted whenever it exits, as the deployment's restart policy does (docker-compose.yml:
    `restart: unless-stopped`). Celery's worker can exit on a broker connection loss (kombu raises
    AttributeError while restoring unacknowledged messages to the server that just went away: "Unrecoverable
    error"); the supervisor, not the worker, brings it back."""

    def __init__(self, make):
        self.make, self.restarts, self._stop = make, 0, threading.Event()
        self.current = make().start()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self):
        while not self._stop.wait(0.5):
            if self.current.proc.poll() is not None:
                self.restarts += 1
                self.current = self.make().start()

    def kill(self, sig=signal.SIGKILL) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.current.kill(sig)

    def output(self) -> str:
        return self.current.output()


def worker(env: dict, log: Path, name: str, concurrency: int = 2) -> Proc:
    return Proc([CELERY, "-A", "dualis", "worker", "-Q", env["CELERY_QUEUE"], "-c", str(concurrency), "-n",
                 f"{name}@%h", "--without-gossip", "--without-mingle", "-l", "info"], env, log)


def reevaluate(env: dict, log: Path, *args: str) -> Proc:
    return Proc([sys.executable, "manage.py", "reevaluate", "--all", "--skip-checks", "--timeout", "240", *args],
                env, log)


def redis_server(port: int, workdir: Path, log: Path) -> Proc:
    """A private Redis with an append-only file fsynced on every write (survives kill -9)."""
    return Proc(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir), "--appendonly",
                 "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "no"], os.environ.copy(), log)


def wait_for(predicate, timeout: float, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
