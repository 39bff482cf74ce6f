"""POST /api/v1/evaluations/ under gunicorn (2 workers, 16 concurrent clients on loopback, wrk) side by
side with a trivial DRF endpoint (GET /api/v1/health/) in the same run.
Targets: evaluation throughput >= 60% of the baseline, p99 < 25 ms.

The two are measured in alternating rounds (BENCH_ROUNDS, default 3, of BENCH_DURATION each): a shared
machine's speed drifts within a minute, and a ratio of two back-to-back runs drifts with it. The ratio is
that of the summed request counts; latencies are given per round."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from common import PG_BASE, ROOT, child_pids, cpu_seconds, database_backend_pids, setup_django

PORT = int(os.environ.get("BENCH_PORT", "8097"))
DURATION = os.environ.get("BENCH_DURATION", "6s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
BODY = {
    "as_of": "2026-11-23", "destination": "CN",
    "end_user": {"name": "Ministry of Public Security", "country": "CN", "type": "police_security"},
    "end_use": "Video analytics",
    "items": [
        {"description": "Emotion-recognition software", "control_entry": None, "cyber_surveillance": True,
         "quantity": 1, "value_eur": 45000},
        {"description": "IP network surveillance system", "control_entry": "5A001.j.1", "cyber_surveillance": True,
         "quantity": 1, "value_eur": 900000},
        {"description": "VPN gateway", "control_entry": "5A002.a.2", "cyber_surveillance": False,
         "quantity": 10, "value_eur": 20000},
    ],
    "declarations": {"wmd": False, "military_end_use": False, "internal_repression": False},
}


def wrk(url, script=None, server_pid=None):
    """Throughput and latency from wrk, with the CPU the gunicorn workers and their PostgreSQL backends spent
    per request (a figure that stays meaningful when other work shares the machine)."""
    cmd = ["wrk", "-t4", "-c16", f"-d{DURATION}", "--latency", url]
    if script:
        cmd[1:1] = ["-s", script]
    workers, backends = (child_pids(server_pid), database_backend_pids()) if server_pid else ([], [])
    cpu0 = cpu_seconds(workers), cpu_seconds(backends)
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    cpu1 = cpu_seconds(workers), cpu_seconds(backends)
    n = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    cpu = tuple(1000 * (b - a) / max(n, 1) for a, b in zip(cpu0, cpu1, strict=True))
    return rps, lat.get("50"), lat.get("99"), int(non2xx.group(1)) if non2xx else 0, cpu


def ms(latency: str | None) -> float:
    """wrk's latency ("850.00us", "11.27ms", "1.02s") in milliseconds."""
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", latency or "0ms").groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def main():
    if not shutil.which("wrk"):
        print("evaluation HTTP bench skipped: install wrk (apt-get install wrk)")
        return
    db = "dualis_bench_http"
    setup_django(db)
    from licensing.models import ApiClient
    from licensing.models.apiclients import hash_token

    token = "dls_bench_evaluate_token"
    ApiClient.objects.update_or_create(name="bench-evaluate", defaults={
        "token_hash": hash_token(token), "token_prefix": token[:8], "scopes": ["evaluate"], "is_active": True})
    env = {**os.environ, "DATABASE_URL": f"{PG_BASE}/{db}", "DJANGO_SETTINGS_MODULE": "dualis.settings.dev",
           "DEBUG": "false", "CONN_MAX_AGE": "600", "API_CLIENT_RATE": "1000000/minute"}
    env.pop("REDIS_URL", None)  # throttling cache in-process: the bench measures the evaluation, not Redis
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dualis.wsgi:application", "-c", "gunicorn.conf.py", "-w", "2",
         "-b", f"127.0.0.1:{PORT}",
         "--log-level", "warning"], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "dualis.settings.dev"})
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/v1/health/", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        if gunicorn.poll() is not None:
            sys.exit(f"gunicorn did not start (is port {PORT} taken? set BENCH_PORT)")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write('wrk.method = "POST"\n')
            f.write(f"wrk.body = {json.dumps(json.dumps(BODY))}\n")
            f.write('wrk.headers["Content-Type"] = "application/json"\n')
            f.write(f'wrk.headers["Authorization"] = "Bearer {token}"\n')
            script = f.name
        wrk(f"http://127.0.0.1:{PORT}/api/v1/evaluations/", script)  # warm every worker
        rounds = []
        for _ in range(ROUNDS):
            base = wrk(f"http://127.0.0.1:{PORT}/api/v1/health/", server_pid=gunicorn.pid)
            ev = wrk(f"http://127.0.0.1:{PORT}/api/v1/evaluations/", script, server_pid=gunicorn.pid)
            rounds.append((base, ev))
            print(f"  round: health {base[0]:,.0f} req/s (p50 {base[1]}, p99 {base[2]}); evaluation {ev[0]:,.0f} "
                  f"req/s (p50 {ev[1]}, p99 {ev[2]}, non-2xx {ev[3]}): {100 * ev[0] / base[0]:.0f}%")
        base_rps = sum(b[0] for b, _ in rounds) / len(rounds)
        ev_rps = sum(e[0] for _, e in rounds) / len(rounds)
        p99s = sorted(ms(e[2]) for _, e in rounds)
        print(f"baseline GET /api/v1/health/: {base_rps:,.0f} req/s (mean of {len(rounds)} rounds)")
        print(f"POST /api/v1/evaluations/ (3 items): {ev_rps:,.0f} req/s, p99 {p99s[len(p99s) // 2]:.1f} ms median "
              f"of rounds (worst {p99s[-1]:.1f} ms), non-2xx {sum(e[3] for _, e in rounds)}; "
              f"{100 * ev_rps / base_rps:.0f}% of baseline (target >= 60%, p99 < 25 ms)")
        for name, i in (("baseline", 0), ("evaluation", 1)):
            cpu = [sum(r[i][4][k] for r in rounds) / len(rounds) for k in (0, 1)]
            print(f"CPU per request, {name}: gunicorn workers {cpu[0]:.3f} ms + PostgreSQL {cpu[1]:.3f} ms")
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=20)


if __name__ == "__main__":
    main()
