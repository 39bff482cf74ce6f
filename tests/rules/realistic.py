"""A Snapshot built straight from the shipped JSON/CSV files (a test helper, not the importer)."""

from __future__ import annotations

import csv
import json
from datetime import date
from functools import lru_cache
from pathlib import Path

from licensing.rules.gea_parsing import (
    annex_iv_roots,
    concern_from_row,
    end_user_concern_from_row,
    general_authorisations_from_ugea,
    item_codes_from_entry,
    measure_from_row,
    parse_annex_iv,
    section_i_from_ugea,
)
from licensing.rules.snapshot import ListVersion, Snapshot

ROOT = Path(__file__).resolve().parents[2]
LISTS = ROOT / "controllists" / "data"
HR = ROOT / "humanrights" / "data"


def _codes(data: dict) -> tuple[frozenset[str], dict[str, str]]:
    titles: dict[str, str] = {}
    for entry in data["entries"]:
        titles.update(item_codes_from_entry(entry["verbatim_text"]))
    return frozenset(titles), titles


@lru_cache(maxsize=1)
def realistic_snapshot() -> Snapshot:
    ugea = json.loads((LISTS / "ugea.json").read_text())
    gas = general_authorisations_from_ugea(ugea)
    section_i = section_i_from_ugea(ugea)
    old = json.loads((LISTS / "annex_i_2021-09-09.json").read_text())
    new = json.loads((LISTS / "annex_i_2025-11-15.json").read_text())
    annex_iv = parse_annex_iv((LISTS / "annex_iv_2021-09-09.json").read_bytes())  # both versions, as manifest.json
    versions = []
    for data, vid in ((old, "02021R0821-20210909"), (new, new["corpus_version"])):
        codes_, titles = _codes(data)
        versions.append(ListVersion(
            version_id=vid, valid_from=date.fromisoformat(data["valid_from"]), codes=codes_, titles=titles,
            annex_iv=annex_iv_roots(annex_iv, codes_), section_i=section_i,
            general_authorisations=gas, source_url=data["source_url"]))
    with open(HR / "country_measures.csv", newline="") as fh:
        measures = tuple(measure_from_row(r) for r in csv.DictReader(fh))
    with open(HR / "human_rights_concerns.csv", newline="") as fh:
        concerns = tuple(concern_from_row(r) for r in csv.DictReader(fh))
    with open(HR / "end_user_concerns.csv", newline="") as fh:
        eucs = tuple(end_user_concern_from_row(r, f"end-user-concern:{i + 1}") for i, r in enumerate(csv.DictReader(fh)))
    return Snapshot(versions=tuple(versions), measures=measures, country_concerns=concerns,
                    end_user_concerns=eucs, stamp="shipped-files")
