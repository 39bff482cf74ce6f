"""Importers: the real-format samples import; malformed files fail with a clear error and import nothing."""

import functools
import http.server
import threading

import pytest
from django.core.management import CommandError, call_command

from humanrights.importers import ImportFailed, denials, eu_fsf, ftm, read_source
from humanrights.models import Denial, ScreeningEntry, ScreeningList, ScreeningName

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db


def _import(path, fmt="eu-fsf", name="EU sample"):
    call_command("import_screening_list", str(path), "--format", fmt, "--name", name, verbosity=0)
    return ScreeningList.objects.get(name=name)


def test_eu_fsf_xml_sample():
    lst = _import(FIXTURES / "eu_fsf_sample.xml")
    assert lst.entry_count == 7 == lst.entries.count() and len(lst.sha256) == 64
    xpcc = lst.entries.get(name__startswith="Xinjiang")
    assert (xpcc.kind, xpcc.countries, xpcc.programme) == ("organisation", ["CN"], "GHR")
    assert xpcc.source_url.endswith("/2021/478/oj") and str(xpcc.listed_on) == "2021-03-22"
    zhu = lst.entries.get(name="Zhu Hailun")
    assert zhu.kind == "person" and zhu.aliases == ["朱海仑"]
    assert ScreeningName.objects.filter(entry=zhu).count() == 2


def test_eu_fsf_csv_sample_groups_rows_by_entity():
    lst = _import(FIXTURES / "eu_fsf_sample.csv")
    assert lst.entry_count == 4
    almaz = lst.entries.get(name="Joint-Stock Company Concern Almaz-Antey")
    assert almaz.aliases == ["Almaz-Antey Corp"] and almaz.countries == ["RU"] and almaz.programme == "UKR"


def test_ftm_sample_skips_non_parties_and_reads_sanctions():
    lst = _import(FIXTURES / "ftm_sample.jsonl", "ftm", "FtM sample")
    assert lst.entry_count == 5
    xpcc = lst.entries.get(source_id="dualis-sample-xpcc-psb")
    assert xpcc.countries == ["CN"] and xpcc.programme == "EU global human rights sanctions regime"
    assert "Uyghurs" in xpcc.basis and str(xpcc.listed_on) == "2021-03-22"
    assert lst.entries.get(source_id="dualis-sample-almaz-antey").aliases[-1] == "Концерн ВКО «Алмаз-Антей»"


def test_reimport_replaces_entries():
    _import(FIXTURES / "eu_fsf_sample.xml")
    lst = _import(FIXTURES / "eu_fsf_sample.csv")
    assert lst.entries.count() == 4 and ScreeningEntry.objects.count() == 4


def test_import_from_a_url(tmp_path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(FIXTURES))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        lst = _import(f"http://127.0.0.1:{server.server_address[1]}/ftm_sample.jsonl", "ftm", "FtM via URL")
    finally:
        server.shutdown()
    assert lst.entry_count == 5 and lst.source.startswith("http://127.0.0.1")


