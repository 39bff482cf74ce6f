"""Writes to the human-rights registers. Every write bumps the reference-data counter so the rules
service reloads its snapshot."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from django.db import transaction

from controllists import reference

from .models import CountryConcern, CountryMeasure, EndUserConcern

DATA_DIR = Path(__file__).resolve().parent / "data"


def parse_date(text: str) -> date | None:
    """ISO dates; a bare year ("1991") means its first day (the source gives no more)."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) == 4 and text.isdigit():
        return date(int(text), 1, 1)
    return date.fromisoformat(text)


def _rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(io.StringIO(fh.read())))


@transaction.atomic
def load_country_measures(path: Path = DATA_DIR / "country_measures.csv") -> int:
    n = 0
    for row in _rows(path):
        since = parse_date(row["since"])
        CountryMeasure.objects.update_or_create(
            country=row["country_iso2"].strip().upper(),
            measure=row["measure"].strip(),
            since=since,
            defaults={
                "country_name": row.get("country_name", ""),
                "scope": row.get("scope", "full") or "full",
                "legal_basis": row.get("legal_basis", ""),
                "since_text": row["since"].strip(),
                "source_url": row.get("source_url", "")[:500],
                "notes": row.get("notes", ""),
                "needs_check": "UNSURE" in (row.get("notes", "") + row.get("legal_basis", "")),
            },
        )
        n += 1
    reference.bump("country measures loaded")
    return n


@transaction.atomic
def load_country_concerns(path: Path = DATA_DIR / "human_rights_concerns.csv") -> int:
    n = 0
    for row in _rows(path):
        CountryConcern.objects.update_or_create(
            country=row["country_iso2"].strip().upper(),
            since=parse_date(row.get("since") or ""),
            defaults={
                "level": row["level"].strip(),
                "basis": row.get("basis", ""),
                "source": row.get("source", ""),
                "source_url": (row.get("source_url") or "")[:500],
            },
        )
        n += 1
    reference.bump("human-rights concerns loaded")
    return n


@transaction.atomic
def load_end_user_concerns(path: Path = DATA_DIR / "end_user_concerns.csv") -> int:
    n = 0
    for row in _rows(path):
        aliases = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
        EndUserConcern.objects.update_or_create(
            name=row["name"].strip(),
            country=row["country_iso2"].strip().upper(),
            defaults={
                "aliases": aliases,
                "basis": row.get("basis", ""),
                "source": row.get("source", ""),
                "source_url": (row.get("source_url") or "")[:500],
                "since": parse_date(row.get("since") or ""),
            },
        )
        n += 1
    reference.bump("end-user concerns loaded")
    return n
