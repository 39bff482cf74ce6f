"""Reads of the human-rights registers and screening results (no writes here)."""

from __future__ import annotations

from datetime import date

import psycopg
from django.db import connection
from django.db.models import Case, Count, Q, Value, When
from rapidfuzz import fuzz, process

from .models import (
    ConcernLevel,
    CountryConcern,
    CountryMeasure,
    Denial,
    Disposition,
    ScreeningHit,
    ScreeningName,
)

# Candidate retrieval (see humanrights/indexing.py). A word of the screened name that the vocabulary
# does not hold is looked up by trigram similarity (at least WORD_SIMILARITY, the FUZZY_WORDS closest)
# when the words found exactly are fewer than half or none of them is rare (held by at most RARE_WORD names);
# the names holding the chosen words are ranked by the rarity of the words they share, reading at most
# POSTINGS_BUDGET word-name links (the rarest words first), and the best CANDIDATE_LIMIT go to rapidfuzz.
WORD_SIMILARITY = 0.4
FUZZY_WORDS = 3
RARE_WORD = 500
POSTINGS_BUDGET = 2000
CANDIDATE_LIMIT = 50


def list_name_candidates(key: str, limit: int = CANDIDATE_LIMIT) -> list[tuple[int, str, str, list]]:
    """Names of entries of active lists that may match a match key: [(entry_id, name, key, countries)].
    PostgreSQL: word look-ups (B-tree and pg_trgm indexes); elsewhere a rapidfuzz scan (small test lists)."""
    return [r[:4] for r in list_entry_candidates(key, limit)]


def list_entry_candidates(key: str, limit: int = CANDIDATE_LIMIT) -> list[tuple]:
    """list_name_candidates with what a screening hit shows of the entry, in the same round trip:
    [(entry_id, name, key, countries, source_id, entry name, kind, programme, list name)]."""
    if not key:
        return []
    if connection.vendor == "postgresql":
        return _pg_candidates(key, limit)
    rows = list(ScreeningName.objects.filter(screening_list__active=True)
                .values_list("entry_id", "name", "key", "entry__countries", "entry__source_id", "entry__name",
                             "entry__kind", "entry__programme", "screening_list__name"))
    found = process.extract(key, [r[2] for r in rows], scorer=fuzz.token_set_ratio, limit=limit, score_cutoff=50)
    return [rows[i] for _, _, i in found]


# One round trip: the words found exactly, the closest vocabulary words (pg_trgm; the index answers
# at the connection's similarity threshold, the filter keeps WORD_SIMILARITY) for words the vocabulary lacks, the
# rarest of them up to POSTINGS_BUDGET links (at least one word), the names holding the most (rarest) of
# them, of active lists, with what a hit shows of their entries.
_CANDIDATES_SQL = """
WITH words AS (SELECT DISTINCT unnest(%(words)s::text[]) AS word),
exact AS (
    SELECT t.id, t.df, w.word FROM words w JOIN humanrights_screeningtoken t ON t.token = w.word AND t.df > 0),
fuzzy AS (
    SELECT f.id, f.df FROM words w CROSS JOIN LATERAL (
        SELECT id, df FROM humanrights_screeningtoken
        WHERE token %% w.word AND similarity(token, w.word) >= {similarity} AND df > 0
        ORDER BY token <-> w.word LIMIT {fuzzy}) f
    WHERE length(w.word) >= 3 AND NOT EXISTS (SELECT 1 FROM exact e WHERE e.word = w.word)
      -- only when the exact words are too few or too common to find the name by
      AND ((SELECT count(*) FROM exact) * 2 <= (SELECT count(*) FROM words)
           OR NOT EXISTS (SELECT 1 FROM exact WHERE df <= {rare}))),
chosen AS (SELECT DISTINCT id, df FROM (SELECT id, df FROM exact UNION ALL SELECT id, df FROM fuzzy) x),
ranked AS (
    SELECT id, df, sum(df) OVER (ORDER BY df, id) AS reach, row_number() OVER (ORDER BY df, id) AS n FROM chosen),
picked AS (SELECT id, 1.0 / (1.0 + ln(df)) AS weight FROM ranked WHERE n = 1 OR reach <= {budget}),
several AS (
    SELECT l.screeningname_id AS id, sum(p.weight) AS score
    FROM picked p JOIN humanrights_screeningname_tokens l ON l.screeningtoken_id = p.id
    WHERE (SELECT count(*) FROM picked) > 1
    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {limit}),
-- one word (however common): every name holding it scores the same, so the best are the first by id,
-- read from the postings index without counting the others
one AS (
    SELECT l.id, p.weight AS score FROM picked p CROSS JOIN LATERAL (
        SELECT screeningname_id AS id FROM humanrights_screeningname_tokens WHERE screeningtoken_id = p.id
        ORDER BY screeningname_id LIMIT {limit}) l
    WHERE (SELECT count(*) FROM picked) = 1),
candidates AS (SELECT id, score FROM several UNION ALL SELECT id, score FROM one)
SELECT n.entry_id, n.name, n.key, ARRAY(SELECT jsonb_array_elements_text(e.countries)),
       e.source_id, e.name, e.kind, e.programme, sl.name
FROM candidates c
JOIN humanrights_screeningname n ON n.id = c.id
JOIN humanrights_screeninglist sl ON sl.id = n.screening_list_id AND sl.active
JOIN humanrights_screeningentry e ON e.id = n.entry_id
ORDER BY c.score DESC, c.id
"""
# the limits are constants written into the statement, so its generic (prepared) plan knows them
_SQL_BY_LIMIT: dict[int, str] = {}
_NEVER = 2**31 - 1


