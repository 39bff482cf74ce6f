"""Re-evaluation of 100,000 applications on PostgreSQL with 2 Celery workers.

    python bench/bench_reevaluation.py [--applications 100000] [--workers 2] [--concurrency 2] [--keep] [--reuse]

Creates the database `dualis_bench` (dropped first, and again at the end unless --keep), generates the
load data, starts the workers on a queue of its own (Redis database 8), runs `manage.py reevaluate --all`
and prints: wall time, rate, peak memory per worker (resident set of the worker and its pool processes,
sampled from /proc), SQL queries per chunk (counted with CaptureQueriesContext in the chunk task), and the
CPU time of the workers and of PostgreSQL's backends serving the bench database (sampled from /proc).

--reuse keeps the freshly generated data as the template database `dualis_bench_seed` and, on later runs
with the same --applications, copies it instead of generating again (then migrates the copy).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from common import PG_BASE, ROOT, cpu_seconds

DB = "dualis_bench"
SEED = "dualis_bench_seed"
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/8")
PY = sys.executable
CELERY = str(Path(PY).with_name("celery"))


def recreate_database(drop_only: bool = False, template: str = "") -> None:
    import psycopg

    with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{DB}"' + (f' TEMPLATE "{template}"' if template else ""))


def seed(applications: int, *, save: bool = False) -> bool:
    """Whether the seed database holds `applications` generated cases; with save, (re)make it from DB."""
    import psycopg

    with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
        if save:
            conn.execute(f'DROP DATABASE IF EXISTS "{SEED}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{SEED}" TEMPLATE "{DB}"')
            conn.execute(f"COMMENT ON DATABASE \"{SEED}\" IS 'applications={applications}'")
            return True
        row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname=%s",
                           [SEED]).fetchone()
        return bool(row) and row[0] == f"applications={applications}"


def postgres_backends() -> list[int]:
    """PostgreSQL processes working for the bench database (backends, autovacuum workers)."""
    out = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if cmd.startswith(b"postgres:") and (f" {DB} ".encode() in cmd or cmd.rstrip(b"\0").endswith(DB.encode())):
                out.append(int(proc.name))
    return out


def environment(queue: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_TASK_ALWAYS")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "dualis.settings.dev", "DEBUG": "false", "DATABASE_URL": f"{PG_BASE}/{DB}",
        "REDIS_URL": REDIS, "CELERY_QUEUE": queue, "CACHE_KEY_PREFIX": queue, "REEVALUATION_LOG_QUERIES": "true",
    })
    return env


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def manage(env: dict, *args: str) -> tuple[str, float]:
    start = time.perf_counter()
    r = subprocess.run([PY, "manage.py", *args, "--skip-checks"], cwd=ROOT, env=env, capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{r.stdout}\n{r.stderr}")
    return r.stdout, time.perf_counter() - start


def tree(pid: int) -> list[int]:
    try:
        return [pid, *(int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    except OSError:
        return []


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its (living) children."""
    return cpu_seconds(tree(pid))


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def own_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError):
        return -1.0


