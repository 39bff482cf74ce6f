import pytest

pytestmark = pytest.mark.django_db


def test_versions_are_public(client, reference_data):
    r = client.get("/api/v1/control-list-versions/")
    assert r.status_code == 200
    assert [v["version_id"] for v in r.json()][0] == "02021R0821-20251115"


def test_entry_by_code_normalises_input(client, reference_data):
    r = client.get("/api/v1/control-entries/5a001.J.1.a./")
    assert r.status_code == 200
    body = r.json()
    assert body["code"] == "5A001.j.1.a"
    assert body["cyber_surveillance"] is True
    assert body["ancestors"] == ["5A001.j.1", "5A001.j", "5A001"]


def test_entry_reports_general_authorisations(client, reference_data):
    body = client.get("/api/v1/control-entries/5A002.a.2/").json()
    assert "EU001" in body["general_authorisations"] and "EU008" in body["general_authorisations"]
    assert "EU001" not in client.get("/api/v1/control-entries/1C351/").json()["general_authorisations"]


def test_unknown_code_is_404_with_suggestions(client, reference_data):
    r = client.get("/api/v1/control-entries/5A001.j.9/")
    assert r.status_code == 404
    assert "5A001.j" in r.json()["suggestions"]


def test_entry_in_an_older_version(client, reference_data):
    assert client.get("/api/v1/control-entries/3A501/").status_code == 200
    r = client.get("/api/v1/control-entries/3A501/?version=32021R0821-proxy-02009R0428-20201215")
    assert r.status_code == 404


def test_unknown_version_is_404(client, reference_data):
    r = client.get("/api/v1/control-entries/?version=nope")
    assert r.status_code == 404 and "version" in r.json()


def test_search_by_text_and_code(client, reference_data):
    hits = [e["code"] for e in client.get("/api/v1/control-entries/?search=intrusion software").json()]
    assert any(c.startswith("4A005") or c.startswith("4D004") or c.startswith("4E001") for c in hits)
    codes = [e["code"] for e in client.get("/api/v1/control-entries/?search=5A001.j").json()]
    assert codes[0] == "5A001.j" and "5A001.j.2.b" in codes


def test_diff_between_versions(client, reference_data):
    r = client.get("/api/v1/control-list-versions/32021R0821-proxy-02009R0428-20201215/diff/02021R0821-20251115/")
    assert r.status_code == 200
    body = r.json()
    added = {c["code"] for c in body["changes"] if c["change"] == "added"}
    assert {"3A501", "4A506", "4A507"} <= added and body["summary"]["added"] == 18
    assert body["summary"]["removed"] == 0
    changed = next(c for c in body["changes"] if c["change"] == "changed")
    assert any(d["op"] in "+-" for d in changed["diff"])
