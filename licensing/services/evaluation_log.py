"""The audit records of stateless evaluations (POST /api/v1/evaluations/), written in batches by web workers.

CONTRACT.md: the evaluation API "stores nothing but an audit record": one Evaluation row per answer, with its
input, response, control-list version and SHA-256. Writing that row in the request (an INSERT and a commit)
cost more than the evaluation itself, so a gunicorn worker (gunicorn.conf.py calls start() once the app is
loaded and stop() when the worker exits) queues the row, built complete in the request (same content,
timestamp and hash as a direct write), and a background thread writes the queue with one COPY at most
`max_delay` seconds later, or as soon as `batch_size` rows wait. Only the write moves out of the request.

- Nothing is dropped: a failed write puts its rows back at the head of the queue and is retried; past
  `max_pending` queued rows the request writes the queue itself (and fails like a direct write would, while
  the database is down), so memory stays bounded.
- A worker that exits normally (SIGTERM, max-requests, timeout abort) writes its queue in stop(). A worker
  killed outright (SIGKILL, out of memory) loses the rows of its last `max_delay` seconds: the same kind of
  trade-off as the synchronous_commit=off these rows are written with (docs/scaling.md).
- A row the database refuses (DataError, IntegrityError) does not hold back the others: that batch is written
  row by row and the refused row goes to the error log in full.
- Without start() (tests, CLI, Celery, runserver) record() writes the row in the call, as before.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DataError, IntegrityError, connection, transaction

log = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_DELAY = 0.25  # seconds a row may wait in memory
MAX_PENDING = 5000
JSON_COLUMNS = ("request", "response")


def write(rows: list[dict]) -> None:
    """Store `rows` in one statement, committed without waiting for the disk. A row maps Evaluation attnames to
    values ready for the database (JSON columns as JSON text); a field left out gets its default."""
    from licensing.models import Evaluation

    with transaction.atomic():
        if connection.vendor != "postgresql":
            Evaluation.objects.bulk_create([
                Evaluation(**{k: json.loads(v) if k in JSON_COLUMNS else v for k, v in row.items()}) for row in rows
            ])
            return
        with connection.cursor() as cur, connection.wrap_database_errors:
            # The log of stateless evaluations may lose its last fraction of a second in a database crash,
            # never its integrity (docs/scaling.md).
            cur.execute("SET LOCAL synchronous_commit = off")
            # COPY: PostgreSQL's bulk load; the same values an INSERT would carry, at a fraction of the cost.
            # The lines are made in the requests (copy_line), so this thread mostly waits on the socket
            # and hardly holds the interpreter lock while requests run.
            with cur.cursor.copy(f"COPY {Evaluation._meta.db_table} ({_copy_columns()[0]}) FROM STDIN") as copy:
                copy.write("".join([getattr(row, "line", None) or copy_line(row) for row in rows]))


_COLUMNS: tuple | None = None


def _copy_columns() -> tuple[str, tuple]:
    """(quoted column list, ((attname, default or its factory), ...)) of Evaluation, in table order."""
    global _COLUMNS
    if _COLUMNS is None:
        from licensing.models import Evaluation

        fields = [f for f in Evaluation._meta.concrete_fields if not f.primary_key]
        _COLUMNS = (", ".join(connection.ops.quote_name(f.column) for f in fields),
                    tuple((f.attname, f.default if f.has_default() and callable(f.default) else f.get_default())
                          for f in fields))
    return _COLUMNS


def _copy_text(text: str) -> str:
    """Text in COPY's text format: backslash and the delimiters escaped (str.replace scans in C)."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _copy_value(value) -> str:
    """One value in COPY's text format (NULL as \\N)."""
    if value is None:
        return "\\N"
    if type(value) is str:
        return _copy_text(value)
    if type(value) is bool:
        return "t" if value else "f"
    if type(value) is int:
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return _copy_text(str(value))