def _pg_candidates(key: str, limit: int) -> list[tuple]:
    from .indexing import tokens_of

    sql = _SQL_BY_LIMIT.get(limit)
    if sql is None:
        sql = _SQL_BY_LIMIT[limit] = _CANDIDATES_SQL.format(
            similarity=float(WORD_SIMILARITY), fuzzy=int(FUZZY_WORDS), rare=int(RARE_WORD), budget=int(POSTINGS_BUDGET),
            limit=int(limit))
    connection.ensure_connection()
    pg = connection.connection
    # psycopg's own cursor with server-side binding (Django's cursors bind on the client and never
    # prepare): the statement is prepared once per connection, so PostgreSQL does not plan it per name.
    # Django turns preparing off (threshold None); a threshold never reached lets this explicit prepare
    # through and leaves every other query as it was. The generic plan (the words are the only
    # parameter) is planned once; PostgreSQL's default would plan it again for every name.
    if pg.prepare_threshold is None:
        pg.prepare_threshold = _NEVER
        with pg.cursor() as cur:
            cur.execute("SET plan_cache_mode = force_generic_plan")
            # the trigram index then answers at WORD_SIMILARITY: far fewer words to check again in the
            # table, the same words found (the statement keeps only those at WORD_SIMILARITY or more)
            cur.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [str(float(WORD_SIMILARITY))])
    with psycopg.Cursor(pg) as cur:
        cur.execute(sql, {"words": tokens_of(key)}, prepare=True)
        return list(cur.fetchall())


def hits_for_application(application) -> list[ScreeningHit]:
    """Screening hits of every party of an application for the case page: undecided first, then by
    score; hits a later screening no longer finds are kept when an officer decided them."""
    return list(
        ScreeningHit.objects.filter(party__application=application)
        .filter(Q(current=True) | ~Q(disposition=Disposition.OPEN))
        .select_related("party", "decided_by")
        .annotate(undecided=Case(When(disposition=Disposition.OPEN, then=Value(0)), default=Value(1)))
        .order_by("undecided", "-current", "-score", "id")
    )


def open_hit_count(application) -> int:
    return ScreeningHit.objects.filter(
        party__application=application, current=True, disposition=Disposition.OPEN
    ).count()


# --- country profiles --------------------------------------------------------------------------


def in_force(qs, day: date):
    return qs.filter(Q(since__isnull=True) | Q(since__lte=day)).filter(Q(until__isnull=True) | Q(until__gt=day))


def country_overview(day: date) -> list[dict]:
    """One row per country that has a measure or a concern: measures in force, concern level."""
    countries: dict[str, dict] = {}
    for m in in_force(CountryMeasure.objects.all(), day):
        row = countries.setdefault(m.country, {"country": m.country, "name": m.country_name, "measures": [],
                                                "level": ""})
        row["name"] = row["name"] or m.country_name
        row["measures"].append(m)
    for c in in_force(CountryConcern.objects.all(), day):
        row = countries.setdefault(c.country, {"country": c.country, "name": "", "measures": [], "level": ""})
        row["level"] = c.level
    for row in countries.values():
        row["name"] = row["name"] or _country_name(row["country"])
    return sorted(countries.values(), key=lambda r: r["name"])


def _country_name(iso2: str) -> str:
    import pycountry

    c = pycountry.countries.get(alpha_2=iso2)
    return c.name if c else iso2


def country_profile(iso2: str, day: date) -> dict:
    """Everything the authority holds on a destination: measures, human-rights concern, and the
    applications, licences and refusals for it."""
    from licensing.models import Application, Licence, Status

    apps = Application.objects.filter(destination=iso2).exclude(status="draft")
    labels = dict(Status.choices)
    by_status = [(labels.get(st, st), n) for st, n in
                 apps.order_by("status").values_list("status").annotate(n=Count("id")).values_list("status", "n")]
    licences = Licence.objects.filter(destinations__contains=[iso2]) if connection.vendor == "postgresql" else [
        lic for lic in Licence.objects.all() if iso2 in (lic.destinations or [])
    ]
    concerns = CountryConcern.objects.filter(country=iso2).order_by("-since")
    current = in_force(concerns, day).first()
    return {
        "country": iso2,
        "name": _country_name(iso2),
        "measures": CountryMeasure.objects.filter(country=iso2).order_by("measure", "since"),
        "concerns": concerns,
        "concern": current,
        "concern_level": current.level if current else ConcernLevel.NONE,
        "applications": apps.order_by("-submitted_at")[:50],
        "application_count": apps.count(),
        "by_status": by_status,
        "licences": list(licences)[:50],
        "licence_count": len(licences) if isinstance(licences, list) else licences.count(),
        "denials": Denial.objects.filter(destination=iso2).order_by("-denied_on"),
    }
