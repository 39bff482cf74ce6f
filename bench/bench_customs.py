"""Customs API under gunicorn on loopback with wrk, 32 concurrent clients, PostgreSQL and Redis:
licence checks (GET) and write-offs (POST, a unique Idempotency-Key each) all on ONE licence line, then a
consistency check: used == sum of accepted usages, never more than authorised.
Targets: check p99 < 20 ms; write-offs >= 300/s on one line with no overdraw.

    python bench/bench_customs.py [--workers N] [--threads T] [--duration 10s]
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal

from common import PG_BASE, ROOT, child_pids, cpu_seconds, database_backend_pids, setup_django

PORT = int(os.environ.get("BENCH_PORT", "8099"))
DB = "dualis_bench_customs"
TOKEN = "dls_bench_customs_token"
NUMBER = "BENCH-LIC-0001"
CONNECTIONS = 32

WRITE_OFF_LUA = """
local counter = 0
local run = "0"
local thread_no = 0
local threads = 0
function setup(thread)
  thread:set("thread_no", threads)
  threads = threads + 1
end
function init(args)
  run = args[1] or tostring(os.time())
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(token)s"
wrk.body = '{"declaration_reference":"26NLBENCH0000001","lines":[{"line":1,"quantity":1,"value_eur":10.00}]}'
function request()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = run .. "-" .. thread_no .. "-" .. counter
  return wrk.format()
