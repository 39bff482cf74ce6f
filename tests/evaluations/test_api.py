"""POST /api/v1/evaluations/ and `manage.py evaluate` as CONTRACT.md fixes them."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from licensing.models import ApiClient, Evaluation
from licensing.models.apiclients import hash_token
from licensing.rules.service import response_hash

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "tests" / "cases").glob("*.json"))

BODY = {
    "as_of": "2026-11-23",
    "destination": "US",
    "end_user": {"name": "Example Networks Inc.", "country": "US", "type": "commercial"},
    "items": [{"description": "VPN gateway", "control_entry": "5A002.a.2", "cyber_surveillance": False,
               "quantity": 20, "value_eur": 80000}],
}


def post(client, body, **headers):
    return client.post("/api/v1/evaluations/", data=json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def api_token(db):
    token = "dls_test_evaluate"
    ApiClient.objects.create(name="t", token_hash=hash_token(token), token_prefix=token[:8], scopes=["evaluate"])
    return token


def test_anonymous_is_refused(client, reference_data):
    assert post(client, BODY).status_code in (401, 403)


def test_officer_gets_a_recommendation_and_an_audit_record(officer_client, reference_data):
    r = post(officer_client, BODY)
    assert r.status_code == 200
    body = r.json()
    assert body["recommendation"] == "general_authorisation" and body["general_authorisation"] == "EU001"
    assert body["control_list_version"] == "02021R0821-20251115"
    ev = Evaluation.objects.get(application=None)  # demo applications carry their own evaluations
    assert ev.application is None and ev.recommendation == "general_authorisation" and len(ev.sha256) == 64


def test_api_client_needs_the_evaluate_scope(client, reference_data, api_token):
    assert post(client, BODY, HTTP_AUTHORIZATION=f"Bearer {api_token}").status_code == 200
    api_client = ApiClient.objects.get(name="t")
    api_client.scopes = ["licences:read"]
    api_client.save()  # as the admin does (a bulk update is seen within API_CLIENT_CACHE_SECONDS)
    assert post(client, BODY, HTTP_AUTHORIZATION=f"Bearer {api_token}").status_code == 403
    assert post(client, BODY, HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_exporter_never_sees_officer_only_registers(officer, exporter, reference_data):
    from django.test import Client

    officer_client, exporter_client = Client(), Client()
    officer_client.force_login(officer)
    exporter_client.force_login(exporter)
    body = {**BODY, "destination": "CN",
            "end_user": {"name": "XPCC Public Security Bureau", "country": "CN", "type": "police_security"},
            "items": [{"description": "Face recognition", "control_entry": None, "cyber_surveillance": True,
                       "quantity": 1, "value_eur": 1000}]}
    officer_view = post(officer_client, body).json()
    exporter_view = post(exporter_client, body).json()
    officer_finding = next(f for f in officer_view["findings"] if f["rule"] == "end_user_concern")
    assert any(s.startswith("end-user-concern:") for s in officer_finding["sources"])
    assert "Xinjiang Production and Construction Corps" in officer_finding["explanation"]
    exporter_finding = next(f for f in exporter_view["findings"] if f["rule"] == "end_user_concern")
    assert exporter_finding["sources"] == []
    assert "Xinjiang" not in exporter_finding["explanation"]
    assert "end-user-concern:" not in json.dumps(exporter_view)
    assert exporter_view["recommendation"] == officer_view["recommendation"]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"destination": "XX"}, "destination"),
        ({"destination": "UK"}, "destination"),
        ({"items": []}, "items"),
        ({"as_of": "2020-01-01"}, "as_of"),
        ({"as_of": "23-11-2026"}, "as_of"),
        ({"export_type": "smuggling"}, "export_type"),
        ({"end_user": {"name": "x", "country": "US", "type": "alien"}}, "end_user"),
        ({"items": [{"description": "x", "control_entry": "5A999", "quantity": 1, "value_eur": 1}]}, "items"),
        ({"items": [{"description": "x", "control_entry": "5A001", "quantity": -1, "value_eur": 1}]}, "items"),
    ],
)
def test_bad_fields_are_named(officer_client, reference_data, change, field):
    r = post(officer_client, {**BODY, **change})
    assert r.status_code == 400
    assert field in r.json()


@pytest.mark.parametrize("raw", ["[1, 2]", '"text"', "null", "{not json"])
def test_malformed_bodies_are_400(officer_client, reference_data, raw):
    r = officer_client.post("/api/v1/evaluations/", data=raw, content_type="application/json")
    assert r.status_code == 400


def test_unknown_code_error_has_suggestions(officer_client, reference_data):
    r = post(officer_client, {**BODY, "items": [{"description": "x", "control_entry": "5A001.j.9",
                                                "quantity": 1, "value_eur": 1}]})
    msg = r.json()["items"][0]["control_entry"][0]
    assert "5A001.j.9" in msg and "5A001.j" in msg


def test_errors_in_dutch(officer_client, reference_data):
    r = post(officer_client, {**BODY, "destination": "XX"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert r.status_code == 400
    assert "destination" in r.json()


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_public_cases_over_rest(officer_client, reference_data, path):
    case = json.loads(path.read_text())
    r = post(officer_client, case["request"])
    exp = case["expect"]
    if "error_fields" in exp:
        assert r.status_code == 400 and all(f in r.json() for f in exp["error_fields"])
        return
    body = r.json()
    rules = {f["rule"] for f in body["findings"]}
    assert body["recommendation"] in exp["recommendation"]
    assert set(exp.get("rules", [])) <= rules
    assert not set(exp.get("rules_absent", [])) & rules
    if "general_authorisation" in exp:
        assert body["general_authorisation"] == exp["general_authorisation"]
    for f in body["findings"]:
        assert f["legal_basis"] and f["explanation"] and isinstance(f["sources"], list)


def _cli(payload: str):
    import os

    from django.conf import settings

    db = settings.DATABASES["default"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dualis.settings.dev",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    return subprocess.run([sys.executable, "manage.py", "evaluate", "-"], input=payload, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.django_db(transaction=True)
def test_cli_batch_and_errors(reference_data):
    ok = _cli(json.dumps([BODY, BODY]))
    assert ok.returncode == 0, ok.stderr
    assert [r["general_authorisation"] for r in json.loads(ok.stdout)] == ["EU001", "EU001"]
    bad = _cli(json.dumps({**BODY, "items": []}))
    assert bad.returncode == 2 and bad.stdout == ""
    assert "items" in json.loads(bad.stderr)
    broken = _cli("{nope")
    assert broken.returncode == 2 and "detail" in json.loads(broken.stderr)


def test_cli_on_a_database_not_set_up_says_how_to_set_it_up(tmp_path):
    import os

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dualis.settings.dev",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    r = subprocess.run([sys.executable, "manage.py", "evaluate", "-"], input=json.dumps(BODY), cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and r.stdout == ""
    assert "manage.py migrate" in r.stderr and "load_reference_data" in r.stderr
    assert "Traceback" not in r.stderr


def test_the_answer_is_the_text_its_audit_record_hashed(officer_client, reference_data):
    """One serialisation: the body sent is byte for byte the response JSON whose SHA-256 the record keeps."""
    import hashlib

    r = post(officer_client, BODY)
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    text = r.content.decode()
    assert text == json.dumps(r.json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    ev = Evaluation.objects.get(application=None)
    request_text = json.dumps(BODY, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    blob = '{"request":' + request_text + ',"response":' + text + "}"
    assert ev.sha256 == hashlib.sha256(blob.encode()).hexdigest()
    assert ev.sha256 == response_hash(ev.request, ev.response)  # read back from jsonb
    assert ev.response == r.json()


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain", "application/xml"])
def test_a_body_that_is_not_json_is_415_and_names_its_type(officer_client, reference_data, content_type):
    r = officer_client.post("/api/v1/evaluations/", data="destination=US", content_type=content_type)
    assert r.status_code == 415
    assert content_type in r.json()["detail"]
    assert not Evaluation.objects.filter(application=None).exists()


@pytest.mark.parametrize("raw", ['{"destination": NaN}', '{"as_of": Infinity}', "\ufeff{}", '{"a": 1} x'])
def test_json_that_is_not_strict_is_a_parse_error(officer_client, reference_data, raw):
    r = officer_client.post("/api/v1/evaluations/", data=raw.encode(), content_type="application/json")
    assert r.status_code == 400
    assert r.json()["detail"].startswith("JSON parse error - ")


def test_the_body_is_read_in_its_declared_charset(officer_client, reference_data):
    body = {**BODY, "end_use": "Réseau privé"}
    r = officer_client.post("/api/v1/evaluations/", data=json.dumps(body, ensure_ascii=False),  # sent as latin-1
                            content_type="application/json; charset=latin-1")
    assert r.status_code == 200
    assert Evaluation.objects.get(application=None).request["end_use"] == "Réseau privé"
    bad = officer_client.post("/api/v1/evaluations/", data=b'{"end_use": "\xe9"}', content_type="application/json")
    assert bad.status_code == 400 and "JSON parse error" in bad.json()["detail"]


def test_an_empty_body_names_the_required_fields(officer_client, reference_data):
    r = officer_client.post("/api/v1/evaluations/", data=b"", content_type="application/json")
    assert r.status_code == 400 and {"destination", "items"} <= set(r.json())


def test_the_browsable_api_still_answers_a_browser(officer_client, reference_data):
    r = officer_client.get("/api/v1/evaluations/", HTTP_ACCEPT="text/html")
    assert r.status_code == 405 and r["Content-Type"].startswith("text/html")
