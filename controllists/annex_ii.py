"""Item scopes of the Union general export authorisations (Annex II), as ``ugea.json`` writes them.

Pure Python, no Django: the importer, the control-list pages and the rules engine read the same
scopes through these functions. An ``items_included`` or ``excluded_items`` entry is a code or a
pseudo-code, optionally followed by a qualifier in brackets: ``5B001 (related)``,
``SECTION_D_ALL (all software entries, every category)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import codes

ALL_ANNEX_I = "ALL_ANNEX_I"
SOFTWARE_AND_TECHNOLOGY = "ALL_ANNEX_I_SOFTWARE_AND_TECHNOLOGY"
ANNEX_IV_ALL = "ANNEX_IV_ALL"
GROUP_PSEUDO_CODES = {"SECTION_D_ALL": "D", "SECTION_E_ALL": "E"}


@dataclass(frozen=True)
class ItemScope:
    """What one authorisation covers and leaves out, codes normalised and in natural order."""

    all_annex_i: bool
    product_groups: frozenset[str]
    items_included: tuple[str, ...]
    qualifiers: tuple[str, ...]  # "5E001.a: installation/operation/maintenance/repair only"
    excludes_annex_iv: bool
    excluded_items: tuple[str, ...]
    excluded_product_groups: frozenset[str]


def split_entry(entry: str) -> tuple[str, str]:
    """'5B001 (related)' -> ('5B001', 'related')."""
    head, _, rest = entry.strip().partition(" ")
    return head, rest.strip().strip("()")


def item_scope(items_included: list[str], excluded_items: list[str]) -> ItemScope:
    """One authorisation's ``items_included`` and ``excluded_items``; entries that are neither a
    pseudo-code nor an Annex I code are left out."""
    all_annex_i, groups, included, qualifiers = False, set(), [], []
    for entry in items_included:
        head, qualifier = split_entry(entry)
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
    annex_iv, excluded, excluded_groups = False, [], set()
    for entry in excluded_items:
        head, _ = split_entry(entry)
        if head == ANNEX_IV_ALL:
            annex_iv = True
        elif head in GROUP_PSEUDO_CODES:
            excluded_groups.add(GROUP_PSEUDO_CODES[head])
        else:
            norm = codes.try_normalise(head)
            if norm:
                excluded.append(norm)
    return ItemScope(
        all_annex_i=all_annex_i,
        product_groups=frozenset(groups),
        items_included=tuple(sorted(set(included), key=codes.sort_key)),
        qualifiers=tuple(qualifiers),
        excludes_annex_iv=annex_iv,
        excluded_items=tuple(sorted(set(excluded), key=codes.sort_key)),
        excluded_product_groups=frozenset(excluded_groups),
    )


def section_i_codes(ugea_json: dict | None) -> frozenset[str]:
    """Annex II Section I roots beyond 'all Annex IV items', as EU001's exclusions list them."""
    for g in (ugea_json or {}).get("geas", []):
        if g.get("code") == "EU001":
            return frozenset(item_scope([], g.get("excluded_items", [])).excluded_items)
    return frozenset()