end
"""


def wrk(url, duration, script=None, args=(), connections=CONNECTIONS, server_pid=None):
    """wrk's throughput and latency, with the CPU the gunicorn workers and their PostgreSQL backends spent per
    request (a figure that stays meaningful when other work shares the machine)."""
    cmd = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}", "--latency", url]
    if script:
        cmd[1:1] = ["-s", script]
    if args:
        cmd += ["--", *args]
    procs = (child_pids(server_pid), database_backend_pids()) if server_pid else ([], [])
    cpu0 = [cpu_seconds(p) for p in procs]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    cpu1 = [cpu_seconds(p) for p in procs]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    worker_ms, pg_ms = (1000 * (b - a) / max(total, 1) for a, b in zip(cpu0, cpu1, strict=True))
    return {"rps": rps, "total": total, "p50": lat.get("50"), "p99": lat.get("99"),
            "non2xx": int(non2xx.group(1)) if non2xx else 0, "socket_errors": errors.group(1) if errors else "none",
            "cpu": f"CPU/request: workers {worker_ms:.3f} ms + PostgreSQL {pg_ms:.3f} ms"}


def prepare():
    """A licence with one big line (nothing used), and the bench client; earlier bench usages removed."""
    setup_django(DB, load_reference=False)
    from django.utils import timezone

    from licensing.models import (
        ApiClient,
        IdempotencyKey,
        Licence,
        LicenceLine,
        LicenceStatus,
        Organisation,
        Usage,
        UsageLine,
    )
    from licensing.models.apiclients import hash_token

    org, _ = Organisation.objects.get_or_create(eori_number="NL000000001", defaults={"name": "Bench Exporter B.V."})
    today = timezone.localdate()
    licence, _ = Licence.objects.update_or_create(number=NUMBER, defaults={
        "holder": org, "status": LicenceStatus.ACTIVE, "valid_from": today,
        "valid_until": today.replace(year=today.year + 2), "destinations": ["JP"], "end_users": ["Bench end user"]})
    UsageLine.objects.filter(usage__licence=licence).delete()
    Usage.objects.filter(licence=licence).delete()
    LicenceLine.objects.update_or_create(licence=licence, line=1, defaults={
        "control_entry": "6A003.b.4.b", "description": "Thermal cameras", "quantity": Decimal("10000000"),
        "value_eur": Decimal("100000000.00"), "used_quantity": 0, "used_value_eur": 0})
    client, _ = ApiClient.objects.update_or_create(name="bench-customs", defaults={
        "token_hash": hash_token(TOKEN), "token_prefix": TOKEN[:12], "scopes": ["licences:read", "licences:use"],
        "rate": "10000000/minute", "is_active": True})
    IdempotencyKey.objects.filter(client=client).delete()
    from django.db import connection

    with connection.cursor() as cursor:  # every run starts from the same table state (no dead row versions)
        for model in (LicenceLine, Usage, UsageLine, IdempotencyKey):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return licence


def consistency(licence):
    from django.db.models import Count, Sum

    from licensing.models import LicenceLine, Usage, UsageLine

    line = LicenceLine.objects.get(licence=licence, line=1)
    sums = UsageLine.objects.filter(licence_line=line).aggregate(q=Sum("quantity"), v=Sum("value_eur"), n=Count("id"))
    usages = Usage.objects.filter(licence=licence).count()
    return line, sums, usages


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "2")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", "1")),
                        help="gunicorn threads per worker (gthread when > 1)")
    parser.add_argument("--duration", default=os.environ.get("BENCH_DURATION", "10s"))
    opts = parser.parse_args()
    if not shutil.which("wrk"):
        print("customs bench skipped: install wrk (apt-get install wrk)")
        return
    licence = prepare()
    env = {**os.environ, "DATABASE_URL": f"{PG_BASE}/{DB}", "DJANGO_SETTINGS_MODULE": "dualis.settings.dev",
           "DEBUG": "false", "CONN_MAX_AGE": "600", "LOG_LEVEL": "ERROR",
           "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
           "CACHE_KEY_PREFIX": "dualis-bench-customs"}
    cmd = [sys.executable, "-m", "gunicorn", "dualis.wsgi:application", "-w", str(opts.workers),
           "-b", f"127.0.0.1:{PORT}", "--log-level", "warning", "--backlog", "2048"]
    if opts.threads > 1:
        cmd += ["--worker-class", "gthread", "--threads", str(opts.threads)]
    gunicorn = subprocess.Popen(cmd, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/api/v1/health/", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(f'wrk.headers["Authorization"] = "Bearer {TOKEN}"\n')
            check_script = f.name
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(WRITE_OFF_LUA % {"token": TOKEN})
            write_script = f.name
        check_url = f"{base}/api/v1/customs/licences/{NUMBER}/"
        write_url = f"{base}/api/v1/customs/licences/{NUMBER}/usages/"
        wrk(check_url, "2s", check_script)  # warm every worker
        wrk(write_url, "2s", write_script, [f"warm{int(time.time())}"])
        pid = gunicorn.pid
        health = wrk(f"{base}/api/v1/health/", "5s", server_pid=pid)
        single = wrk(check_url, "5s", check_script, connections=1, server_pid=pid)
        check = wrk(check_url, opts.duration, check_script, server_pid=pid)
        write = wrk(write_url, opts.duration, write_script, [f"run{int(time.time())}"], server_pid=pid)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=20)

    line, sums, usages = consistency(licence)
    workers = f"{opts.workers} workers" + (f" x {opts.threads} threads" if opts.threads > 1 else " (sync)")
    print(f"gunicorn {workers}, {CONNECTIONS} concurrent clients (wrk), PostgreSQL + Redis, {opts.duration} each")
    print(f"baseline       GET  {health['rps']:8,.0f} req/s  p50 {health['p50']}  p99 {health['p99']}  "
          "/api/v1/health/ (trivial DRF view: what this machine gives right now)")
    print(f"licence check  GET  {single['rps']:8,.0f} req/s  p50 {single['p50']}  p99 {single['p99']}  "
          "with ONE client (service time, no queueing)")
    print(f"licence check  GET  {check['rps']:8,.0f} req/s  p50 {check['p50']}  p99 {check['p99']}  "
          f"non-2xx {check['non2xx']}  socket errors {check['socket_errors']}   (target p99 < 20 ms)")
    print(f"write-off      POST {write['rps']:8,.0f} req/s  p50 {write['p50']}  p99 {write['p99']}  "
          f"non-2xx {write['non2xx']}  socket errors {write['socket_errors']}   (target >= 300/s, one line)")
    for name, r in (("baseline", health), ("check, one client", single), ("check", check), ("write-off", write)):
        print(f"  {name:18s} {r['cpu']}")
    overdrawn = line.used_quantity > line.quantity or line.used_value_eur > line.value_eur
    consistent = line.used_quantity == (sums["q"] or 0) and line.used_value_eur == (sums["v"] or 0)
    print(f"line 1: used {line.used_quantity} of {line.quantity} units, EUR {line.used_value_eur}; "
          f"{usages} usages, sum of usage lines {sums['q']} units / EUR {sums['v']}; "
          f"{'consistent' if consistent else 'INCONSISTENT'}, {'OVERDRAWN' if overdrawn else 'no overdraw'}")
    if not consistent or overdrawn:
        sys.exit(1)


if __name__ == "__main__":
    main()
