"""Reads of the control list: versions, entries, search and comparison."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Q, QuerySet

from . import annex_ii, codes
from .models import ControlEntry, ControlListVersion, GeneralAuthorisation, VersionStatus


def versions() -> QuerySet[ControlListVersion]:
    return ControlListVersion.objects.order_by("-valid_from")


def version_in_force(on: date | None = None) -> ControlListVersion | None:
    qs = ControlListVersion.objects.exclude(status=VersionStatus.DRAFT).order_by("-valid_from")
    if on:
        qs = qs.filter(valid_from__lte=on)
    return qs.first()


def get_version(ref: str | None) -> ControlListVersion | None:
    """By version id ("02021R0821-20251115"), primary key, or None for the one in force today."""
    if not ref:
        return version_in_force()
    q = Q(version_id=ref)
    if str(ref).isdigit():
        q |= Q(pk=int(ref))
    return ControlListVersion.objects.filter(q).first()


def entry(version: ControlListVersion, code: str) -> ControlEntry | None:
    return ControlEntry.objects.filter(version=version, code=code).select_related("parent").first()


def version_codes(version: ControlListVersion) -> set[str]:
    return set(ControlEntry.objects.filter(version=version).values_list("code", flat=True))


def suggestions(version: ControlListVersion, raw: str) -> list[str]:
    return codes.suggest(raw, version_codes(version))


def children(item: ControlEntry) -> QuerySet[ControlEntry]:
    return ControlEntry.objects.filter(parent=item).order_by("position")


def subtree(version: ControlListVersion, entry_code: str) -> list[ControlEntry]:
    return list(ControlEntry.objects.filter(version=version, entry_code=entry_code).order_by("position"))


def general_authorisations_covering(version: ControlListVersion, item: ControlEntry) -> list[GeneralAuthorisation]:
    """Annex II authorisations whose item scope includes this code (destinations and conditions aside)."""
    out = []
    for gea in GeneralAuthorisation.objects.filter(version=version).order_by("code"):
        scope = annex_ii.item_scope(gea.data.get("items_included", []), gea.data.get("excluded_items", []))
        if item.section_i and scope.excludes_annex_iv:
            continue
        if codes.within_any(item.code, scope.excluded_items) or item.product_group in scope.excluded_product_groups:
            continue
        if (scope.all_annex_i or item.product_group in scope.product_groups
                or codes.within_any(item.code, scope.items_included)):
            out.append(gea)
    return out


def history(code: str) -> list[tuple[ControlListVersion, ControlEntry | None]]:
    """The entry across every version (None where the version does not have it)."""
    found = {e.version_id: e for e in ControlEntry.objects.filter(code=code)}
    return [(v, found.get(v.pk)) for v in ControlListVersion.objects.order_by("valid_from")]


def search(version: ControlListVersion, query: str, limit: int = 50) -> list[ControlEntry]:
    """Codes first (a code or a code prefix), then full-text search over the items' text."""
    query = (query or "").strip()
    if not query:
        return []
    qs = ControlEntry.objects.filter(version=version)
    code = codes.try_normalise(query)
    if code:
        exact = list(qs.filter(Q(code=code) | Q(code__startswith=code + ".")).order_by("position")[:limit])
        if exact:
            return exact
    if connection.vendor == "postgresql":
        from django.db.models.expressions import RawSQL

        match = "search_vector @@ websearch_to_tsquery('english', %s)"
        rank = RawSQL("ts_rank(search_vector, websearch_to_tsquery('english', %s))", [query])
        return list(
            qs.extra(where=[match], params=[query]).annotate(rank=rank).order_by("-rank", "position")[:limit]
        )
    terms = [t for t in query.split() if t]
    cond = Q()
    for t in terms:
        cond &= Q(text__icontains=t) | Q(code__icontains=t)
    return list(qs.filter(cond).order_by("position")[:limit])


@dataclass
class EntryChange:
    code: str
    change: str  # added, removed, changed
    old_text: str
    new_text: str

    @property
    def diff(self) -> list[tuple[str, str]]:
        """Word-level diff as (op, text) pairs: op is '=', '+' or '-'."""
        a, b = self.old_text.split(), self.new_text.split()
        na, nb = [_normalise_text(w) for w in a], [_normalise_text(w) for w in b]
        out: list[tuple[str, str]] = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=na, b=nb, autojunk=False).get_opcodes():
            if op == "equal":
                out.append(("=", " ".join(a[i1:i2])))
            if op in ("delete", "replace"):
                out.append(("-", " ".join(a[i1:i2])))
            if op in ("insert", "replace"):
                out.append(("+", " ".join(b[j1:j2])))
        return out


_QUOTES = str.maketrans("", "", "'\"‘’“”")


def _normalise_text(t: str) -> str:
    """Text for comparison: quote styles, <sup> markup, thin-space digit grouping and markdown emphasis
    differ between transcriptions without changing the law."""
    t = re.sub(r"</?sup>|\*+", "", t).translate(_QUOTES)
    t = re.sub(r"(?<=\d)\s+(?=\d{3}\b)", "", t)
    return " ".join(t.split()).lower()


def compare(a: ControlListVersion, b: ControlListVersion, *, items: bool = False) -> list[EntryChange]:
    """Entries (or every item, with items=True) added, removed and changed from version a to version b."""
    field = "full_text" if not items else "text"
    filt = {"depth": 0} if not items else {}
    old = dict(ControlEntry.objects.filter(version=a, **filt).values_list("code", field))
    new = dict(ControlEntry.objects.filter(version=b, **filt).values_list("code", field))
    out = []
    for code in sorted(set(old) | set(new), key=codes.sort_key):
        if code not in old:
            out.append(EntryChange(code, "added", "", new[code]))
        elif code not in new:
            out.append(EntryChange(code, "removed", old[code], ""))
        elif _normalise_text(old[code]) != _normalise_text(new[code]):
            out.append(EntryChange(code, "changed", old[code], new[code]))
    return out

