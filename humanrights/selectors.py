"""Reads of the human-rights registers and screening results (no writes here)."""

from __future__ import annotations

import math
from datetime import date

from django.db import connection
from django.db.models import Count, Q
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
# does not hold is looked up by trigram similarity (at least WORD_SIMILARITY, the FUZZY_WORDS closest);
# the names holding the chosen words are ranked by the rarity of the words they share, reading at most
# POSTINGS_BUDGET word-name links (the rarest words first), and the best CANDIDATE_LIMIT go to rapidfuzz.
WORD_SIMILARITY = 0.4
FUZZY_WORDS = 3
POSTINGS_BUDGET = 5000
CANDIDATE_LIMIT = 50


def list_name_candidates(key: str, limit: int = CANDIDATE_LIMIT) -> list[tuple[int, str, str]]:
    """Names of entries of active lists that may match a match key: [(entry_id, name, key)].
    PostgreSQL: word look-ups (B-tree and pg_trgm indexes); elsewhere a rapidfuzz scan (small test lists)."""
    if not key:
        return []
    if connection.vendor == "postgresql":
        return _pg_candidates(key, limit)
    rows = list(ScreeningName.objects.filter(screening_list__active=True).values_list("entry_id", "name", "key"))
    found = process.extract(key, [r[2] for r in rows], scorer=fuzz.token_set_ratio, limit=limit, score_cutoff=50)
    return [rows[i] for _, _, i in found]


def _pg_candidates(key: str, limit: int) -> list[tuple[int, str, str]]:
    from .indexing import tokens_of

    words = tokens_of(key)
    with connection.cursor() as cur:
        cur.execute("SELECT token, id, df FROM humanrights_screeningtoken WHERE token = ANY(%s) AND df > 0", [words])
        known = {t: (i, df) for t, i, df in cur.fetchall()}
        chosen = dict(known.values())
        missing = [w for w in words if w not in known and len(w) >= 3]
        if missing:
            cur.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [str(WORD_SIMILARITY)])
            for w in missing:
                cur.execute("SELECT id, df FROM humanrights_screeningtoken WHERE token %% %s AND df > 0 "
                            "ORDER BY token <-> %s LIMIT %s", [w, w, FUZZY_WORDS])
                chosen.update(dict(cur.fetchall()))
        if not chosen:
            return []
        picked, budget = [], 0
        for token_id, df in sorted(chosen.items(), key=lambda x: x[1]):
            if picked and budget + df > POSTINGS_BUDGET:
                break
            picked.append((token_id, 1.0 / (1.0 + math.log(df))))
            budget += df
        cur.execute(
            "SELECT n.entry_id, n.name, n.key FROM ("
            "  SELECT l.screeningname_id AS id, sum(w.weight) AS score FROM humanrights_screeningname_tokens l"
            "  JOIN unnest(%s::bigint[], %s::float8[]) AS w(id, weight) ON w.id = l.screeningtoken_id"
            "  GROUP BY 1 ORDER BY 2 DESC LIMIT %s) c "
            "JOIN humanrights_screeningname n ON n.id = c.id "
            "JOIN humanrights_screeninglist sl ON sl.id = n.screening_list_id AND sl.active "
            "ORDER BY c.score DESC",
            [[p[0] for p in picked], [p[1] for p in picked], limit],
        )
        return list(cur.fetchall())


def hits_for_application(application) -> list[ScreeningHit]:
    """Screening hits of every party of an application for the case page: undecided first, then by
    score; hits a later screening no longer finds are kept when an officer decided them."""
    return list(
        ScreeningHit.objects.filter(party__application=application)
        .filter(Q(current=True) | ~Q(disposition=Disposition.OPEN))
        .select_related("party", "decided_by")
        .order_by(
            # open hits first
            "disposition", "-score", "id"
        )
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
    from licensing.models import Application, Licence

    apps = Application.objects.filter(destination=iso2).exclude(status="draft")
    by_status = dict(apps.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
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
