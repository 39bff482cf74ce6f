"""POST /api/v1/customs/licences/{number}/usages/: atomic, exactly once, refused with reasons."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from licensing.models import IdempotencyKey, LicenceLine, LicenceStatus, Usage

from .factories import api_client, bearer, licence_with_lines

pytestmark = pytest.mark.django_db


def post(api, number, body, key=None):
    headers = {} if key is False else {"HTTP_IDEMPOTENCY_KEY": key or str(uuid.uuid4())}
    return api.post(f"/api/v1/customs/licences/{number}/usages/", body, format="json", **headers)


def body(*lines, ref="26NL0000000001234A"):
    return {"declaration_reference": ref,
            "lines": [{"line": n, "quantity": q, "value_eur": v} for n, q, v in lines]}


def used(licence, n):
    line = LicenceLine.objects.get(licence=licence, line=n)
    return line.used_quantity, line.used_value_eur


def test_write_off_returns_the_usage_and_what_remains(api, licence, customs):
    r = post(api, licence.number, body((1, 3, 1500.00)))
    assert r.status_code == 201
    data = r.json()
    assert data["licence"] == licence.number
    assert data["declaration_reference"] == "26NL0000000001234A"
    assert data["reversed_at"] is None
    assert data["lines"] == [{"line": 1, "quantity": "3.000", "value_eur": "1500.00",
                              "remaining_quantity": "97.000", "remaining_value_eur": "98500.00"}]
    assert used(licence, 1) == (Decimal("3"), Decimal("1500"))
    usage = Usage.objects.get(pk=data["id"])
    assert usage.client == customs[0] and usage.lines.count() == 1


def test_write_off_across_several_lines(api, licence):
    r = post(api, licence.number, body((1, 10, 10000), (2, 2, 1000)))
    assert r.status_code == 201
    assert [ln["line"] for ln in r.json()["lines"]] == [1, 2]
    assert used(licence, 1) == (10, 10000) and used(licence, 2) == (2, 1000)


def test_value_only_write_off_is_allowed(api, licence):
    assert post(api, licence.number, body((1, 0, 250))).status_code == 201
    assert used(licence, 1) == (0, 250)


def test_over_the_balance_is_409_naming_each_short_line_and_writes_nothing(api, licence):
    assert post(api, licence.number, body((2, 8, 1000))).status_code == 201
    r = post(api, licence.number, body((1, 5, 100), (2, 3, 100)))
    assert r.status_code == 409
    data = r.json()
    assert data["reason"] == "insufficient_balance"
    assert data["lines"] == [{"line": 2, "requested_quantity": "3.000", "remaining_quantity": "2.000",
                              "requested_value_eur": "100.00", "remaining_value_eur": "4000.00"}]
    assert "line 2" in data["detail"] and "2.000" in data["detail"]
    assert used(licence, 1) == (0, 0), "nothing written on the line that had enough"
    assert used(licence, 2) == (8, 1000)
    assert Usage.objects.count() == 1


def test_over_the_value_is_409(api, licence):
    r = post(api, licence.number, body((2, 1, 5000.01)))
    assert r.status_code == 409
    assert r.json()["lines"][0]["remaining_value_eur"] == "5000.00"


def test_exactly_the_remaining_balance_is_accepted(api, licence):
    assert post(api, licence.number, body((2, 10, 5000))).status_code == 201
    assert post(api, licence.number, body((2, 0.001, 0))).status_code == 409


@pytest.mark.parametrize("status,reason", [(LicenceStatus.SUSPENDED, "suspended"), (LicenceStatus.REVOKED, "revoked")])
def test_licence_not_active_is_409_saying_why(api, status, reason):
    licence = licence_with_lines(status=status)
    r = post(api, licence.number, body((1, 1, 1)))
    assert r.status_code == 409
    assert r.json()["reason"] == reason and r.json()["status"] == status
    assert used(licence, 1) == (0, 0) and not Usage.objects.exists()


def test_expired_licence_is_409(api):
    today = timezone.localdate()
    licence = licence_with_lines(valid_from=today - timedelta(days=800), valid_until=today - timedelta(days=1))
    r = post(api, licence.number, body((1, 1, 1)))
    assert r.status_code == 409
    assert r.json()["reason"] == "expired" and r.json()["status"] == "expired"
    assert licence.valid_until.isoformat() in r.json()["detail"]


def test_not_yet_valid_licence_is_409(api):
    today = timezone.localdate()
    licence = licence_with_lines(valid_from=today + timedelta(days=1), valid_until=today + timedelta(days=100))
    r = post(api, licence.number, body((1, 1, 1)))
    assert r.status_code == 409 and r.json()["reason"] == "not_yet_valid"


def test_unknown_licence_is_404_and_does_not_use_the_key(api, licence):
    key = str(uuid.uuid4())
    assert post(api, "NL-NOPE-1", body((1, 1, 1)), key).status_code == 404
    assert not IdempotencyKey.objects.exists()


def test_line_the_licence_does_not_have_is_400(api, licence):
    r = post(api, licence.number, body((1, 1, 1), (7, 1, 1)))
    assert r.status_code == 400
    assert r.json()["lines"] == [7]
    assert used(licence, 1) == (0, 0)


def test_missing_idempotency_key_is_400(api, licence):
    r = post(api, licence.number, body((1, 1, 1)), key=False)
    assert r.status_code == 400
    assert "Idempotency-Key" in r.json()


@pytest.mark.parametrize("bad,field", [
    ({"declaration_reference": "", "lines": [{"line": 1, "quantity": 1, "value_eur": 1}]}, "declaration_reference"),
    ({"declaration_reference": "X", "lines": []}, "lines"),
    ({"declaration_reference": "X", "lines": [{"line": 1, "quantity": -1, "value_eur": 1}]}, "lines"),
    ({"declaration_reference": "X", "lines": [{"line": 1, "quantity": 0, "value_eur": 0}]}, "lines"),
    ({"declaration_reference": "X", "lines": [{"line": 1, "quantity": 0.0001, "value_eur": 1}]}, "lines"),
    ({"declaration_reference": "X", "lines": [{"line": 1, "quantity": 1, "value_eur": 1},
                                              {"line": 1, "quantity": 1, "value_eur": 1}]}, "lines"),
    ({"lines": [{"line": 1, "quantity": 1, "value_eur": 1}]}, "declaration_reference"),
])
def test_invalid_body_is_400_naming_the_field(api, licence, bad, field):
    r = post(api, licence.number, bad)
    assert r.status_code == 400
    assert field in r.json()
    assert used(licence, 1) == (0, 0)


def test_same_key_same_body_replays_and_writes_nothing_more(api, licence):
    key = str(uuid.uuid4())
    first = post(api, licence.number, body((1, 3, 1500)), key)
    again = post(api, licence.number, body((1, 3.000, 1500.00)), key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert used(licence, 1) == (3, 1500)
    assert Usage.objects.count() == 1


def test_same_key_other_body_is_422(api, licence):
    key = str(uuid.uuid4())
    assert post(api, licence.number, body((1, 3, 1500)), key).status_code == 201
    r = post(api, licence.number, body((1, 4, 1500)), key)
    assert r.status_code == 422
    assert key in r.json()["detail"]
    assert used(licence, 1) == (3, 1500)


def test_same_key_for_another_licence_is_422(api, licence):
    other = licence_with_lines()
    key = str(uuid.uuid4())
    assert post(api, licence.number, body((1, 1, 1)), key).status_code == 201
    assert post(api, other.number, body((1, 1, 1)), key).status_code == 422
    assert used(other, 1) == (0, 0)


def test_refused_write_off_leaves_the_key_free_for_a_retry(api, licence):
    key = str(uuid.uuid4())
    assert post(api, licence.number, body((2, 11, 100)), key).status_code == 409
    assert post(api, licence.number, body((2, 11, 100)), key).status_code == 409
    assert post(api, licence.number, body((2, 10, 100)), key).status_code == 201


def test_keys_are_per_client(licence, api):
    key = str(uuid.uuid4())
    _, token = api_client("second-customs-system")
    assert post(api, licence.number, body((1, 1, 1)), key).status_code == 201
    assert post(bearer(token), licence.number, body((1, 2, 2)), key).status_code == 201
    assert used(licence, 1) == (3, 3)


def test_client_without_use_scope_is_403(licence):
    _, token = api_client("reader-only", "licences:read")
    assert post(bearer(token), licence.number, body((1, 1, 1))).status_code == 403
    assert used(licence, 1) == (0, 0)


def test_no_token_is_401(client, licence):
    r = client.post(f"/api/v1/customs/licences/{licence.number}/usages/", body((1, 1, 1)),
                    content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    assert r.status_code == 401
    assert used(licence, 1) == (0, 0)


def test_form_encoded_body_is_415(api, licence):
    r = api.post(f"/api/v1/customs/licences/{licence.number}/usages/", {"declaration_reference": "X"},
                 HTTP_IDEMPOTENCY_KEY="k-form")
    assert r.status_code == 415
    assert used(licence, 1) == (0, 0)


def test_malformed_json_is_400(api, licence):
    r = api.post(f"/api/v1/customs/licences/{licence.number}/usages/", data="{not json",
                 content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-bad")
    assert r.status_code == 400 and "detail" in r.json()


def test_every_short_line_is_named_when_the_first_is_already_short(api, licence):
    r = post(api, licence.number, body((1, 101, 1), (2, 11, 1)))
    assert r.status_code == 409
    assert [(s["line"], s["remaining_quantity"]) for s in r.json()["lines"]] == [(1, "100.000"), (2, "10.000")]
    assert used(licence, 1) == (0, 0) and used(licence, 2) == (0, 0)
    assert not Usage.objects.exists() and not IdempotencyKey.objects.exists()


def test_retry_of_the_write_off_that_used_the_last_units_is_replayed_not_refused(api, licence):
    key = str(uuid.uuid4())
    first = post(api, licence.number, body((2, 10, 5000)), key)
    assert first.status_code == 201
    again = post(api, licence.number, body((2, 10, 5000)), key)
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert used(licence, 2) == (10, 5000)


@pytest.mark.parametrize("status", [LicenceStatus.SUSPENDED, LicenceStatus.REVOKED])
def test_a_licence_suspended_after_the_checks_is_not_written_off(api, licence, monkeypatch, status):
    """The licence is checked before the transaction (cheap), and again by the UPDATE that takes each line: a
    suspension or revocation committed in between is refused with its reason, and nothing is written."""
    from licensing.services import customs as service

    checked = service._usable_lines

    def checked_then_suspended(client, number, lines):
        result = checked(client, number, lines)
        type(licence).objects.filter(pk=licence.pk).update(status=status)  # an officer, just after the check
        return result

    monkeypatch.setattr(service, "_usable_lines", checked_then_suspended)
    key = str(uuid.uuid4())
    r = post(api, licence.number, body((1, 2, 20)), key=key)
    assert r.status_code == 409, r.content
    assert r.json()["reason"] == status and r.json()["status"] == status
    assert used(licence, 1) == (0, 0) and not Usage.objects.exists()
    assert not IdempotencyKey.objects.filter(key=key).exists()  # a refusal does not use up the key
