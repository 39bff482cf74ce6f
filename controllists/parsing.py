"""Parse a control-list dataset (the JSON files in controllists/data) into plain structures.

Pure Python, no Django. Each entry's verbatim text has one item per line, each line starting with its
code. Lines whose text starts with Note, N.B. or Technical Note are notes attached to the item they
qualify, never items. Some notes introduce a list ("… does not include:") whose members the source
writes with codes (5A004.b.2.a-d are the exclusions of 5A004.b Note 2, not sub-items): lines that
follow such a note and whose code lies under the note's item are kept as part of the note.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

from . import codes

_LINE = re.compile(r"^(?P<code>\d[A-Ea-e]\d{3}(?:\.[A-Za-z0-9]+)*)\.?\s+(?P<text>.*)$", re.S)
_NOTE = re.compile(r"^\**\s*(?P<label>(?:Technical\s+Notes?|Notes?|N\.\s?B\.)\s*[0-9.]*\s*):?\**", re.I)


class ParseError(ValueError):
    """The file is not a control-list dataset; the message names what is wrong."""


@dataclass
class ParsedNote:
    kind: str  # note, technical_note, nb
    label: str
    text: str


@dataclass
class ParsedItem:
    code: str
    text: str
    parent: str | None
    depth: int
    position: int
    notes: list[ParsedNote] = field(default_factory=list)


@dataclass
class ParsedEntry:
    code: str
    category: str
    product_group: str
    verbatim_text: str
    items: list[ParsedItem]


@dataclass
class ParsedAnnexIV:
    code: str  # a code, or "" for a free-text rule row
    part: str
    text: str
    label: str = ""
    covers: tuple[str, ...] = ()  # the Annex I codes this row puts in Annex IV (sub-items included)
    covers_category: str = ""  # "0" for the 'All Category 0 of Annex I' rule
    excepted: tuple[str, ...] = ()  # entries the category rule leaves out
    reading: str = ""  # why covers differs from the row's own code


@dataclass
class ParsedVersion:
    version_id: str
    celex: str
    valid_from: date
    source_url: str
    attribution: str
    checksum: str
    entries: list[ParsedEntry]
    documents: list[dict]
    annex_iv: list[ParsedAnnexIV]
    known_issues: list[str]
    section_i_text: str
    gea_texts: dict[str, str] = field(default_factory=dict)

    @property
    def codes(self) -> set[str]:
        return {i.code for e in self.entries for i in e.items}


def checksum(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _note_kind(label: str) -> str:
    low = label.lower()
    if low.startswith("technical"):
        return "technical_note"
    if low.startswith("n"):
        return "nb" if low.startswith("n.") or low.startswith("n b") else "note"
    return "note"


_NOTE_START = re.compile(r"(?<=[.;:)])\s+(?=(?:Technical\s+)?Notes?\s*\d*\s*:)")
_NOTE_REF = re.compile(r"^(?:Technical\s+)?Notes?\s*\d*\s*:\s*(\d[A-E]\d{3}(?:\.[a-z0-9]+)*)\.?\s")


def _split_notes(text: str) -> list[str]:
    """A note line may run several notes together ("Technical Note: … Note 1: … Note 2: …")."""
    return [p.strip() for p in _NOTE_START.split(text) if p.strip()]


def _note_owner(piece: str, owner: ParsedItem, by_code: dict[str, ParsedItem]) -> ParsedItem:
    """A note that opens by naming an ancestor of the line's item ("Note 1: 5A004.b. does not…") belongs to it."""
    m = _NOTE_REF.match(piece)
    if m:
        ref = codes.try_normalise(m.group(1))
        if ref and ref in by_code and ref in codes.ancestors(owner.code):
            return by_code[ref]
    return owner


