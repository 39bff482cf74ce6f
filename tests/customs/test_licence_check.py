"""GET /api/v1/customs/licences/{number}/: what customs sees, and who may see it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from licensing.models import LicenceStatus
from licensing.services import api_clients

from .factories import api_client, bearer, licence_with_lines

pytestmark = pytest.mark.django_db


def url(number):
    return f"/api/v1/customs/licences/{number}/"


def test_active_licence_with_balances(api, licence):
    line = licence.lines.get(line=1)
    line.used_quantity, line.used_value_eur = Decimal("3"), Decimal("1500")
    line.save()
    r = api.get(url(licence.number))
    assert r.status_code == 200
    body = r.json()
    assert body["number"] == licence.number
    assert body["status"] == "active"
    assert body["holder"] == {"name": licence.holder.name, "eori": licence.holder.eori_number}
    assert body["valid_from"] == licence.valid_from.isoformat()
    assert body["valid_until"] == licence.valid_until.isoformat()
    assert body["destinations"] == ["JP"]
    assert body["end_users"] == ["Hamamatsu Research Institute"]
    assert [ln["line"] for ln in body["lines"]] == [1, 2]
    first = body["lines"][0]
    assert first["control_entry"] == "6A003.b.4.b"
    assert first["description"] == "Uncooled thermal imaging cameras"
    assert (first["authorised_quantity"], first["used_quantity"], first["remaining_quantity"]) == (
        "100.000", "3.000", "97.000")
    assert (first["authorised_value_eur"], first["used_value_eur"], first["remaining_value_eur"]) == (
        "100000.00", "1500.00", "98500.00")


@pytest.mark.parametrize("status", [LicenceStatus.SUSPENDED, LicenceStatus.REVOKED])
def test_suspended_and_revoked_are_reported(api, status):
    licence = licence_with_lines(status=status)
    assert api.get(url(licence.number)).json()["status"] == status


def test_active_licence_past_its_end_date_is_expired(api):
    today = timezone.localdate()
    licence = licence_with_lines(valid_from=today - timedelta(days=800), valid_until=today - timedelta(days=1))
    assert api.get(url(licence.number)).json()["status"] == "expired"


def test_unknown_licence_is_404(api):
    r = api.get(url("NL-NOPE-1"))
    assert r.status_code == 404
    assert "NL-NOPE-1" in r.json()["detail"]


def test_no_token_is_401_with_bearer_challenge(licence):
    r = APIClient().get(url(licence.number))
    assert r.status_code == 401
    assert r["WWW-Authenticate"] == "Bearer"


def test_wrong_token_is_401(licence):
    assert bearer("dls_not-a-real-token").get(url(licence.number)).status_code == 401


def test_malformed_authorization_header_is_401(licence):
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION="Bearer two parts")
    assert c.get(url(licence.number)).status_code == 401


def test_revoked_client_is_401(customs, api, licence):
    assert api.get(url(licence.number)).status_code == 200
    api_clients.revoke(customs[0])
    assert api.get(url(licence.number)).status_code == 401


def test_rotated_token_replaces_the_old_one(customs, api, licence):
    new = api_clients.rotate_token(customs[0])
    assert api.get(url(licence.number)).status_code == 401
    assert bearer(new).get(url(licence.number)).status_code == 200


def test_client_without_read_scope_is_403(licence):
    _, token = api_client("writer-only", "licences:use")
    assert bearer(token).get(url(licence.number)).status_code == 403


def test_signed_in_people_are_not_customs_clients(client, licence, django_user_model):
    officer = django_user_model.objects.create_user(email="o@dualis.example", password="x" * 12, role="officer")
    client.force_login(officer)
    assert client.get(url(licence.number)).status_code == 401


def test_exporter_system_sees_only_its_own_organisations_licences(licence):
    other = licence_with_lines()
    _, token = api_client("acme-erp", "licences:read", organisation=licence.holder)
    c = bearer(token)
    assert c.get(url(licence.number)).status_code == 200
    assert c.get(url(other.number)).status_code == 404


def test_client_rate_limit_gives_429(licence):
    _, token = api_client("slow-client", "licences:read", rate="2/minute")
    c = bearer(token)
    assert [c.get(url(licence.number)).status_code for _ in range(3)] == [200, 200, 429]
    assert "Retry-After" in c.get(url(licence.number))


def test_check_never_writes(api, licence):
    from licensing.models import IdempotencyKey, Usage

    api.get(url(licence.number))
    assert not Usage.objects.exists() and not IdempotencyKey.objects.exists()


def test_customs_answers_json_whatever_the_client_accepts(api, licence):
    for accept in ("text/html", "application/xml", "*/*", "application/json"):
        r = api.get(f"/api/v1/customs/licences/{licence.number}/", HTTP_ACCEPT=accept)
        assert r.status_code == 200 and r["Content-Type"] == "application/json", accept
        assert r.json()["number"] == licence.number
