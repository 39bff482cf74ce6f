import json
from datetime import date

import pytest

from controllists import codes
from controllists.parsing import parse_version
from licensing.rules import evaluate, parse_request
from licensing.rules.gea_parsing import (
    general_authorisations_from_ugea,
    item_codes_from_entry,
    section_i_from_ugea,
)
from tests.controllists.annex_iv_verdicts import VERDICTS

from .realistic import LISTS, realistic_snapshot


def test_note_sub_items_are_not_items():
    text = ("5A004 Systems, equipment and components for defeating, weakening or bypassing information security:\n"
            "5A004.b Items, not specified in 4A005 or 5A004.a., designed to perform all of the following:\n"
            "5A004.b.1 'Extract raw data'; and\n5A004.b.2 Circumvent authentication.\n"
            "5A004.b.2 Technical Note: ... Note 2: 5A004.b. does not include:\n"
            "5A004.b.2.a Debuggers, hypervisors;\n5A004.b.2.b Items limited to logical data extraction;\n"
            "5A004.c Something else\n5A004.c N.B. see also")
    assert set(item_codes_from_entry(text)) == {"5A004", "5A004.b", "5A004.b.1", "5A004.b.2", "5A004.c"}


def test_entry_items_are_read_as_the_importer_reads_them():
    """The snapshot's codes and titles come from the importer's parser (controllists.parsing):
    the entry code is an item even where the text starts at a sub-item, a code of another entry
    quoted on its own line is not an item of this one, and a bare heading line has no title."""
    items = item_codes_from_entry("4E001\n4E001.a 'Technology' for 4A or 4D.\n4E001.a 'Technology' (continued)\n"
                                  "4E002 see also")
    assert items == {"4E001": "", "4E001.a": "'Technology' for 4A or 4D."}
    assert set(item_codes_from_entry("5A002.a Designed for cryptography\n5A002.b Activation tokens")) == {
        "5A002", "5A002.a", "5A002.b"}


def test_shipped_entries_give_the_imported_codes_and_titles():
    """The realistic snapshot and the database (controllists importer) hold the same codes, and the
    snapshot's title is the first line of the imported text."""
    for name in ("annex_i_2021-09-09.json", "annex_i_2025-11-15.json"):
        raw = (LISTS / name).read_bytes()
        imported = {i.code: i.text for e in parse_version(raw).entries for i in e.items}
        snapshot = {}
        for entry in json.loads(raw)["entries"]:
            snapshot.update(item_codes_from_entry(entry["verbatim_text"]))
        assert set(snapshot) == set(imported)
        assert all(imported[c].startswith(t) for c, t in snapshot.items())


def test_shipped_lists_parse():
    old, new = realistic_snapshot().versions
    assert "5A004.b.2.a" not in new.codes and "5A004.b.2" in new.codes
    assert "3A501" in new.codes and "3A501" not in old.codes
    assert "5D002.c.3.a" in new.annex_iv and "5D002.c.3.b" not in new.annex_iv and "0C001" not in new.annex_iv
    assert old.annex_iv == new.annex_iv  # one Annex IV (2021/821, unamended) for both lists


def test_ugea_mapping():
    ugea = json.loads((LISTS / "ugea.json").read_text())
    gas = {g.code: g for g in general_authorisations_from_ugea(ugea)}
    assert set(gas) == {f"EU00{i}" for i in range(1, 9)}
    assert gas["EU001"].all_annex_i and gas["EU001"].excludes_section_i and "US" in gas["EU001"].destinations
    assert gas["EU007"].product_groups == {"D", "E"} and gas["EU007"].requires_icp
    assert gas["EU003"].purpose == "repair" and gas["EU003"].excluded_product_groups == {"D", "E"}
    assert "CN" in gas["EU008"].excluded_destinations and gas["EU008"].excludes_embargoed_destinations
    assert "5B001" in gas["EU005"].items_included
    assert {"9A117", "1C351"} <= section_i_from_ugea(ugea)


def _intra_eu(code: str, as_of: str) -> set[str]:
    body = {"as_of": as_of, "export_type": "intra_eu_transfer", "destination": "DE",
            "end_user": {"name": "Example GmbH", "country": "DE", "type": "commercial"},
            "items": [{"description": "Item", "control_entry": code, "cyber_surveillance": False}]}
    request, errors = parse_request(body, realistic_snapshot(), date(2026, 11, 23))
    assert errors is None, errors
    return {f["rule"] for f in evaluate(request, realistic_snapshot())["findings"]}


@pytest.mark.parametrize("as_of", ["2022-06-01", "2026-01-01"], ids=["2021-list", "2025-list"])
@pytest.mark.parametrize("code, expected, wording", VERDICTS, ids=[v[0] for v in VERDICTS])
def test_intra_eu_transfer_needs_licence_exactly_for_annex_iv_items(code, expected, wording, as_of):
    """intra_eu_annex_iv fires for an Annex IV item (Art. 11(1)); otherwise intra_eu_not_annex_iv, or
    intra_eu_annex_iv_partial where Annex IV names sub-items of the code (the sub-item decides)."""
    rules = _intra_eu(code, as_of)
    assert ("intra_eu_annex_iv" in rules) is expected, wording
    assert ("intra_eu_not_annex_iv" in rules or "intra_eu_annex_iv_partial" in rules) is not expected


def test_realistic_snapshot_reads_annex_iv_as_the_importer():
    """Same function, same shipped Annex IV file: the realistic snapshot's roots are the importer's."""
    from controllists.parsing import annex_iv_roots, parse_annex_iv

    rows = parse_annex_iv((LISTS / "annex_iv_2021-09-09.json").read_bytes())
    for v in realistic_snapshot().versions:
        assert v.annex_iv == annex_iv_roots(rows, v.codes)
        assert not codes.within_any("6A001", v.annex_iv) and codes.within_any("6A001.a.2.b", v.annex_iv)


def test_csv_rows():
    from datetime import date

    from licensing.rules.gea_parsing import measure_from_row, parse_partial_date

    assert parse_partial_date("1991") == date(1991, 1, 1) and parse_partial_date("") is None
    m = measure_from_row({"country_iso2": "mm", "measure": "dual_use_export_ban", "scope": "partial",
                          "legal_basis": "Reg 401/2013", "since": "2018-04-26", "notes": "UNSURE: x"})
    assert m.country == "MM" and m.needs_check and m.since == date(2018, 4, 26) and m.until is None
    snap = realistic_snapshot()
    assert {m.country for m in snap.measures} >= {"RU", "IR", "MM", "CN"} and len(snap.end_user_concerns) == 3
