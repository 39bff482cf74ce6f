"""Turn the shipped reference data into the plain structures the rules read.

For the reference-data importer (and the tests' realistic snapshot): pure functions over the
decoded JSON of ``controllists/data/ugea.json`` and ``annex_i_*.json`` and the rows of
``humanrights/data/*.csv``.
"""

from __future__ import annotations

import re
from datetime import date

from controllists import codes

from .snapshot import CountryConcern, CountryMeasure, EndUserConcern, GeneralAuthorisation

ALL_ANNEX_I = "ALL_ANNEX_I"
SOFTWARE_AND_TECHNOLOGY = "ALL_ANNEX_I_SOFTWARE_AND_TECHNOLOGY"
ANNEX_IV_ALL = "ANNEX_IV_ALL"
GROUP_PSEUDO_CODES = {"SECTION_D_ALL": "D", "SECTION_E_ALL": "E"}

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


def _split(entry: str) -> tuple[str, str]:
    """'5B001 (related)' -> ('5B001', 'related')."""
    head, _, rest = entry.strip().partition(" ")
    return head, rest.strip().strip("()")


def general_authorisations_from_ugea(ugea_json: dict) -> tuple[GeneralAuthorisation, ...]:
    out = []
    for g in ugea_json.get("geas", []):
        code = g["code"]
        all_annex_i, groups, included, qualifiers = False, set(), [], []
        for entry in g.get("items_included", []):
            head, qualifier = _split(entry)
            if head == ALL_ANNEX_I:
                all_annex_i = True
            elif head == SOFTWARE_AND_TECHNOLOGY:
                groups |= {"D", "E"}
            else:
                norm = codes.try_normalise(head)
                if norm:
                    included.append(norm)
                    if qualifier:
                        qualifiers.append(f"{norm}: {qualifier}")
        section_i, excluded, excluded_groups = False, [], set()
        for entry in g.get("excluded_items", []):
            head, _ = _split(entry)
            if head == ANNEX_IV_ALL:
                section_i = True
            elif head in GROUP_PSEUDO_CODES:
                excluded_groups.add(GROUP_PSEUDO_CODES[head])
            else:
                norm = codes.try_normalise(head)
                if norm:
                    excluded.append(norm)
        conditions = list(g.get("conditions", []))
        if qualifiers:
            conditions.append("Item scope limited as follows: " + "; ".join(qualifiers) + ".")
        out.append(GeneralAuthorisation(
            code=code,
            title=g.get("title", ""),
            destinations=frozenset(g.get("destinations", [])),
            excluded_destinations=frozenset(g.get("excluded_destinations", [])),
            all_annex_i=all_annex_i,
            product_groups=frozenset(groups),
            items_included=tuple(sorted(set(included), key=codes.sort_key)),
            excludes_section_i=section_i,
            excluded_items=tuple(sorted(set(excluded), key=codes.sort_key)),
            excluded_product_groups=frozenset(excluded_groups),
            registration_required=bool(g.get("registration_required", False)),
            conditions=tuple(conditions),
            source_url=ugea_json.get("source", {}).get("source_url", ""),
            **_FLAGS.get(code, {}),
        ))
    return tuple(sorted(out, key=lambda ga: ga.code))


def section_i_from_ugea(ugea_json: dict) -> frozenset[str]:
    """Annex II Section I roots beyond 'all Annex IV items' (EU001's exclusions)."""
    for g in ugea_json.get("geas", []):
        if g["code"] == "EU001":
            return frozenset(c for c in (codes.try_normalise(_split(e)[0]) for e in g["excluded_items"]) if c)
    return frozenset()


def _is_note(rest: str) -> bool:
    rest = rest.lstrip("*_ ")
    return rest.startswith(("Note", "N.B.", "Technical Note", "Technical Notes"))


def item_codes_from_entry(verbatim_text: str) -> dict[str, str]:
    """Item codes (and their text) of one Annex I entry: the first token of each line that is not a
    note. Lines listed under a note ('Note 2: 5A004.b. does not include:' followed by
    '5A004.b.2.a Debuggers...') are note sub-items, not items."""
    out: dict[str, str] = {}
    note_of: str | None = None  # code of the note whose list we are in
    for line in verbatim_text.splitlines():
        head, _, rest = line.strip().partition(" ")
        code = codes.try_normalise(head)
        if not code:
            continue
        if _is_note(rest):
            note_of = code if rest.rstrip().endswith(":") else None
            continue
        if note_of and codes.is_within(code, note_of) and code != note_of:
            continue
        note_of = None
        out.setdefault(code, rest.strip())
    return out


_SUB_ITEM = re.compile(r"(?:^|[\s*:;])(\d{1,2}|[a-z])\.\s")


def _narrowed(code: str, text: str, version_codes: frozenset[str]) -> set[str]:
    """Annex IV often quotes only some sub-items of an entry ('5D002.a. Software ... : 3. Equipment
    as follows ...' means 5D002.a.3): narrow the row to the quoted sub-items that exist."""
    rest = text.split(" ", 1)[1] if " " in text else ""
    subs = {f"{code}.{m}" for m in _SUB_ITEM.findall(rest)}
    return {c for c in subs if c in version_codes} or {code}


def annex_iv_roots(annex_iv_entries: list[dict], version_codes: frozenset[str]) -> frozenset[str]:
    """Annex IV roots: listed rows (a heading row whose sub-items are listed stands for those only;
    a row quoting numbered sub-items stands for those) plus all of Category 0 except 0C001 (0C002
    kept: its special fissile materials are in Annex IV)."""
    rows = set()
    for e in annex_iv_entries:
        code = codes.try_normalise(e["entry_code"])
        if code:
            rows |= _narrowed(code, e["verbatim_text"], version_codes)
        elif e["entry_code"].strip().lower().startswith("category 0"):
            rows |= {c for c in version_codes if "." not in c and c[0] == "0" and c != "0C001"}
    return frozenset(c for c in rows if not any(o != c and codes.is_within(o, c) for o in rows))


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
