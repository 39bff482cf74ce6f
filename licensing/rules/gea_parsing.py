"""Turn the shipped reference data into the plain structures the rules read.

For the snapshot loader (and the tests' realistic snapshot): pure functions over the decoded JSON
of ``controllists/data/ugea.json`` and ``annex_i_*.json`` and the rows of ``humanrights/data/*.csv``.
Annex I entries are read with the importer's parser (``controllists.parsing``), Annex II item scopes
and Section I with ``controllists.annex_ii``, Annex IV with ``controllists.parsing.annex_iv_roots``
(the importer's reading, re-exported here); this module only maps them onto the rules' types.
"""

from __future__ import annotations

from datetime import date

from controllists import annex_ii, codes
from controllists.annex_ii import section_i_codes as section_i_from_ugea
from controllists.parsing import annex_iv_roots, parse_annex_iv, parse_entry

from .snapshot import CountryConcern, CountryMeasure, EndUserConcern, GeneralAuthorisation

__all__ = [
    "annex_iv_roots",
    "concern_from_row",
    "end_user_concern_from_row",
    "general_authorisations_from_ugea",
    "item_codes_from_entry",
    "measure_from_row",
    "parse_annex_iv",
    "parse_partial_date",
    "section_i_from_ugea",
]

# Annex II conditions that the request can test, per authorisation (legal facts of Annex II, Part 3).
_FLAGS: dict[str, dict] = {
    "EU003": {"purpose": "repair"},
    "EU004": {"purpose": "exhibition"},
    "EU005": {"excludes_cyber_surveillance_hr": True},
    "EU007": {"requires_intra_group": True, "requires_icp": True, "excludes_government_security_end_users": True,
              "excludes_cyber_surveillance_hr": True, "excludes_cyber_surveillance_items": True},
    "EU008": {"excludes_government_security_end_users": True, "excludes_cyber_surveillance_hr": True,
              "excludes_embargoed_destinations": True},
}


def general_authorisations_from_ugea(ugea_json: dict) -> tuple[GeneralAuthorisation, ...]:
    out = []
    for g in ugea_json.get("geas", []):
        code = g["code"]
        scope = annex_ii.item_scope(g.get("items_included", []), g.get("excluded_items", []))
        conditions = list(g.get("conditions", []))
        if scope.qualifiers:
            conditions.append("Item scope limited as follows: " + "; ".join(scope.qualifiers) + ".")
        out.append(GeneralAuthorisation(
            code=code,
            title=g.get("title", ""),
            destinations=frozenset(g.get("destinations", [])),
            excluded_destinations=frozenset(g.get("excluded_destinations", [])),
            all_annex_i=scope.all_annex_i,
            product_groups=scope.product_groups,
            items_included=scope.items_included,
            excludes_section_i=scope.excludes_annex_iv,
            excluded_items=scope.excluded_items,
            excluded_product_groups=scope.excluded_product_groups,
            registration_required=bool(g.get("registration_required", False)),
            conditions=tuple(conditions),
            source_url=ugea_json.get("source", {}).get("source_url", ""),
            **_FLAGS.get(code, {}),
        ))
    return tuple(sorted(out, key=lambda ga: ga.code))


def item_codes_from_entry(verbatim_text: str) -> dict[str, str]:
    """Item codes of one Annex I entry and the text of each one's first line, as the importer
    reads them (controllists.parsing.parse_entry: notes and the lists under notes are not items)."""
    first = verbatim_text.split(None, 1)[0]
    entry = parse_entry(codes.entry_code(codes.normalise(first)), verbatim_text)
    return {i.code: _title(i.code, i.text) for i in entry.items}


def _title(code: str, text: str) -> str:
    """The item's first line; a line with the bare code (the '4E001' heading) has no title."""
    line = text.split("\n", 1)[0].strip()
    return "" if codes.try_normalise(line) == code else line


# --- rows of humanrights/data/*.csv ------------------------------------------------------------
def parse_partial_date(text: str | None) -> date | None:
    """'2025-09-30' -> that day; '2022' or '1991' (year only, as some rows give) -> 1 January."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) == 4 and text.isdigit():
        return date(int(text), 1, 1)
    if len(text) == 7 and text[4] == "-":
        return date(int(text[:4]), int(text[5:7]), 1)
    return date.fromisoformat(text[:10])


def measure_from_row(row: dict) -> CountryMeasure:
    """A country_measures.csv row; rows whose notes say UNSURE need an officer's check."""
    return CountryMeasure(
        country=row["country_iso2"].strip().upper(), measure=row["measure"].strip(), scope=row["scope"].strip(),
        legal_basis=row["legal_basis"].strip(), since=parse_partial_date(row.get("since")),
        until=parse_partial_date(row.get("until")), source_url=row.get("source_url", "").strip(),
        notes=row.get("notes", "").strip(), needs_check="UNSURE" in row.get("notes", ""),
        record=f"country-measure:{row['country_iso2'].strip().upper()}:{row['measure'].strip()}")


def concern_from_row(row: dict) -> CountryConcern:
    """A human_rights_concerns.csv row."""
    return CountryConcern(
        country=row["country_iso2"].strip().upper(), level=row["level"].strip(), basis=row["basis"].strip(),
        source=row["source"].strip(), source_url=row.get("source_url", "").strip(),
        since=parse_partial_date(row.get("since")), until=parse_partial_date(row.get("until")),
        record=f"human-rights-concern:{row['country_iso2'].strip().upper()}")


def end_user_concern_from_row(row: dict, record: str = "") -> EndUserConcern:
    """An end_user_concerns.csv row; aliases are ';'-separated."""
    return EndUserConcern(
        name=row["name"].strip(), aliases=tuple(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()),
        country=row["country_iso2"].strip().upper(), basis=row["basis"].strip(), source=row["source"].strip(),
        source_url=row.get("source_url", "").strip(), since=parse_partial_date(row.get("since")),
        until=parse_partial_date(row.get("until")), record=record or f"end-user-concern:{row['name'].strip()}")
