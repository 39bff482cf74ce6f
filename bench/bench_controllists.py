"""Control list: in-process code-lookup throughput (target ≥ 100,000/s warm) and search latency on
PostgreSQL over the full list (target p95 < 50 ms)."""

import random
import time

from common import percentile, setup_django


def main():
    setup_django("dualis_bench_lists")
    from controllists import codes, selectors
    from licensing.rules import loader

    snap = loader.get_snapshot()
    version = snap.versions[-1]
    known = sorted(version.codes)
    rnd = random.Random(7)
    sample = [rnd.choice(known) for _ in range(5000)]
    raw = [c.lower() + ("." if i % 3 == 0 else "") for i, c in enumerate(sample)]
    raw += ["5A999", "5a001.j.9", "4E001.C"] * 10
    existing = version.codes

    def lookup(r):
        code = codes.try_normalise(r)
        if code is None:
            return None
        return (code in existing, codes.within_any(code, codes.CYBER_SURVEILLANCE_ROOTS))

    for r in raw:  # warm
        lookup(r)
    n = 200_000
    t = time.perf_counter()
    for i in range(n):
        lookup(raw[i % len(raw)])
    rate = n / (time.perf_counter() - t)
    print(f"code lookups (normalise + exists + cyber-surveillance ancestry), one core: {rate:,.0f}/s (target 100,000/s)")

    v = selectors.version_in_force()
    queries = ["intrusion software", "interception", "5A001.j", "nuclear reactor", "cryptography for data confidentiality",
               "machine tools", "toxins", "unmanned aerial vehicle", "spacecraft", "semiconductor", "lasers",
               "centrifuge", "4A005", "3A001.a", "biological", "night vision", "encryption", "surveillance"]
    for q in queries:
        selectors.search(v, q)
    times = []
    for i in range(400):
        q = queries[i % len(queries)]
        t = time.perf_counter()
        selectors.search(v, q)
        times.append((time.perf_counter() - t) * 1000)
    print(f"search over {version.version_id} ({len(known)} items) on PostgreSQL: "
          f"p50 {percentile(times, 50):.1f} ms, p95 {percentile(times, 95):.1f} ms (target p95 < 50 ms), n={len(times)}")


if __name__ == "__main__":
    main()
