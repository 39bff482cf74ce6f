"""Screening latency for one name against 100,000 and 1,000,000 listed names on PostgreSQL (pg_trgm
candidate retrieval + rapidfuzz scoring), and recall/precision on the labelled variant set
(tests/humanrights/variants.py), both in memory and with the labelled records hidden among the
synthetic list entries.

    python bench/bench_screening.py [sizes...]     (default: 100000 1000000)

Synthetic entries are generated once (COPY) into the database `dualis_bench_screening_<size>` and reused.
Targets: p95 under 5 ms at 100,000 entries and under 50 ms at 1,000,000.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time

from common import percentile, setup_django

LIST_NAME = "bench synthetic"
QUERIES = 300

SYLLABLES = [c + v for c in "bcdfghjklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou", "an", "er", "in")]
SECTOR = ("trading industries electronics technology holdings bank group systems engineering logistics shipping "
          "petroleum mining machinery aviation defence security optics software telecom research institute "
          "import export chemicals metals precision instruments construction investment energy marine").split()
LEGAL = ["", "", "", "ltd", "llc", "co ltd", "gmbh", "jsc", "sa", "fze", "pte ltd", "corporation", "limited"]
COUNTRIES = ("CN RU IR BY SY KP MM AE TR IN PK SA EG VE CU LY IQ AF SD SS VN TH MY ID HK SG KZ UZ AZ AM GE "
             "RS BA ML NE NG ET ER SO YE LB JO IL US GB DE FR NL").split()


VOCABULARY_SIZE = 200_000
_VOCAB: list[str] = []


def word(rng):
    """A word of a Zipf-like vocabulary (a few words are common, most are rare), as in real lists."""
    if not _VOCAB:
        vr = random.Random(42)
        seen = set()
        while len(_VOCAB) < VOCABULARY_SIZE:
            w = "".join(vr.choice(SYLLABLES) for _ in range(vr.randint(2, 4))).capitalize()
            if w not in seen:
                seen.add(w)
                _VOCAB.append(w)
    return _VOCAB[int(VOCABULARY_SIZE ** rng.random()) - 1]


def synthetic_name(rng) -> tuple[str, str]:
    if rng.random() < 0.35:
        return " ".join(word(rng) for _ in range(rng.randint(2, 3))), "person"
    parts = [word(rng) for _ in range(rng.randint(1, 3))]
    parts += rng.sample(SECTOR, rng.randint(0, 2))
    legal = rng.choice(LEGAL)
    return (" ".join(parts) + (f" {legal.upper()}" if legal else "")).strip(), "organisation"


def _copy(cur, table, columns, rows):
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _next_id(cur, table):
    cur.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
    return cur.fetchone()[0]


def ensure_entries(target: int) -> int:
    """Grow the synthetic list to `target` entries (with the labelled register among them), writing
    entries, names, words and word links with COPY."""
    from django.db import connection

    from humanrights.indexing import tokens_of
    from humanrights.matching import match_key
    from humanrights.models import ScreeningEntry, ScreeningList
    from tests.humanrights.variants import REGISTER

    lst, _ = ScreeningList.objects.get_or_create(name=LIST_NAME, defaults={"format": "ftm", "source": "synthetic"})
    ScreeningList.objects.exclude(pk=lst.pk).update(active=False)
    have = ScreeningEntry.objects.filter(screening_list=lst).count()
    if have >= target:
        return lst.pk
    rng = random.Random(have or 1)
    t = time.perf_counter()
    connection.ensure_connection()
    pg = connection.connection  # psycopg 3
    with pg.cursor() as cur:
        entry_id = _next_id(cur, "humanrights_screeningentry")
        name_id = _next_id(cur, "humanrights_screeningname")
        token_id = _next_id(cur, "humanrights_screeningtoken")
        cur.execute("SELECT token, id FROM humanrights_screeningtoken")
        vocab = dict(cur.fetchall())
    entries, names, links, new_tokens = [], [], [], []

    def add(source_id, kind, all_names, country):
        nonlocal entry_id, name_id, token_id
        entries.append((entry_id, lst.pk, source_id, kind, all_names[0], json.dumps(all_names[1:]),
                        json.dumps([country]), "[]", "", "", "", None))
        for n in all_names:
            key = match_key(n)
            names.append((name_id, entry_id, lst.pk, n, key))
            for tok in tokens_of(key):
                tid = vocab.get(tok)
                if tid is None:
                    tid = vocab[tok] = token_id
                    new_tokens.append((token_id, tok, 0))
                    token_id += 1
                links.append((name_id, tid))
            name_id += 1
        entry_id += 1

    if have == 0:
        for key, ns, country in REGISTER:
            add(f"label-{key}", "organisation", ns, country)
    for _ in range(target - have - len(entries)):
        name, kind = synthetic_name(rng)
        add(f"syn-{entry_id}", kind, [name], rng.choice(COUNTRIES))
    with pg.transaction(), pg.cursor() as cur:  # all or nothing: an interrupted run leaves no partial data
        # bulk load: no per-row foreign-key triggers (the generator writes consistent ids), indexes rebuilt after
        cur.execute("SET session_replication_role = replica")
        cur.execute("DROP INDEX IF EXISTS screeningtoken_token_trgm")
        _copy(cur, "humanrights_screeningentry", ["id", "screening_list_id", "source_id", "kind", "name", "aliases",
                                                  "countries", "addresses", "programme", "basis", "source_url",
                                                  "listed_on"], entries)
        _copy(cur, "humanrights_screeningname", ["id", "entry_id", "screening_list_id", "name", "key"], names)
        _copy(cur, "humanrights_screeningtoken", ["id", "token", "df"], new_tokens)
        _copy(cur, "humanrights_screeningname_tokens", ["screeningname_id", "screeningtoken_id"], links)
        for table, next_id in (("humanrights_screeningentry", entry_id), ("humanrights_screeningname", name_id),
                               ("humanrights_screeningtoken", token_id)):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [next_id])
        cur.execute("UPDATE humanrights_screeningtoken t SET df = c.n FROM (SELECT screeningtoken_id, count(*) n "
                    "FROM humanrights_screeningname_tokens GROUP BY 1) c WHERE c.screeningtoken_id = t.id")
        cur.execute("SET session_replication_role = DEFAULT")
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("CREATE INDEX screeningtoken_token_trgm ON humanrights_screeningtoken "
                    "USING GIN (token gin_trgm_ops)")
    with pg.cursor() as cur:  # visibility map for index-only scans, statistics for the planner (autocommit)
        for table in ("humanrights_screeningtoken", "humanrights_screeningname", "humanrights_screeningname_tokens"):
            cur.execute(f"VACUUM ANALYZE {table}")
    ScreeningList.objects.filter(pk=lst.pk).update(entry_count=target)
    print(f"  generated {target - have:,} entries ({len(names):,} names, {len(new_tokens):,} new words, "
          f"{len(links):,} links) with COPY in {time.perf_counter() - t:.0f} s")
    return lst.pk


def query_names(rng) -> list[tuple[str, str]]:
    from humanrights.models import ScreeningName
    from tests.humanrights.variants import VARIANTS

    sample = list(ScreeningName.objects.filter(entry__source_id__startswith="syn-").order_by("?")
                  .values_list("name", flat=True)[:QUERIES])
    out = []
    for i in range(QUERIES):
        if i % 2 == 0:
            q, c, _ = VARIANTS[(i // 2) % len(VARIANTS)]
            out.append((q, c))
        else:  # a listed name with a typo
            n = sample[i % len(sample)]
            k = rng.randrange(len(n))
            out.append((n[:k] + n[k + 1:], rng.choice(COUNTRIES)))
    return out


def _backend_cpu_ms() -> float:
    """CPU time (user + system) of the PostgreSQL backend serving this connection (local server)."""
    from pathlib import Path

    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # PostgreSQL on another machine
        return float("nan")
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def latency(size: int):
    from humanrights import screening, selectors
    from humanrights.matching import match_key

    rng = random.Random(7)
    queries = query_names(rng)
    for q, c in queries[:20]:  # warm up
        screening.list_matches(q, c)
    full, retrieval, cpu = [], [], []
    server = _backend_cpu_ms()
    for q, _c in queries:
        t = time.perf_counter()
        selectors.list_name_candidates(match_key(q))
        retrieval.append((time.perf_counter() - t) * 1000)
    for q, c in queries:
        t, p = time.perf_counter(), time.process_time()
        screening.list_matches(q, c)
        full.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - p) * 1000)
    server = (_backend_cpu_ms() - server) / (2 * len(queries))
    target = 5 if size <= 100_000 else 50
    p95 = percentile(full, 95)
    print(f"  {size:>9,} entries: screening one name p50 {percentile(full, 50):.1f} ms, p95 {p95:.1f} ms, "
          f"max {max(full):.1f} ms (candidate query alone p95 {percentile(retrieval, 95):.1f} ms) "
          f"[target p95 < {target} ms: {'met' if p95 < target else 'NOT met'}]")
    print(f"  {'':>9} CPU per name (load-independent): Python p50 {percentile(cpu, 50):.2f} ms, "
          f"p95 {percentile(cpu, 95):.2f} ms; PostgreSQL backend mean {server:.2f} ms "
          f"(load average {os.getloadavg()[0]:.1f})")


def quality(label: str, predict):
    from tests.humanrights.variants import evaluate

    r = evaluate(predict)
    print(f"  {label}: recall {r['recall']:.3f}, precision {r['precision']:.3f} "
          f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")
    for query, country, expected, got in r["wrong"]:
        print(f"    miss: {query!r} ({country or '-'}) expected {expected}, got {got}")


def measure(size: int):
    """One size in its own database (dualis_bench_screening_<size>), so each figure is against exactly
    that many listed names."""
    setup_django(f"dualis_bench_screening_{size}", load_reference=False)
    from humanrights import screening
    from humanrights.models import ScreeningEntry

    ensure_entries(size)
    latency(size)

    def in_db(q, c):
        hits = screening.list_matches(q, c)
        if not hits:
            return None
        sid = ScreeningEntry.objects.get(pk=hits[0].record_id).source_id
        return sid.removeprefix("label-") if sid.startswith("label-") else f"synthetic:{sid}"

    quality(f"in PostgreSQL among {size:,} list entries (pg_trgm word look-ups + matcher)", in_db)


def main():
    sys.stdout.reconfigure(line_buffering=True)
    if len(sys.argv) == 3 and sys.argv[1] == "--size":
        return measure(int(sys.argv[2]))
    sizes = [int(s) for s in sys.argv[1:]] or [100_000, 1_000_000]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dualis.settings.dev")
    import django

    django.setup()
    from humanrights.matching import best_matches
    from tests.humanrights.variants import REGISTER, VARIANTS

    def in_memory(q, c):
        hits = best_matches(q, c or None, REGISTER)
        return hits[0][0] if hits else None

    print(f"Labelled variant set: {len(VARIANTS)} queries ({sum(1 for v in VARIANTS if v[2])} true matches) "
          f"against {len(REGISTER)} registered records")
    quality("in memory (rules service path)", in_memory)
    failed = False
    for size in sizes:
        failed |= subprocess.run([sys.executable, __file__, "--size", str(size)]).returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
