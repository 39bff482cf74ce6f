"""The audit records of POST /api/v1/evaluations/: what is stored, and that a gunicorn worker's batched writes
(licensing/services/evaluation_log.py, started by gunicorn.conf.py) store exactly the same, every one of them."""

import json
import time
from pathlib import Path

import orjson
import pytest
from django.db import OperationalError, connection

from licensing.models import ApiClient, Evaluation
from licensing.models.apiclients import hash_token
from licensing.rules.service import audit_json, response_hash
from licensing.services import evaluation_log

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "tests" / "cases").glob("*.json"))
TOKEN = "dls_test_audit_log"
BODY = {
    "as_of": "2026-11-23",
    "destination": "CN",
    "end_user": {"name": "Ministry of Public Security", "country": "CN", "type": "police_security"},
    "end_use": "Vidéo-analyse \u2028 «emotion»",
    "items": [
        {"description": "Emotion-recognition software", "control_entry": None, "cyber_surveillance": True,
         "quantity": 1, "value_eur": 45000.5},
        {"description": "VPN gateway", "control_entry": "5A002.a.2", "cyber_surveillance": False,
         "quantity": 10, "value_eur": 20000},
    ],
    "declarations": {"wmd": False, "military_end_use": False, "internal_repression": False},
    "unknown_extra": {"kept": ["as", "sent", 2.25, "\U0001f600"]},
}
COLUMNS = ("request", "response", "control_list_version", "recommendation", "reference_data_stamp", "sha256",
           "trigger", "created_by_id", "client_id", "application_id")


@pytest.fixture
def api_client(reference_data):
    return ApiClient.objects.create(name="audit-log", token_hash=hash_token(TOKEN), token_prefix=TOKEN[:8],
                                    scopes=["evaluate"])


@pytest.fixture
def batched():
    evaluation_log.start(batch_size=10_000, max_delay=3600)  # written only when the test flushes
    yield
    evaluation_log.stop()


def post(client, body=BODY, token=TOKEN):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post("/api/v1/evaluations/", data=json.dumps(body), content_type="application/json", **headers)


def stored(ids):
    """The rows as PostgreSQL holds them (JSON as its text form)."""
    with connection.cursor() as cur:
        cur.execute(f"SELECT id, {', '.join(c + ('::text' if c in ('request', 'response') else '') for c in COLUMNS)}"
                    " FROM licensing_evaluation WHERE id = ANY(%s) ORDER BY id", [list(ids)])
        return {row[0]: row[1:] for row in cur.fetchall()}


@pytest.mark.parametrize("path", CASES[:12], ids=[p.stem for p in CASES[:12]])
def test_hash_is_the_documented_one(path, reference_data):
    from licensing.rules.service import EvaluationInvalid, evaluate_request

    request = json.loads(path.read_text())["request"]
    try:
        response = evaluate_request(request)
    except EvaluationInvalid:
        return
    # keys sorted, no spaces, UTF-8 (orjson); read back from jsonb, a record hashes the same
    blob = orjson.dumps({"request": request, "response": response}, option=orjson.OPT_SORT_KEYS)
    import hashlib

    expected = hashlib.sha256(blob).hexdigest()
    assert blob == json.dumps({"request": request, "response": response}, sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False).encode()
    assert response_hash(request, response) == expected
    request_json, response_json, sha = audit_json(request, response)
    assert sha == expected and json.loads(request_json) == request and json.loads(response_json) == response


def test_batched_records_are_identical_to_direct_ones(client, api_client, batched):
    evaluation_log.stop()  # first a direct write, as outside gunicorn
    r1 = post(client)
    assert r1.status_code == 200
    direct = Evaluation.objects.get(application=None)
    evaluation_log.start(batch_size=10_000, max_delay=3600)
    r2 = post(client)
    assert r2.content == r1.content
    assert Evaluation.objects.filter(application=None).count() == 1  # queued, not written yet
    assert evaluation_log.flush() == 1
    queued = Evaluation.objects.filter(application=None).exclude(pk=direct.pk).get()
    # and as the ORM would have stored them
    orm = Evaluation.objects.create(
        request=BODY, response=json.loads(r2.content), control_list_version=queued.control_list_version,
        recommendation=queued.recommendation, sha256=queued.sha256, trigger="api", client=api_client)
    rows = stored([direct.pk, queued.pk, orm.pk])
    assert rows[direct.pk] == rows[queued.pk] == rows[orm.pk]
    assert queued.request == BODY and queued.response == json.loads(r2.content)
    assert queued.sha256 == response_hash(BODY, queued.response) and queued.client == api_client
    assert queued.trigger == "api" and queued.control_list_version == "02021R0821-20251115"
    assert direct.created_at < queued.created_at


def test_batched_records_of_people_name_them(officer_client, officer, batched):
    assert post(officer_client, token=None).status_code == 200
    evaluation_log.flush()
    ev = Evaluation.objects.get(application=None)
    assert ev.created_by == officer and ev.client is None


def test_record_time_is_when_the_evaluation_ran(client, api_client, batched):
    post(client)
    time.sleep(0.05)
    before_flush = time.time()
    evaluation_log.flush()
    assert Evaluation.objects.get(application=None).created_at.timestamp() < before_flush


