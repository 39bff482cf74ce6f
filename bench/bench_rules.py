"""In-process evaluations per second for a 3-item application on one core, warm caches.

    python bench/bench_rules.py [seconds]
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402
from django.conf import settings  # noqa: E402

if not settings.configured:
    settings.configure(USE_I18N=True)
    django.setup()

from licensing.rules import evaluate, parse_request  # noqa: E402
from licensing.rules.context import compiled  # noqa: E402
from tests.rules.realistic import realistic_snapshot  # noqa: E402

BODY = {
    "as_of": "2026-11-23",
    "destination": "CN",
    "end_user": {"name": "Ministry of Public Security", "country": "CN", "type": "police_security"},
    "items": [
        {"description": "Emotion recognition", "control_entry": None, "cyber_surveillance": True},
        {"description": "VPN gateway", "control_entry": "5A002.a.2", "cyber_surveillance": False},
        {"description": "Machine tool", "control_entry": "2B001.a", "cyber_surveillance": False},
    ],
}


def rate(fn, seconds: float) -> float:
    """Calls per second of CPU time of this process (one core; robust to other load on the machine)."""
    n, start = 0, time.process_time()
    while True:
        for _ in range(200):
            fn()
        n += 200
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            return n / elapsed


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    snap = realistic_snapshot()
    request, errors = parse_request(BODY, snap, date(2026, 11, 23))
    assert errors is None, errors
    evaluate(request, snap)  # warm: compiled snapshot, item facts, name normalisation
    results = compiled(snap).results

    def uncached():
        results.clear()
        return evaluate(request, snap)

    print(f"evaluate (warm caches, repeated request): {rate(lambda: evaluate(request, snap), seconds):10,.0f} /s")
    print(f"evaluate (result cache bypassed):         {rate(uncached, seconds):10,.0f} /s")
    day = date(2026, 11, 23)
    print(f"parse_request + evaluate:                 {rate(lambda: evaluate(parse_request(BODY, snap, day)[0], snap), seconds):10,.0f} /s")


if __name__ == "__main__":
    main()