def parse_entry(entry_code: str, verbatim: str) -> ParsedEntry:
    head = codes.normalise(entry_code)
    items: list[ParsedItem] = []
    by_code: dict[str, ParsedItem] = {}
    list_note: tuple[str, ParsedNote] | None = None  # a note that introduces a list, and its item
    last: ParsedItem | None = None
    for raw_line in verbatim.split("\n"):
        line = raw_line.strip()
        if not line:
            continue
        m = _LINE.match(line)
        if not m:  # a continuation line without a code: append to the last item or note
            if last is not None:
                target = last.notes[-1] if last.notes else last
                target.text = f"{target.text}\n{line}"
            continue
        code = codes.try_normalise(m.group("code")) or m.group("code")
        text = m.group("text").strip()
        note = _NOTE.match(text)
        if note and not codes.is_within(code, head):
            code = head
        if note:
            owner = by_code.get(code) or last
            if owner is None:
                continue
            parsed = None
            for piece in _split_notes(text):
                target = _note_owner(piece, owner, by_code)
                label = _NOTE.match(piece)
                parsed = ParsedNote(
                    kind=_note_kind(label.group("label") if label else "note"),
                    label=(label.group("label") if label else "Note").strip(),
                    text=piece,
                )
                target.notes.append(parsed)
            list_note = (owner.code, parsed) if parsed and text.rstrip().endswith(":") else None
            continue
        if list_note and code.startswith(list_note[0] + "."):
            list_note[1].text += f"\n{code} {text}"
            continue
        list_note = None
        if code in by_code:  # a repeated code line continues that item
            by_code[code].text += f"\n{text}"
            continue
        if not codes.is_valid(code) or not codes.is_within(code, head):
            if last is not None:
                last.text += f"\n{line}"
            continue
        par = codes.parent(code)
        while par and par not in by_code:
            par = codes.parent(par)
        item = ParsedItem(code=code, text=text, parent=par, depth=code.count("."), position=len(items))
        items.append(item)
        by_code[code] = item
        last = item
    if not items or items[0].code != head:
        items.insert(0, ParsedItem(code=head, text=verbatim.split("\n", 1)[0], parent=None, depth=0, position=-1))
    return ParsedEntry(code=head, category=head[0], product_group=head[1], verbatim_text=verbatim, items=items)


def _annex_iv_rows(rows: list[dict]) -> list[ParsedAnnexIV]:
    out = []
    for row in rows:
        raw_code = str(row.get("entry_code", ""))
        code = codes.try_normalise(raw_code) or ""
        text = str(row.get("verbatim_text", ""))
        covers = row.get("covers")
        category = str(row.get("covers_category", ""))
        excepted = tuple(codes.normalise(c) for c in row.get("except", []))
        if covers is None and not category:
            covers, category, excepted = _plain_row_reading(code, raw_code, text)
        out.append(ParsedAnnexIV(
            code=code, part=str(row.get("part", "")), text=text, label="" if code else raw_code,
            covers=tuple(codes.normalise(c) for c in covers or ()), covers_category=category, excepted=excepted,
            reading=str(row.get("reading", ""))))
    return out


_NOT_INCLUDED = re.compile(r"(0[A-E]\d{3})\s*:\s*this item is not included in Annex IV\s*;")


def _plain_row_reading(code: str, label: str, text: str) -> tuple[list[str], str, tuple[str, ...]]:
    """What a row covers when the dataset does not say (``covers``): its own code; nothing for a
    'limited to the following:' heading (the rows after it name the sub-items) or a free-text row;
    the 'All Category 0' rule: every Category 0 entry except those it says are 'not included'.
    Over-inclusive where a row quotes only some sub-items: the shipped annex_iv_*.json says which."""
    if code:
        return ([] if text.rstrip().endswith("limited to the following:") else [code]), "", ()
    if label.strip().lower().startswith("category 0"):
        return [], "0", tuple(_NOT_INCLUDED.findall(text))
    return [], "", ()