def test_a_failed_write_keeps_the_records_for_the_next(client, api_client, batched, monkeypatch):
    real = evaluation_log.write
    calls = []

    def flaky(rows):
        calls.append(len(rows))
        if len(calls) == 1:
            raise OperationalError("database restarting")
        real(rows)

    monkeypatch.setattr(evaluation_log, "write", flaky)
    for _ in range(3):
        assert post(client).status_code == 200
    with pytest.raises(OperationalError):
        evaluation_log.flush()
    assert Evaluation.objects.filter(application=None).count() == 0
    post(client)
    assert evaluation_log.flush() == 4
    assert Evaluation.objects.filter(application=None).count() == 4 and calls == [3, 4]


def test_a_refused_record_does_not_hold_back_the_others(client, api_client, batched, caplog):
    post(client)
    poison = {"request": '{"end_use": "nul \\u0000 byte"}', "response": "{}", "control_list_version": "x",
              "recommendation": "deny", "sha256": "0" * 64, "trigger": "api", "client_id": api_client.pk}
    evaluation_log.record(poison)
    post(client)
    assert evaluation_log.flush() == 3
    assert Evaluation.objects.filter(application=None).count() == 2
    assert "unwritten evaluation record" in caplog.text and '"sha256": "0000000000' in caplog.text


def test_too_many_queued_records_are_written_by_the_request(client, api_client):
    evaluation_log.start(batch_size=10_000, max_delay=3600, max_pending=3)
    try:
        post(client)
        post(client)
        assert Evaluation.objects.filter(application=None).count() == 0
        post(client)
        assert Evaluation.objects.filter(application=None).count() == 3
    finally:
        evaluation_log.stop()


def test_stop_writes_what_is_queued(client, api_client):
    evaluation_log.start(batch_size=10_000, max_delay=3600)
    post(client)
    post(client)
    assert evaluation_log.stop() == 2
    assert Evaluation.objects.filter(application=None).count() == 2
    post(client)  # after stop: written in the request again
    assert Evaluation.objects.filter(application=None).count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_worker_thread_writes_without_being_asked(client, api_client):
    evaluation_log.start(batch_size=10_000, max_delay=0.05)
    try:
        for _ in range(5):
            assert post(client).status_code == 200
        deadline = time.monotonic() + 10
        while Evaluation.objects.filter(application=None).count() < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert Evaluation.objects.filter(application=None).count() == 5
    finally:
        evaluation_log.stop()


@pytest.mark.parametrize(
    "change, path",
    [
        ({"end_use": "interrogation\x00"}, ["end_use"]),
        ({"end_user": {"name": "Bureau \ud800", "country": "CN", "type": "police_security"}}, ["end_user", "name"]),
        ({"items": [BODY["items"][0], {**BODY["items"][1], "description": "\udc00VPN"}]}, ["items", 1, "description"]),
        ({"unknown_extra": {"note\x00": 1}}, ["unknown_extra", "note\x00"]),
    ],
)
def test_text_that_cannot_be_kept_is_a_named_400(client, api_client, change, path):
    r = post(client, {**BODY, **change})
    assert r.status_code == 400
    err = r.json()
    for step in path:
        err = err[step]
    assert "cannot be stored" in err[0]
    assert not Evaluation.objects.filter(application=None).exists()


def test_escaped_astral_characters_are_fine(client, api_client):
    raw = json.dumps(BODY).replace('"Ministry', '"\\ud83d\\ude00 Ministry')
    r = client.post("/api/v1/evaluations/", data=raw, content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert r.status_code == 200
    assert Evaluation.objects.get(application=None).request["end_user"]["name"] == "\U0001f600 Ministry of Public Security"


def test_values_orjson_cannot_write_are_kept_and_hash_as_read_back(client, api_client):
    """An integer beyond 64 bits in an extra field: canonical_json falls back to the standard library's
    form of the same shape, so the record is stored and its hash is reproducible from the database."""
    r = post(client, {**BODY, "reference": 10**30})
    assert r.status_code == 200
    ev = Evaluation.objects.get(application=None)
    assert ev.request["reference"] == 10**30
    assert ev.sha256 == response_hash(ev.request, ev.response)
    assert json.loads(audit_json(ev.request, ev.response)[0])["reference"] == 10**30


@pytest.mark.parametrize("text", ["back\\slash \\N \\.", "tab\tnew\nline\rreturn", "é ü 😀 \u2028", "\\t literal"])
def test_copy_lines_keep_every_character(client, api_client, batched, text):
    """Rows queued in a worker travel as COPY text made in the request: escapes must be exact."""
    r = post(client, {**BODY, "end_use": text, "end_user": {**BODY["end_user"], "name": f"x\\{text}"}})
    assert r.status_code == 200
    assert evaluation_log.flush() == 1
    ev = Evaluation.objects.get(application=None)
    assert ev.request["end_use"] == text and ev.request["end_user"]["name"] == f"x\\{text}"  # as sent
    assert ev.sha256 == response_hash(ev.request, ev.response)
