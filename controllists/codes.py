"""Annex I control-entry codes: the one place that normalises, validates and relates them.

A code is a category digit (0-9), a product group letter (A-E), three digits, then dotted
sub-items that alternate between letters and numbers: ``5A001.j.1.a``. Input is accepted
case-insensitively, with stray spaces and a trailing dot (``5a001.J.1.a.``).

Pure functions, no Django: the rules engine, the importer and the API all use these.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = [
    "CodeError",
    "CYBER_SURVEILLANCE_ROOTS",
    "normalise",
    "try_normalise",
    "is_valid",
    "parent",
    "ancestors",
    "lineage",
    "category",
    "product_group",
    "entry_code",
    "is_within",
    "within_any",
    "suggest",
    "sort_key",
]

_HEAD = re.compile(r"^(?P<cat>\d)(?P<grp>[A-E])(?P<num>\d{3})$")
_SEGMENT = re.compile(r"^(?:[a-z]{1,2}|\d{1,3})$")

#: Listed cyber-surveillance entries (Art. 2(20) items that Annex I controls); sub-items included.
CYBER_SURVEILLANCE_ROOTS: tuple[str, ...] = (
    "4A005",
    "4D004",
    "4E001.c",
    "5A001.f",
    "5A001.j",
    "5A004.b",
    "5D001.e",
    "5E001.a",
)


class CodeError(ValueError):
    """A string that is not an Annex I code; the message says why."""


def normalise(raw: str) -> str:
    """Return the canonical form of ``raw`` or raise :class:`CodeError` saying what is wrong."""
    if not isinstance(raw, str):
        raise CodeError("a control entry must be a string such as '5A001.j'")
    text = re.sub(r"\s+", "", raw).strip(".")
    if not text:
        raise CodeError("a control entry cannot be empty")
    parts = [p for p in text.split(".")]
    if any(p == "" for p in parts):
        raise CodeError(f"'{raw}' has an empty part between dots")
    head = parts[0].upper()
    if not _HEAD.match(head):
        raise CodeError(
            f"'{raw}' does not start with a category digit, a product group A-E and three digits (e.g. '5A001')"
        )
    tail = [p.lower() for p in parts[1:]]
    for seg in tail:
        if not _SEGMENT.match(seg):
            raise CodeError(f"'{raw}' has an invalid sub-item '{seg}'")
    return ".".join([head, *tail])


def try_normalise(raw: str) -> str | None:
    try:
        return normalise(raw)
    except CodeError:
        return None


def is_valid(raw: str) -> bool:
    return try_normalise(raw) is not None


def parent(code: str) -> str | None:
    """``5A001.j.1`` -> ``5A001.j``; an entry code (``5A001``) has no parent."""
    head, _, _ = code.rpartition(".")
    return head or None


def ancestors(code: str) -> list[str]:
    """Proper ancestors, nearest first: ``5A001.j.1`` -> ``['5A001.j', '5A001']``."""
    out = []
    cur = parent(code)
    while cur:
        out.append(cur)
        cur = parent(cur)
    return out


def lineage(code: str) -> list[str]:
    """The code and its ancestors, nearest first."""
    return [code, *ancestors(code)]


def entry_code(code: str) -> str:
    """The five-character entry (``5A001``) a code belongs to."""
    return code.split(".", 1)[0]


def category(code: str) -> str:
    return code[0]


def product_group(code: str) -> str:
    return code[1]


def is_within(code: str, root: str) -> bool:
    """True where ``code`` is ``root`` or one of its sub-items."""
    return code == root or code.startswith(root + ".")


def within_any(code: str, roots: Iterable[str]) -> str | None:
    """The first of ``roots`` that is ``code`` or one of its ancestors, else None."""
    lin = set(lineage(code))
    for root in roots:
        if root in lin:
            return root
    return None


def sort_key(code: str) -> tuple:
    """Natural order: 5A001.b.10 after 5A001.b.9."""
    key: list = []
    for seg in code.split("."):
        key.append((0, int(seg), "") if seg.isdigit() else (1, 0, seg))
    return tuple(key)


def suggest(raw: str, existing: Iterable[str], limit: int = 5) -> list[str]:
    """Nearest existing codes for an unknown one: its nearest existing ancestor and siblings first,
    then codes that look alike."""
    existing_set = existing if isinstance(existing, (set, frozenset)) else set(existing)
    code = try_normalise(raw)
    out: list[str] = []
    if code:
        for anc in ancestors(code):
            if anc in existing_set:
                out.append(anc)
                kids = sorted((c for c in existing_set if parent(c) == anc), key=sort_key)
                out.extend(kids[: max(0, limit - 1)])
                break
        if not out:
            # same entry number in neighbouring entries: 5A999 -> 5A0xx entries close in number
            head = entry_code(code)
            prefix = head[:2]
            same_group = sorted((c for c in existing_set if "." not in c and c.startswith(prefix)), key=sort_key)
            close = difflib.get_close_matches(head, same_group, n=limit, cutoff=0.0)
            out.extend(close)
    needle = (code or str(raw)).strip()
    for c in difflib.get_close_matches(needle, sorted(existing_set), n=limit, cutoff=0.6):
        if c not in out:
            out.append(c)
    return out[:limit]
