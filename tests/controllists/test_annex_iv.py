"""Annex IV: one reading (controllists.parsing.annex_iv_roots) of the shipped Annex IV of Reg. (EU)
2021/821, pinned code by code for both shipped Annex I versions; the importer stores it and
load_reference_data corrects a database imported with an earlier reading."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from controllists import codes
from controllists.models import AnnexIVEntry, ControlEntry, ControlListVersion
from controllists.parsing import annex_iv_roots, parse_annex_iv, parse_version

from .annex_iv_verdicts import VERDICTS

DATA = Path(__file__).resolve().parents[2] / "controllists" / "data"
LISTS = ("annex_i_2021-09-09.json", "annex_i_2025-11-15.json")
ROWS = parse_annex_iv((DATA / "annex_iv_2021-09-09.json").read_bytes())


def _codes(name: str) -> set[str]:
    return parse_version((DATA / name).read_bytes()).codes


@pytest.fixture(scope="module", params=LISTS)
def version_codes(request):
    return _codes(request.param)


@pytest.mark.parametrize("code, expected, wording", VERDICTS, ids=[v[0] for v in VERDICTS])
def test_each_disputed_code(version_codes, code, expected, wording):
    assert code in version_codes
    assert bool(codes.within_any(code, annex_iv_roots(ROWS, version_codes))) is expected, wording


def test_category_0_is_all_of_category_0_but_0c001(version_codes):
    roots = annex_iv_roots(ROWS, version_codes)
    for code in (c for c in version_codes if c.startswith("0")):
        assert bool(codes.within_any(code, roots)) is (codes.entry_code(code) != "0C001"), code


def test_every_covered_code_exists_in_both_lists():
    """Annex IV (unchanged since 2021) names codes that mean the same in the 2025 Annex I."""
    for name in LISTS:
        have = _codes(name)
        assert [c for r in ROWS for c in r.covers if c not in have] == [], name


def test_shipped_annex_iv_is_that_of_regulation_2021_821():
    rows = {r.code: r for r in ROWS}
    assert len(ROWS) == 72 and {r.part for r in ROWS} == {"I", "II"}
    assert "5A004.b" not in rows["5D002.a"].text and "5A004.a" in rows["5D002.c"].text
    category_0 = next(r for r in ROWS if r.label == "Category 0")
    assert category_0.covers_category == "0" and category_0.excepted == ("0C001",)


def test_rows_without_covers_are_read_conservatively():
    """A dataset whose Annex IV rows do not say what they cover (the 2021 list's own rows): each row
    covers its code whole, a 'limited to the following' heading nothing, the Category 0 rule every
    entry but the ones 'not included'. Never fewer items than the shipped reading."""
    for name in LISTS:
        have = _codes(name)
        own = parse_version((DATA / LISTS[0]).read_bytes()).annex_iv
        plain, shipped = annex_iv_roots(own, have), annex_iv_roots(ROWS, have)
        assert all(codes.within_any(c, plain) for c in have if codes.within_any(c, shipped))
        assert not codes.within_any("6A001.b", plain) and not codes.within_any("0C001", plain)
        assert codes.within_any("0D001", plain) and codes.within_any("1C012.a", plain)



@pytest.mark.django_db
def test_import_stores_the_reading_for_both_versions(reference_data):
    for v in ControlListVersion.objects.all():
        flagged = set(ControlEntry.objects.filter(version=v, annex_iv=True).values_list("code", flat=True))
        all_codes = set(ControlEntry.objects.filter(version=v).values_list("code", flat=True))
        roots = annex_iv_roots(ROWS, all_codes)
        assert flagged == {c for c in all_codes if codes.within_any(c, roots)}
        assert set(AnnexIVEntry.objects.filter(version=v).values_list("source", flat=True)) == {"annex_iv_2021-09-09.json"}
        # Annex II Section I lists 'all items specified in Annex IV'
        assert not ControlEntry.objects.filter(version=v, annex_iv=True, section_i=False).exists()


@pytest.mark.django_db
def test_load_reference_data_corrects_flags_of_an_existing_database(reference_data, capsys):
    v = ControlListVersion.objects.get(status="active")
    # as the earlier importer left them: all of 6A001 and 1B233, none of 0D001
    ControlEntry.objects.filter(version=v, code__startswith="6A001").update(annex_iv=True, section_i=True)
    ControlEntry.objects.filter(version=v, code__startswith="1B233").update(annex_iv=True, section_i=True)
    ControlEntry.objects.filter(version=v, code="0D001").update(annex_iv=False, section_i=False)
    AnnexIVEntry.objects.filter(version=v).update(source="annex_i_2021-09-09.json")
    capsys.readouterr()
    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert "Annex IV flags corrected" in out and "re-evaluation job" in out
    from licensing.models import ReevaluationJob
    job = ReevaluationJob.objects.get()
    assert "Annex IV" in job.reason and job.trigger == "manual"
    flag = dict(ControlEntry.objects.filter(version=v).values_list("code", "annex_iv"))
    assert not flag["6A001"] and not flag["6A001.b"] and flag["6A001.a.2.b"]
    assert not flag["1B233.c"] and flag["1B233.a"] and flag["0D001"]
    assert not ControlEntry.objects.get(version=v, code="6A001.b").section_i  # 6A001 is not in Section I
    assert set(AnnexIVEntry.objects.filter(version=v).values_list("source", flat=True)) == {"annex_iv_2021-09-09.json"}
    call_command("load_reference_data")
    assert "corrected" not in capsys.readouterr().out  # idempotent
    assert ReevaluationJob.objects.count() == 1


def test_manifest_applies_the_annex_iv_file_to_every_version():
    manifest = json.loads((DATA / "manifest.json").read_text())
    assert {s["annex_iv"] for s in manifest["versions"]} == {"annex_iv_2021-09-09.json"}


@pytest.mark.django_db
def test_load_reference_data_corrects_a_version_uploaded_with_the_shipped_annex_iv(reference_data, tmp_path):
    """A version uploaded before the correction took the 2021 list's own Annex IV rows (read whole:
    all of 9A004); load_reference_data applies the shipped Annex IV to it too."""
    from controllists.services import import_control_list

    data = json.loads((DATA / LISTS[1]).read_text())
    data.update(corpus_version="TEST-2027", valid_from="2027-01-01")
    data["entries"] = [e for e in data["entries"] if e["entry_code"] in ("9A004", "0C001", "0C002")]
    upload = tmp_path / "v.json"
    upload.write_text(json.dumps(data))
    v = import_control_list(upload, annex_iv_from=DATA / LISTS[0]).version
    assert ControlEntry.objects.get(version=v, code="9A004.b").annex_iv  # the rows' plain reading
    call_command("load_reference_data", verbosity=0)
    flag = dict(ControlEntry.objects.filter(version=v).values_list("code", "annex_iv"))
    assert flag["9A004.a"] and not flag["9A004.b"] and not flag["9A004"] and flag["0C002"] and not flag["0C001"]
