"""Annex II item scopes as ugea.json writes them (codes, pseudo-codes, qualifiers in brackets)."""

import json
from pathlib import Path

from controllists.annex_ii import item_scope, section_i_codes, split_entry
from controllists.parsing import parse_version, section_i_roots

DATA = Path(__file__).resolve().parents[2] / "controllists" / "data"


def _ugea() -> dict:
    return json.loads((DATA / "ugea.json").read_text())


def test_a_qualifier_in_brackets_is_kept_apart_from_the_code():
    assert split_entry(" 5E001.a (installation/operation/maintenance/repair only) ") == (
        "5E001.a", "installation/operation/maintenance/repair only")
    assert split_entry("5B001") == ("5B001", "")


def test_pseudo_codes_and_codes_of_an_item_scope():
    scope = item_scope(
        ["ALL_ANNEX_I_SOFTWARE_AND_TECHNOLOGY (D and E entries)", "5a001.J.1.", "5B001 (related)", "not a code"],
        ["ANNEX_IV_ALL", "SECTION_E_ALL (all technology entries)", "9A117", "1C351", "1C351"],
    )
    assert not scope.all_annex_i and scope.product_groups == {"D", "E"}
    assert scope.items_included == ("5A001.j.1", "5B001") and scope.qualifiers == ("5B001: related",)
    assert scope.excludes_annex_iv and scope.excluded_product_groups == {"E"}
    assert scope.excluded_items == ("1C351", "9A117")


def test_section_i_from_eu001_matches_the_section_i_text_of_the_2025_list():
    v2025 = parse_version((DATA / "annex_i_2025-11-15.json").read_bytes())
    assert section_i_codes(_ugea()) == section_i_roots(v2025.section_i_text)
    assert section_i_codes(None) == frozenset() and section_i_codes({"geas": []}) == frozenset()