def annex_iv_roots(rows: list[ParsedAnnexIV], version_codes: frozenset[str] | set[str]) -> frozenset[str]:
    """The Annex IV items (Art. 11(1)) of one Annex I version, as roots: a code is in Annex IV when it
    or one of its ancestors is a root. The one reading of Annex IV: the importer stores it as the
    entries' Annex IV flags (which the rules engine's snapshot reads) and the tests' realistic snapshot
    uses it directly.

    Each row covers the codes its ``covers`` names (only the quoted sub-items where a row quotes some
    of an entry's sub-items); the 'All Category 0' row covers every Category 0 entry of the version
    except the ones it excludes. Covered codes the version does not have are left out."""
    roots: set[str] = set()
    for row in rows:
        roots |= {c for c in row.covers if c in version_codes}
        if row.covers_category:
            roots |= {c for c in version_codes if "." not in c and c[0] == row.covers_category
                      and c not in row.excepted}
    return frozenset(c for c in roots if not any(o != c and codes.is_within(c, o) for o in roots))


def parse_annex_iv(raw: bytes) -> list[ParsedAnnexIV]:
    """The Annex IV rows of a file: an Annex IV dataset (controllists/data/annex_iv_*.json) or a
    control-list dataset with ``annex_iv_entries``. Raises ParseError if it has none."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"not valid JSON: {exc}") from exc
    rows = data.get("annex_iv_entries") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise ParseError("no annex_iv_entries")
    return _annex_iv_rows([r for r in rows if isinstance(r, dict)])


def section_i_roots(text: str) -> set[str]:
    """Codes named in Annex II Section I (besides 'all items specified in Annex IV')."""
    out = set()
    for line in text.split("\n"):
        m = re.match(r"^[—\-\s]*(\d[A-E]\d{3}(?:\.[a-z0-9]+)*)\.?\s", line.strip())
        if m:
            out.add(codes.normalise(m.group(1)))
    return out


def parse_version(raw: bytes) -> ParsedVersion:
    """Parse one dataset file. Raises ParseError naming what is missing or malformed."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ParseError("the top level must be a JSON object")
    missing = [k for k in ("corpus_version", "valid_from", "entries") if k not in data]
    if missing:
        raise ParseError(f"missing field(s): {', '.join(missing)}")
    try:
        valid_from = date.fromisoformat(str(data["valid_from"]))
    except ValueError as exc:
        raise ParseError(f"valid_from '{data['valid_from']}' is not an ISO date (YYYY-MM-DD)") from exc
    if not isinstance(data["entries"], list) or not data["entries"]:
        raise ParseError("entries must be a non-empty list")
    entries = []
    seen = set()
    for n, e in enumerate(data["entries"]):
        if not isinstance(e, dict) or "entry_code" not in e or "verbatim_text" not in e:
            raise ParseError(f"entries[{n}] must have entry_code and verbatim_text")
        code = codes.try_normalise(str(e["entry_code"]))
        if not code or "." in code:
            raise ParseError(f"entries[{n}].entry_code '{e['entry_code']}' is not an Annex I entry code such as 5A001")
        if code in seen:
            raise ParseError(f"entries[{n}].entry_code '{code}' appears twice")
        seen.add(code)
        entries.append(parse_entry(code, str(e["verbatim_text"])))
    docs = [d for d in data.get("docs", []) if isinstance(d, dict)]
    return ParsedVersion(
        version_id=str(data["corpus_version"]),
        celex=str(data.get("celex", "")),
        valid_from=valid_from,
        source_url=str(data.get("source_url", "")),
        attribution=str(data.get("attribution", "")),
        checksum=checksum(raw),
        entries=entries,
        documents=docs,
        annex_iv=_annex_iv_rows(data.get("annex_iv_entries", [])),
        known_issues=[str(x) for x in data.get("known_issues", [])],
        section_i_text=str(data.get("gea_common_list", "")),
        gea_texts={str(g.get("id", "")): str(g.get("verbatim_text", "")) for g in data.get("geas", []) if isinstance(g, dict)},
    )
