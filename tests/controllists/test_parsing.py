"""The parser on the real shipped files, including the awkward entries."""

from pathlib import Path

import pytest

from controllists.parsing import ParseError, parse_version, section_i_roots

DATA = Path(__file__).resolve().parents[2] / "controllists" / "data"


@pytest.fixture(scope="module")
def v2025():
    return parse_version((DATA / "annex_i_2025-11-15.json").read_bytes())


@pytest.fixture(scope="module")
def v2021():
    return parse_version((DATA / "annex_i_2021-09-09.json").read_bytes())


def _item(version, code):
    for e in version.entries:
        for i in e.items:
            if i.code == code:
                return i
    return None


def test_counts(v2025, v2021):
    assert len(v2025.entries) == 384
    assert len(v2021.entries) == 366
    assert len(v2025.codes) > 3000


def test_notes_are_not_items(v2025):
    # 5A004.b.2.a-d are the exclusions of 5A004.b Note 2, written like codes in the source.
    for code in ("5A004.b.2.a", "5A004.b.2.b", "5A004.b.2.c", "5A004.b.2.d"):
        assert code not in v2025.codes
    note2 = [n for n in _item(v2025, "5A004.b").notes if n.label.startswith("Note 2")]
    assert note2 and "Debuggers, hypervisors" in note2[0].text and "jail-breaking" in note2[0].text
    # Note 1 names 5A004.b and belongs to it, not to 5A004.b.2 where the source line stands.
    assert any(n.label.startswith("Note 1") for n in _item(v2025, "5A004.b").notes)
    assert all("Note 1" not in n.label for n in _item(v2025, "5A004.b.2").notes)


def test_cyber_surveillance_entries_and_their_notes(v2025):
    j = _item(v2025, "5A001.j")
    assert j is not None and "Internet Protocol" in j.text
    assert any("Marketing purpose" in n.text for n in j.notes)
    assert {"5A001.j.1", "5A001.j.1.a", "5A001.j.2.b"} <= v2025.codes
    f = _item(v2025, "5A001.f")
    assert [n.label for n in f.notes][:1] == ["Note"]
    assert any(n.label.startswith("N.B.") for n in f.notes)


def test_technical_notes_stay_notes(v2025):
    b5 = _item(v2025, "5A001.b.5")
    assert any(n.kind == "technical_note" and "channel switching time" in n.text for n in b5.notes)
    a = _item(v2025, "5A002.a")
    assert any(n.kind == "technical_note" for n in a.notes)
    # The 'cryptographic activation token' technical note lists 1. and 2.: not sub-items of 5A002.b.
    assert "5A002.b.1" not in v2025.codes and "5A002.b.2" not in v2025.codes


def test_tree_parents(v2025):
    assert _item(v2025, "5A001.j.1.a").parent == "5A001.j.1"
    assert _item(v2025, "5A001").parent is None


def test_entries_only_in_2025(v2025, v2021):
    new = {e.code for e in v2025.entries} - {e.code for e in v2021.entries}
    assert {"3A501", "4A506"} <= new
    assert len(new) == 18


def test_section_i(v2025):
    assert {"0C001", "1C351", "9A117", "1C450.a.1"} <= section_i_roots(v2025.section_i_text)


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"not json", "not valid JSON"),
        (b"[]", "top level must be a JSON object"),
        (b'{"corpus_version": "x", "valid_from": "2025-01-01"}', "missing field(s): entries"),
        (b'{"corpus_version": "x", "valid_from": "15-11-2025", "entries": []}', "not an ISO date"),
        (b'{"corpus_version": "x", "valid_from": "2025-11-15", "entries": [{"entry_code": "ZZ1", "verbatim_text": "x"}]}',
         "entry_code 'ZZ1' is not an Annex I entry code"),
    ],
)
def test_malformed_files_are_refused_with_the_reason(raw, message):
    with pytest.raises(ParseError) as exc:
        parse_version(raw)
    assert message in str(exc.value)