@pytest.mark.parametrize("content,message", [
    (b'<export><sanctionEntity logicalId="1"><nameAlias wholeName="A"/></export>', "line 1, column"),
    (b"<sdnList></sdnList>", "expected <export>"),
    (b'<export><sanctionEntity><nameAlias wholeName="A"/></sanctionEntity></export>', "logicalId is missing"),
    (b'<export><sanctionEntity logicalId="7"><nameAlias wholeName=""/></sanctionEntity></export>',
     "sanctionEntity no. 1 (logicalId 7): nameAlias without wholeName"),
    (b'<export><sanctionEntity logicalId="7" designationDate="22/03/2021"><nameAlias wholeName="A"/>'
     b"</sanctionEntity></export>", "designationDate: '22/03/2021' is not a date"),
    (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><export>&a;</export>', "forbidden construct"),
    (b"Entity_LogicalId;Name\n1;A\n", "missing column(s) NameAlias_WholeName"),
    (b"Entity_LogicalId;NameAlias_WholeName\n1;A\n;B\n", "line 3: Entity_LogicalId is empty"),
    (b"Entity_LogicalId;NameAlias_WholeName\n1;A;extra\n", "line 2: more fields"),
    (b"", "the file is empty"),
    (b"\xff\xfe<export/>", "not UTF-8"),
])
def test_malformed_eu_fsf_imports_nothing(tmp_path, content, message):
    _import(FIXTURES / "eu_fsf_sample.xml")
    bad = tmp_path / "bad.xml"
    bad.write_bytes(content)
    with pytest.raises(CommandError) as exc:
        _import(bad)
    assert message in str(exc.value) and "Nothing was imported" in str(exc.value)
    assert ScreeningList.objects.get(name="EU sample").entries.count() == 7  # the old entries are intact


@pytest.mark.parametrize("line,message", [
    ("{not json", "line 2: not valid JSON"),
    ('["a list"]', "line 2: expected a JSON object"),
    ('{"schema": "Person", "properties": {"name": ["X"]}}', "line 2: field 'id' is missing"),
    ('{"id": "p1", "schema": "Person", "properties": {"name": []}}', "line 2 (entity p1): properties.name is empty"),
    ('{"id": "p1", "schema": "Person", "properties": {"name": "X"}}', "line 2: properties.name must be a list"),
])
def test_malformed_ftm_imports_nothing(tmp_path, line, message):
    good = (FIXTURES / "ftm_sample.jsonl").read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([good[0], line, *good[1:]]), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        _import(bad, "ftm", "FtM sample")
    assert message in str(exc.value)
    assert not ScreeningList.objects.filter(name="FtM sample").exists() and not ScreeningEntry.objects.exists()


def test_unreadable_sources():
    with pytest.raises(ImportFailed, match="cannot be read"):
        read_source("/nonexistent/list.xml")
    with pytest.raises(ImportFailed, match="only a file path or an http"):
        read_source("ftp://example.org/list.xml")


def test_parsers_are_pure():
    assert len(eu_fsf.parse((FIXTURES / "eu_fsf_sample.xml").read_bytes())) == 7
    assert len(ftm.parse((FIXTURES / "ftm_sample.jsonl").read_bytes())) == 5


# --- denials ------------------------------------------------------------------------------------


def test_denials_csv_and_json():
    call_command("import_denials", str(FIXTURES / "denials_received.csv"), "--format", "csv", verbosity=0)
    call_command("import_denials", str(FIXTURES / "denials_received.json"), "--format", "json", verbosity=0)
    de = Denial.objects.get(reference="DE-2025-0042")
    assert de.origin == "received" and de.control_entries == ["5A001.j"] and str(de.review_due_on) == "2028-03-14"
    assert Denial.objects.get(reference="FR-2024-0107").control_entries == ["4A005", "4D004"]
    assert Denial.objects.get(reference="IT-2025-0311").destination == "CN"
    # importing again updates, it does not duplicate
    call_command("import_denials", str(FIXTURES / "denials_received.csv"), "--format", "csv", verbosity=0)
    assert Denial.objects.filter(origin="received").count() == 3


HEADER = "reference,member_state,control_entries,end_user,destination,denied_on\n"


@pytest.mark.parametrize("rows,message", [
    ("A-1,DE,5A999x,X,AE,2025-01-01\n", "line 2: control_entries:"),
    ("A-1,US,5A001,X,AE,2025-01-01\n", "line 2: member_state 'US' is not an EU Member State"),
    ("A-1,DE,5A001,X,XX,2025-01-01\n", "line 2: destination 'XX'"),
    ("A-1,DE,5A001,,AE,2025-01-01\n", "line 2: end_user is required"),
    ("A-1,DE,5A001,X,AE,01/01/2025\n", "line 2, denied_on: '01/01/2025' is not a date"),
    ("A-1,DE,5A001,X,AE,2025-01-01\nA-1,FR,5A001,Y,AE,2025-01-01\n", "line 3: reference A-1 appears twice"),
    ("B-1,DE,5A001,X,AE,2025-01-01\nB-2,DE,5A001,X,AE,2025-01-01,extra\n", "line 3: more fields"),
])
def test_malformed_denials_import_nothing(tmp_path, rows, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import_denials", str(bad), "--format", "csv", verbosity=0)
    assert message in str(exc.value)
    assert not Denial.objects.exists()


def test_denials_json_errors_name_the_record(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"reference": "A-1", "member_state": "DE", "end_user": "X", "destination": "AE", '
                   '"denied_on": "2025-01-01", "colour": "red"}]')
    with pytest.raises(ImportFailed, match="record 1: unknown field"):
        denials.parse(bad.read_bytes(), "json")
    bad.write_text('{"denials": [}')
    with pytest.raises(ImportFailed, match="line 1, column 14: not valid JSON"):
        denials.parse(bad.read_bytes(), "json")


def test_received_import_never_overwrites_our_own_denial(demo, tmp_path):
    from .factories import end_user_app

    app = end_user_app("Example", "AE", status="denied")
    Denial.objects.create(reference="NL-OWN-1", origin="own", member_state="NL", end_user="Example",
                          destination="AE", denied_on="2025-01-01", review_due_on="2028-01-01", application=app)
    bad = tmp_path / "d.csv"
    bad.write_text(HEADER + "Z-1,DE,5A001,X,AE,2025-01-01\nNL-OWN-1,DE,5A001,X,AE,2025-01-01\n")
    with pytest.raises(CommandError, match="NL-OWN-1 are this authority's own denials"):
        call_command("import_denials", str(bad), "--format", "csv", verbosity=0)
    assert list(Denial.objects.values_list("reference", "origin")) == [("NL-OWN-1", "own")]


def test_load_screening_samples_is_idempotent():
    call_command("load_screening_samples", verbosity=0)
    call_command("load_screening_samples", verbosity=0)
    assert ScreeningList.objects.count() == 2 and ScreeningEntry.objects.count() == 12
    assert Denial.objects.filter(origin="received").count() == 2


@pytest.mark.django_db
def test_shipped_measures_carry_their_end_dates(reference_data):
    """A partial ban replaced by a full one ends the day the full one starts: the register and the rules see
    the 2014 Russian military-use ban until 25 February 2022, then only the full ban."""
    from datetime import date

    from humanrights.models import CountryMeasure
    from licensing.rules.service import evaluate_request

    partial = CountryMeasure.objects.get(country="RU", measure="dual_use_export_ban", scope="partial")
    assert partial.since == date(2014, 8, 1) and partial.until == date(2022, 2, 25)
    assert CountryMeasure.objects.get(country="BY", measure="dual_use_export_ban", scope="partial").until == \
        date(2022, 3, 2)
    body = {"destination": "RU", "end_user": {"name": "x", "type": "commercial"},
            "items": [{"description": "machine tool", "control_entry": "2B001.a"}]}
    before = {f["legal_basis"] for f in evaluate_request({**body, "as_of": "2021-12-01"})["findings"]}
    after = {f["legal_basis"] for f in evaluate_request({**body, "as_of": "2022-03-01"})["findings"]}
    assert any("as adopted" in b for b in before) and not any("as adopted" in b for b in after)
