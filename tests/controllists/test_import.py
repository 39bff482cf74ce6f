import json

import pytest
from django.core.management import CommandError, call_command

from controllists.models import AnnexIVEntry, ControlEntry, ControlListVersion, GeneralAuthorisation

pytestmark = pytest.mark.django_db


def test_reference_data_is_loaded_with_history(reference_data):
    versions = list(ControlListVersion.objects.order_by("valid_from").values_list("version_id", "status"))
    assert versions == [("32021R0821-proxy-02009R0428-20201215", "superseded"), ("02021R0821-20251115", "active")]
    v = ControlListVersion.objects.get(status="active")
    assert v.entry_count == 384
    assert v.amending_act.startswith("Commission Delegated Regulation (EU) 2025/2003")
    assert "Wassenaar" in v.regime_updates
    assert GeneralAuthorisation.objects.filter(version=v).count() == 8
    assert AnnexIVEntry.objects.filter(version=v).count() == 72
    j = ControlEntry.objects.get(version=v, code="5A001.j.1")
    assert j.cyber_surveillance and j.parent.code == "5A001.j"
    assert ControlEntry.objects.get(version=v, code="1C351.d.4").annex_iv
    assert ControlEntry.objects.get(version=v, code="9A117").section_i
    assert not ControlEntry.objects.filter(version=v, code="5A004.b.2.a").exists()


def test_import_is_idempotent(reference_data, capsys):
    before = ControlEntry.objects.count()
    call_command("import_control_list", "controllists/data/annex_i_2025-11-15.json")
    assert "nothing changed" in capsys.readouterr().out
    assert ControlEntry.objects.count() == before


def test_malformed_file_imports_nothing(reference_data, tmp_path):
    bad = tmp_path / "bad.json"
    entries = [{"entry_code": "9Z999", "verbatim_text": "broken"}]
    bad.write_text(json.dumps({"corpus_version": "X-1", "valid_from": "2030-01-01", "entries": entries}))
    before = (ControlListVersion.objects.count(), ControlEntry.objects.count())
    with pytest.raises(CommandError) as exc:
        call_command("import_control_list", str(bad))
    assert "entry_code '9Z999'" in str(exc.value) and "Nothing was imported" in str(exc.value)
    assert (ControlListVersion.objects.count(), ControlEntry.objects.count()) == before


def test_new_version_is_imported_as_draft_and_not_used_until_activated(reference_data, tmp_path):
    data = json.loads(open("controllists/data/annex_i_2025-11-15.json").read())
    data["corpus_version"] = "TEST-2027"
    data["valid_from"] = "2027-01-01"
    data["entries"] = data["entries"][:5]
    f = tmp_path / "v.json"
    f.write_text(json.dumps(data))
    call_command("import_control_list", str(f))
    v = ControlListVersion.objects.get(version_id="TEST-2027")
    assert v.status == "draft" and v.entry_count == 5
    assert ControlListVersion.objects.get(status="active").version_id == "02021R0821-20251115"
