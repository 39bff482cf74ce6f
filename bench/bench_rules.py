"""In-process evaluations per second of CPU time (one core, warm per-snapshot caches) for 3-item requests.

    python bench/bench_rules.py [seconds]

Prints the headline figures for parse_request + evaluate together:
- cached: the same request body again and again (the result cache answers);
- distinct: a pool of >= 5,000 distinct realistic 3-item requests (tests/rules/golden_requests.py:
  end users, destinations, items, dates, declarations vary; a third of the codes drawn from the whole
  of Annex I) cycled with the result cache bypassed; and the same with items only under frequently
  exported entries or non-listed (the usual traffic);
- new names: the distinct requests with end-user and consignee names never seen before (each request
  a fresh name, as from a new applicant: name normalisation and matching against the register run
  cold), against the shipped register of end-user concerns and against a register of 1,000
  synthetic records, the latter also scoring every record (the full scan the name index replaces).
Time is ``time.process_time()`` of this process, so other load on a shared machine hardly matters.
"""

from __future__ import annotations

import dataclasses
import random
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
from licensing.rules.snapshot import EndUserConcern  # noqa: E402
from tests.rules.golden_requests import COMPANY_KINDS, COMPANY_WORDS, GOVERNMENT, LEGAL, bodies  # noqa: E402
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


SYLLABLES = [c + v for c in "bcdfghjklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou", "an", "er", "in")]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def fresh_names(n: int, seed: int) -> list[str]:
    """``n`` distinct organisation names, each with a word of its own (so never seen before)."""
    rng, out, seen = random.Random(seed), [], set()
    while len(out) < n:
        if rng.random() < 0.2:
            name = f"{rng.choice(GOVERNMENT)} of {_word(rng)}"
        else:
            name = " ".join(p for p in (_word(rng), rng.choice(COMPANY_WORDS), rng.choice(COMPANY_KINDS),
                                        rng.choice(LEGAL)) if p)
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def with_fresh_names(pool: list[dict], n: int, seed: int) -> list[dict]:
    """``n`` bodies of the pool in turn, each end user (and consignee, if any) renamed to a fresh name."""
    names = iter(fresh_names(2 * n, seed))
    out = []
    for i in range(n):
        body = dict(pool[i % len(pool)])
        body["end_user"] = {**body.get("end_user", {}), "name": next(names)}
        if isinstance(body.get("consignee"), dict):
            body["consignee"] = {**body["consignee"], "name": next(names)}
        elif isinstance(body.get("consignee"), str):
            body["consignee"] = next(names)
        out.append(body)
    return out


def synthetic_register(n: int, seed: int = 5) -> tuple[EndUserConcern, ...]:
    """``n`` end-user concerns named like real ones (common words shared, a distinctive word each)."""
    rng = random.Random(seed)
    out = []
    for i, name in enumerate(fresh_names(n, seed)):
        aliases = (" ".join(w[0] for w in name.split()),) if rng.random() < 0.3 else ()
        out.append(EndUserConcern(name, aliases, rng.choice(("CN", "RU", "IR", "BY", "MM", "SY", "AE", "TR")),
                                  "Synthetic benchmark record", "bench", record=f"end-user-concern:bench-{i}"))
    return tuple(out)


class FullScan:
    """Stands in for the name index: every record is a candidate (the scan the index replaces)."""

    def __init__(self, size: int):
        self.every = list(range(size))

    def near(self, name: str, min_score: float) -> list[int]:
        return self.every


def once_each(fn, items: list, rounds: int = 5) -> tuple[float, float]:
    """(median, best) calls per second of CPU time, ``fn`` called once on each item, in ``rounds`` rounds."""
    size = len(items) // rounds
    rates = []
    for r in range(rounds):
        chunk = items[r * size:(r + 1) * size]
        start = time.process_time()
        for x in chunk:
            fn(x)
        rates.append(len(chunk) / (time.process_time() - start))
    rates.sort()
    return rates[len(rates) // 2], rates[-1]


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

    pool = distinct_pool(snap)
    mixed = distinct_rate(pool)
    common = distinct_rate(distinct_pool(snap, common_codes=True))

    def cold_rate(snapshot, n: int, seed: int, full_scan: bool = False):
        comp = compiled(snapshot)
        if full_scan:
            comp._end_user_index = FullScan(len(comp.end_user_concerns))

        def parse_evaluate_cold(body):
            comp.results.clear()
            request, errors = parse_request(body, snapshot, DAY)
            return evaluate(request, snapshot)

        for body in pool:  # warm everything but the names
            parse_evaluate_cold(body)
        return once_each(parse_evaluate_cold, with_fresh_names(pool, n, seed))

    cold = cold_rate(snap, 20000, seed=11)
    big = dataclasses.replace(snap, end_user_concerns=snap.end_user_concerns + synthetic_register(1000))
    cold_big = cold_rate(big, 10000, seed=12)
    big_scan = dataclasses.replace(big, stamp="full scan")
    cold_scan = cold_rate(big_scan, 500, seed=13, full_scan=True)
    print(f"parse_request + evaluate, cached (same request):                        {cached[0]:9,.0f} evaluations/s CPU "
          f"(best round {cached[1]:,.0f})")
    print(f"parse_request + evaluate, distinct ({POOL:,} requests, no result cache):     {mixed[0]:9,.0f} "
          f"evaluations/s CPU (best round {mixed[1]:,.0f})")
    print(f"  same, items under frequently exported entries or non-listed only:      {common[0]:9,.0f} "
          f"evaluations/s CPU (best round {common[1]:,.0f})")
    print(f"parse_request + evaluate, distinct, new end-user/consignee names:           {cold[0]:9,.0f} "
          f"evaluations/s CPU (best round {cold[1]:,.0f})")
    print(f"  same, register of {len(big.end_user_concerns):,} end-user concerns (name index):          "
          f"{cold_big[0]:9,.0f} evaluations/s CPU (best round {cold_big[1]:,.0f})")
    print(f"  same, register of {len(big.end_user_concerns):,} end-user concerns, every record scored:   "
          f"{cold_scan[0]:9,.0f} evaluations/s CPU (best round {cold_scan[1]:,.0f})")


if __name__ == "__main__":
    main()
