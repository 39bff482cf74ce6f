"""In-process evaluations per second of CPU time (one core, warm per-snapshot caches) for 3-item requests.

    python bench/bench_rules.py [seconds]

Prints two headline figures for parse_request + evaluate together:
- cached: the same request body again and again (the result cache answers);
- distinct: a pool of >= 5,000 distinct realistic 3-item requests (tests/rules/golden_requests.py:
  end users, destinations, items, dates, declarations vary; a third of the codes drawn from the whole
  of Annex I) cycled with the result cache bypassed; and the same with items only under frequently
  exported entries or non-listed (the usual traffic).
Time is ``time.process_time()`` of this process, so other load on a shared machine hardly matters.
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
    settings.configure(USE_I18N=True, LANGUAGE_CODE="en")
    django.setup()

from licensing.rules import evaluate, parse_request  # noqa: E402
from licensing.rules.context import compiled  # noqa: E402
from tests.rules.golden_requests import bodies  # noqa: E402
from tests.rules.realistic import realistic_snapshot  # noqa: E402

DAY = date(2026, 11, 23)
POOL = 5000
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


def rate(fn, seconds: float, batch: int = 200, rounds: int = 5) -> tuple[float, float]:
    """(median, best) calls per second of CPU time of this process over ``rounds`` rounds (one core;
    CPU time is robust to other load on a shared machine, the median to what remains of it)."""
    rates = []
    for _ in range(rounds):
        n, start = 0, time.process_time()
        while True:
            for _ in range(batch):
                fn()
            n += batch
            elapsed = time.process_time() - start
            if elapsed >= seconds / rounds:
                rates.append(n / elapsed)
                break
    rates.sort()
    return rates[len(rates) // 2], rates[-1]


def distinct_pool(snap, common_codes: bool = False) -> list[dict]:
    """>= POOL distinct valid 3-item bodies (those parse_request rejects are skipped)."""
    pool, seen, seed = [], set(), 1
    while len(pool) < POOL:
        for body in bodies(snap, POOL, seed=seed, valid_only=True, n_items=3, common_codes=common_codes):
            key = repr(body)
            if key not in seen and parse_request(body, snap, DAY)[1] is None:
                seen.add(key)
                pool.append(body)
        seed += 1
    return pool[:POOL]


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    snap = realistic_snapshot()
    results = compiled(snap).results

    def parse_evaluate(body):
        request, errors = parse_request(body, snap, DAY)
        return evaluate(request, snap)

    parse_evaluate(BODY)  # warm: compiled snapshot, item facts, name normalisation
    cached = rate(lambda: parse_evaluate(BODY), seconds)

    def distinct_rate(pool):
        for body in pool:  # warm the per-snapshot caches (item facts, names, measures in force)
            parse_evaluate(body)
        state = {"i": 0}

        def next_distinct():
            i = state["i"]
            state["i"] = (i + 1) % POOL
            results.clear()  # never answered from the result cache
            return parse_evaluate(pool[i])

        return rate(next_distinct, seconds)

    mixed = distinct_rate(distinct_pool(snap))
    common = distinct_rate(distinct_pool(snap, common_codes=True))
    print(f"parse_request + evaluate, cached (same request):                        {cached[0]:9,.0f} evaluations/s CPU "
          f"(best round {cached[1]:,.0f})")
    print(f"parse_request + evaluate, distinct ({POOL:,} requests, no result cache):     {mixed[0]:9,.0f} "
          f"evaluations/s CPU (best round {mixed[1]:,.0f})")
    print(f"  same, items under frequently exported entries or non-listed only:      {common[0]:9,.0f} "
          f"evaluations/s CPU (best round {common[1]:,.0f})")


if __name__ == "__main__":
    main()
