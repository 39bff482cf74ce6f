"""`make bench`: run every benchmark in turn and print its figures. Benchmarks are never timed tests:
these machines are shared and noisy, so read the figures as indications, and compare within one run."""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = [
    ("Control list: code lookups and search", "bench_controllists.py"),
    ("Rules service in process", "bench_rules.py"),
    ("Evaluation API under gunicorn", "bench_evaluation_http.py"),
    ("Screening", "bench_screening.py"),
    ("Back-office queue", "bench_queue.py"),
    ("Customs licence checks and write-offs", "bench_customs.py"),
    ("Re-evaluation of 100,000 applications", "bench_reevaluation.py"),
]


def main():
    only = set(sys.argv[1:])
    failed = []
    for title, script in ORDER:
        if only and script not in only:
            continue
        path = HERE / script
        if not path.exists():
            continue
        print(f"\n=== {title} ({script}) ===", flush=True)
        t = time.perf_counter()
        r = subprocess.run([sys.executable, str(path)], cwd=HERE)
        print(f"--- {script}: {'ok' if r.returncode == 0 else 'FAILED'} in {time.perf_counter() - t:.0f} s", flush=True)
        if r.returncode:
            failed.append(script)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