class Sampler(threading.Thread):
    """Peak memory of the workers; CPU of PostgreSQL's processes for the bench database (the last value
    seen of each, minus what it had used when first seen at the start)."""

    def __init__(self, pids):
        super().__init__(daemon=True)
        self.pids, self.peak, self.stop = pids, dict.fromkeys(pids, 0.0), threading.Event()
        self.pg_start = {p: own_cpu(p) for p in postgres_backends()}
        self.pg_last: dict[int, float] = {}

    def run(self):
        while not self.stop.is_set():
            self.sample()
            time.sleep(0.2)
        self.sample()

    def sample(self):
        for pid in self.pids:
            self.peak[pid] = max(self.peak[pid], rss_mb(pid))
        for pid in postgres_backends():
            cpu = own_cpu(pid)
            if cpu >= 0:
                self.pg_last[pid] = cpu

    def postgres_cpu(self) -> float:
        return sum(cpu - max(self.pg_start.get(pid, 0.0), 0.0) for pid, cpu in self.pg_last.items())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=2,
                        help="pool processes per worker (2, as docker-compose.yml runs them)")
    parser.add_argument("--keep", action="store_true", help="keep the dualis_bench database")
    parser.add_argument("--reuse", action="store_true",
                        help=f"copy the generated data from (or save it to) the template database {SEED}")
    args = parser.parse_args()

    queue = f"dualis-bench-{uuid.uuid4().hex[:6]}"
    env = environment(queue)
    gen_seconds = cpu_gen = None
    if args.reuse and seed(args.applications):
        recreate_database(template=SEED)
        manage(env, "migrate", "--noinput")
        print(f"load data copied from {SEED}")
    else:
        recreate_database()
        manage(env, "migrate", "--noinput")
        manage(env, "load_reference_data")
        cpu_gen = child_cpu()
        out, gen_seconds = manage(env, "generate_load_data", "--applications", str(args.applications), "--seed", "1")
        cpu_gen = child_cpu() - cpu_gen
        print(out.strip())
        print(f"generate_load_data --applications {args.applications}: {gen_seconds:.1f} s ({cpu_gen:.1f} s CPU)")
        if args.reuse:
            seed(args.applications, save=True)

    logs = Path(tempfile.mkdtemp(prefix="bench-reevaluation-"))
    workers = []
    for n in range(args.workers):
        log = open(logs / f"worker{n}.log", "wb")  # noqa: SIM115 - lives as long as the worker
        workers.append(subprocess.Popen(
            [CELERY, "-A", "dualis", "worker", "-Q", queue, "-c", str(args.concurrency), "-n", f"bench{n}-{queue}@%h",
             "--without-gossip", "--without-mingle", "-l", "warning"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
    time.sleep(4)  # workers up
    sampler = Sampler([w.pid for w in workers])
    sampler.start()
    cpu_before = sum(tree_cpu_seconds(w.pid) for w in workers)
    load_before = os.getloadavg()[0]
    try:
        out, wall = manage(env, "reevaluate", "--all", "--verbosity", "0", "--timeout", "1800")
    finally:
        cpu = sum(tree_cpu_seconds(w.pid) for w in workers) - cpu_before
        sampler.stop.set()
        sampler.join()
        for w in workers:
            os.killpg(w.pid, signal.SIGTERM)
        for w in workers:
            w.wait(timeout=60)
    print(out.strip())
    cases = int(re.search(r"Cases evaluated: (\d+)", out).group(1))
    job_seconds = float(re.search(r"completed in ([\d.]+) s", out).group(1))
    chunks = []
    for log in logs.glob("worker*.log"):
        chunks += [(int(c), int(q), float(s)) for c, q, s in
                   re.findall(r"chunk \d+: (\d+) cases, (\d+) queries, ([\d.]+) s", log.read_text(errors="replace"))]
    full = [q for c, q, _s in chunks if c == max(c for c, _q, _s in chunks)] if chunks else []
    print()
    print(f"cases re-evaluated:          {cases}")
    print(f"wall time:                   {job_seconds:.1f} s (target < 60 s)")
    print(f"rate:                        {cases / job_seconds:,.0f} cases/s")
    print(f"worker CPU time:             {cpu:.1f} s = {1000 * cpu / cases:.2f} ms per case "
          f"(on {os.cpu_count()} idle cores: about {cpu / (os.cpu_count() or 1):.0f} s)")
    pg_cpu = sampler.postgres_cpu()
    print(f"PostgreSQL CPU time:         {pg_cpu:.1f} s = {1000 * pg_cpu / cases:.2f} ms per case (backends and "
          f"autovacuum for {DB}; the WAL writer and checkpointer are shared and not counted)")
    print(f"total CPU (workers + PG):    {cpu + pg_cpu:.1f} s (on {os.cpu_count()} idle cores: about "
          f"{(cpu + pg_cpu) / (os.cpu_count() or 1):.0f} s of wall time)")
    print(f"machine load average:        {load_before:.1f} before, {os.getloadavg()[0]:.1f} after "
          f"({os.cpu_count()} cores; other work shares them)")
    for n, w in enumerate(workers):
        print(f"peak memory, worker {n + 1}:      {sampler.peak[w.pid]:.0f} MB (worker + {args.concurrency} pool "
              f"process(es); target < 500 MB)")
    if chunks:
        qs = [q for _c, q, _s in chunks]
        print(f"SQL queries per chunk:       {min(qs)}–{max(qs)} over {len(chunks)} chunks "
              f"(full chunks of {max(c for c, _q, _s in chunks)} cases: {min(full)}–{max(full)})")
        print(f"seconds per chunk:           median {sorted(s for _c, _q, s in chunks)[len(chunks) // 2]:.2f}")
    if gen_seconds is not None:
        print(f"generation:                  {args.applications} applications in {gen_seconds:.1f} s "
              f"({cpu_gen:.1f} s CPU in manage.py, PostgreSQL's own work not counted)")
    print(f"(worker logs: {logs})")
    if not args.keep:
        recreate_database(drop_only=True)


if __name__ == "__main__":
    main()
