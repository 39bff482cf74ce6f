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
        code = codes.try_normalise(row.get("entry_code", ""))
        if code:
            out.append(ParsedAnnexIV(code=code, part=row.get("part", ""), text=row.get("verbatim_text", "")))
        else:
            out.append(ParsedAnnexIV(code="", part=row.get("part", ""), text=row.get("verbatim_text", ""),
                                     label=row.get("entry_code", "")))
    return out


def annex_iv_codes(rows: list[ParsedAnnexIV], all_codes: set[str]) -> set[str]:
    """Annex IV roots as the importer stores them: listed codes, plus 'all of Category 0' except the
    items its rule names (see :func:`annex_iv_roots` for the realistic snapshot's narrower reading)."""
    roots = {r.code for r in rows if r.code}
    for r in rows:
        if r.label.lower().startswith("category 0"):
            excepted = set(re.findall(r"\b0[A-E]\d{3}(?:\.[a-z0-9]+)*", r.text))
            for c in all_codes:
                if c.startswith("0") and "." not in c and c not in excepted:
                    roots.add(c)
    return roots


_SUB_ITEM = re.compile(r"(?:^|[\s*:;])(\d{1,2}|[a-z])\.\s")


def _narrowed(code: str, text: str, version_codes: frozenset[str]) -> set[str]:
    """Annex IV often quotes only some sub-items of an entry ('5D002.a. Software ... : 3. Equipment
    as follows ...' means 5D002.a.3): narrow the row to the quoted sub-items that exist."""
    rest = text.split(" ", 1)[1] if " " in text else ""
    subs = {f"{code}.{m}" for m in _SUB_ITEM.findall(rest)}
    return {c for c in subs if c in version_codes} or {code}


def annex_iv_roots(annex_iv_entries: list[dict], version_codes: frozenset[str]) -> frozenset[str]:
    """Annex IV roots as the tests' realistic snapshot reads the raw rows: listed rows (a heading row
    whose sub-items are listed stands for those only; a row quoting numbered sub-items stands for
    those) plus all of Category 0 except 0C001 (0C002 kept: its special fissile materials are in
    Annex IV).

    Not the same reading as :func:`annex_iv_codes`, which the importer uses: there a heading row
    stands for its whole entry and every Category 0 entry the rule names is left out. One of the two
    is to go once it is decided which reading of Annex IV is right."""
    rows = set()
    for e in annex_iv_entries:
        code = codes.try_normalise(e["entry_code"])
        if code:
            rows |= _narrowed(code, e["verbatim_text"], version_codes)
        elif e["entry_code"].strip().lower().startswith("category 0"):
            rows |= {c for c in version_codes if "." not in c and c[0] == "0" and c != "0C001"}
    return frozenset(c for c in rows if not any(o != c and codes.is_within(o, c) for o in rows))


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
