"""POST /api/v1/customs/usages/{id}/reverse/: a cancelled declaration gives the balance back, once."""

import uuid

import pytest

from licensing.models import AuditEvent, LicenceLine

from .factories import api_client, bearer

pytestmark = pytest.mark.django_db


def write_off(api, licence, quantity=3, value=1500):
    r = api.post(f"/api/v1/customs/licences/{licence.number}/usages/",
                 {"declaration_reference": "26NL0000000009999X",
                  "lines": [{"line": 1, "quantity": quantity, "value_eur": value}]},
                 format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
    assert r.status_code == 201
    return r.json()["id"]


def reverse(api, usage_id):
    return api.post(f"/api/v1/customs/usages/{usage_id}/reverse/")


def line1(licence):
    ln = LicenceLine.objects.get(licence=licence, line=1)
    return ln.used_quantity, ln.used_value_eur


def test_reverse_gives_the_balance_back(api, licence):
    keep = write_off(api, licence, 2, 200)
    usage = write_off(api, licence)
    r = reverse(api, usage)
    assert r.status_code == 200
    data = r.json()
    assert data["id"] == usage and data["reversed_at"]
    assert data["lines"][0]["remaining_quantity"] == "98.000"
    assert line1(licence) == (2, 200)
    assert keep != usage
    assert AuditEvent.objects.filter(action="licence.usage_reversed", object_id=str(licence.pk)).count() == 1


def test_reversing_again_changes_nothing(api, licence):
    usage = write_off(api, licence)
    first = reverse(api, usage)
    again = reverse(api, usage)
    assert again.status_code == 200
    assert again.json()["reversed_at"] == first.json()["reversed_at"]
    assert again["Idempotent-Replayed"] == "true"
    assert line1(licence) == (0, 0)


def test_unknown_usage_is_404(api, licence):
    assert reverse(api, 987654321).status_code == 404


def test_huge_usage_id_is_404_not_500(api, licence):
    assert reverse(api, 2**70).status_code == 404


def test_another_clients_usage_is_404(api, licence):
    usage = write_off(api, licence)
    _, token = api_client("other-border-post")
    assert reverse(bearer(token), usage).status_code == 404
    assert line1(licence) == (3, 1500)


def test_reverse_needs_use_scope(api, licence):
    usage = write_off(api, licence)
    _, token = api_client("reader", "licences:read")
    assert reverse(bearer(token), usage).status_code == 403


def test_reverse_needs_a_token(client, api, licence):
    usage = write_off(api, licence)
    assert client.post(f"/api/v1/customs/usages/{usage}/reverse/").status_code == 401
    assert line1(licence) == (3, 1500)