def copy_line(row: dict) -> str:
    """The row as one line of COPY text for write() (fields left out get their defaults)."""
    values = []
    for name, default in _copy_columns()[1]:
        value = row[name] if name in row else (default() if callable(default) else default)
        values.append(_copy_value(value))
    return "\t".join(values) + "\n"


class QueuedRow(dict):
    """A row waiting in the queue, with its COPY line made in the request."""

    __slots__ = ("line",)


class _Queue:
    def __init__(self, batch_size: int, max_delay: float, max_pending: int):
        self.batch_size, self.max_delay, self.max_pending = batch_size, max_delay, max_pending
        self.rows: list = []
        self.lock = threading.Lock()  # guards self.rows
        self.writing = threading.Lock()  # one write at a time, in queue order
        self.wake = threading.Event()
        self.stopping = False
        self.pid = os.getpid()
        self.copy = connection.vendor == "postgresql"  # rows get their COPY line in the request
        self.thread = threading.Thread(target=self._run, name="evaluation-log", daemon=True)
        self.thread.start()

    def add(self, row) -> None:
        with self.lock:
            self.rows.append(row)
            n = len(self.rows)
        if n >= self.max_pending:
            self.flush()
        elif n >= self.batch_size:
            self.wake.set()

    def flush(self) -> int:
        with self.writing:
            with self.lock:
                rows, self.rows = self.rows, []
            done = 0
            try:
                if rows:
                    try:
                        write(rows)
                        done = len(rows)
                    except (DataError, IntegrityError):
                        for row in rows:
                            _write_or_log(row)
                            done += 1
            except BaseException:
                with self.lock:
                    self.rows[:0] = rows[done:]
                raise
            return len(rows)

    def _run(self) -> None:
        delay = self.max_delay
        while True:
            self.wake.wait(delay)
            self.wake.clear()
            if self.stopping:
                break  # stop() writes the rest in its own thread
            try:
                self.flush()  # on this thread's own connection, kept open between batches
                delay = self.max_delay
            except Exception:
                log.exception("evaluation log: %d audit records wait for the database; retrying", len(self.rows))
                with contextlib.suppress(Exception):
                    connection.close()  # reconnect for the next try
                delay = min(delay * 2, 10.0)
        connection.close()

    def stop(self) -> int:
        self.stopping = True
        self.wake.set()
        self.thread.join(timeout=10)
        try:
            return self.flush()
        except Exception:
            # Last resort so the records are not lost: the log keeps them for an operator to load.
            log.exception("evaluation log: %d audit records could not be written at exit", len(self.rows))
            for row in self.rows:
                log.error("unwritten evaluation record: %s", json.dumps(row, cls=DjangoJSONEncoder))
            return 0


def _write_or_log(row: dict) -> None:
    try:
        write([row])
    except (DataError, IntegrityError):
        log.exception("evaluation log: the database refused an audit record")
        log.error("unwritten evaluation record: %s", json.dumps(row, cls=DjangoJSONEncoder))


_queue: _Queue | None = None


def start(*, batch_size: int = BATCH_SIZE, max_delay: float = MAX_DELAY, max_pending: int = MAX_PENDING) -> None:
    """Queue this process's stateless evaluation records and write them in batches (call once per process)."""
    global _queue
    if _queue is None or _queue.pid != os.getpid():
        _queue = _Queue(batch_size, max_delay, max_pending)


def stop() -> int:
    """Write what is queued and go back to writing in the call. Returns the number of rows written."""
    global _queue
    queue, _queue = _queue, None
    if queue is None or queue.pid != os.getpid():
        return 0
    return queue.stop()


def flush() -> int:
    """Write what is queued now (tests, shutdown). Returns the number of rows written."""
    return _queue.flush() if _queue is not None and _queue.pid == os.getpid() else 0


def record(row: dict) -> None:
    """Store one stateless evaluation record (see write()): queued when start() ran in this process, else
    written now."""
    queue = _queue
    if queue is not None and queue.pid == os.getpid():
        if queue.copy:
            row = QueuedRow(row)
            row.line = copy_line(row)
        queue.add(row)
    else:
        write([row])
