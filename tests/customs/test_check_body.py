"""The licence check's one-query path gives byte for byte what LicenceCheckSerializer gives, and is never stale."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from licensing.customs import selectors
from licensing.customs.serializers import LicenceCheckSerializer
from licensing.models import LicenceStatus
from licensing.services import customs as service
from licensing.services import licences
from tests.factories import LicenceFactory, LicenceLineFactory, OrganisationFactory

from .factories import api_client, licence_with_lines

pytestmark = pytest.mark.django_db


def url(number):
    return f"/api/v1/customs/licences/{number}/"


def rendered(data) -> bytes:
    return JSONRenderer().render(data)


def serializer_bytes(client, number) -> bytes:
    return rendered(LicenceCheckSerializer(service.find_licence(client, number)).data)


def varied_licences():
    today = timezone.localdate()
    odd = licence_with_lines(("12.345", "99999999.99"), ("0.001", "0.01"), ("1", "0"))
    odd.lines.filter(line=1).update(used_quantity=Decimal("12.345"), used_value_eur=Decimal("12.30"))
    odd.lines.filter(line=2).update(used_quantity=Decimal("0.001"))
    no_eori = licence_with_lines(holder=OrganisationFactory(eori_number=None), destinations=["JP", "US", "KR"],
                                 end_users=[], licence_type="global")
    no_lines = LicenceFactory(destinations=[], end_users=["Ünïcødé “end user”", "second"])
    unordered = LicenceFactory()
    for n in (3, 1, 2):
        LicenceLineFactory(licence=unordered, line=n, description=f"line {n}\nwith a newline", control_entry="")
    return [
        odd, no_eori, no_lines, unordered,
        licence_with_lines(status=LicenceStatus.SUSPENDED),
        licence_with_lines(status=LicenceStatus.REVOKED),
        licence_with_lines(status=LicenceStatus.EXPIRED),
        licence_with_lines(valid_from=today - timedelta(days=800), valid_until=today - timedelta(days=1)),
        licence_with_lines(valid_from=today + timedelta(days=1), valid_until=today + timedelta(days=9)),
        licence_with_lines(valid_from=today - timedelta(days=9), valid_until=today),
    ]


def test_body_is_byte_for_byte_the_serializers():
    client, _ = api_client()
    today = timezone.localdate()
    for licence in varied_licences():
        rows = selectors.check_rows(client, licence.number)
        assert rendered(selectors.check_body(rows, today)) == serializer_bytes(client, licence.number), licence


def test_response_is_byte_for_byte_the_serializers(api, customs):
    for licence in varied_licences():
        r = api.get(url(licence.number))
        assert r.status_code == 200
        assert r.content == serializer_bytes(customs[0], licence.number)


def test_compiled_sql_reads_exactly_what_the_orm_reads():
    holder_licence = licence_with_lines((5, 500), (7, 700))
    customs_client, _ = api_client()
    own_system, _ = api_client("erp", "licences:read", organisation=holder_licence.holder)
    for client in (customs_client, own_system):
        for number in (holder_licence.number, licence_with_lines().number, "NL-NOPE-1"):
            orm = [selectors.Row._make(r) for r in selectors.check_queryset(client, number)]
            assert selectors.check_rows(client, number) == orm


def test_a_check_costs_one_query_and_a_repeated_one_none(api, licence):
    from licensing.customs import check_cache

    api.get(url(licence.number))  # the client is remembered from now on
    check_cache._entries.clear()
    with CaptureQueriesContext(connection) as queries:
        first = api.get(url(licence.number))
    assert first.status_code == 200 and len(queries) == 1, [q["sql"] for q in queries]
    with CaptureQueriesContext(connection) as queries:
        again = api.get(url(licence.number))
    assert len(queries) == 0, [q["sql"] for q in queries]
    assert again.content == first.content


def balances(api, licence):
    return [(ln["used_quantity"], ln["remaining_quantity"]) for ln in api.get(url(licence.number)).json()["lines"]]


def test_the_next_check_shows_each_write_off_and_reversal(api, customs, licence):
    assert balances(api, licence) == [("0.000", "100.000"), ("0.000", "10.000")]
    r = api.post(url(licence.number) + "usages/", {"declaration_reference": "X", "lines": [
        {"line": 2, "quantity": "2.5", "value_eur": "10"}]}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert r.status_code == 201
    assert balances(api, licence) == [("0.000", "100.000"), ("2.500", "7.500")]
    assert api.post(f"/api/v1/customs/usages/{r.json()['id']}/reverse/").status_code == 200
    assert balances(api, licence) == [("0.000", "100.000"), ("0.000", "10.000")]


def test_the_next_check_shows_suspension_reinstatement_revocation_and_amendment(api, licence, django_user_model):
    officer = django_user_model.objects.create_user(email="o@dualis.example", password="x" * 12, role="officer")

    def seen():
        body = api.get(url(licence.number)).json()
        return body["status"], body["valid_until"]

    until = licence.valid_until.isoformat()
    assert seen() == ("active", until)
    licences.change_status(licence, "suspend", officer, reason="Investigation")
    assert seen() == ("suspended", until)
    licences.change_status(licence, "reinstate", officer, reason="Cleared")
    assert seen() == ("active", until)
    shorter = timezone.localdate() + timedelta(days=10)
    licences.amend(licence, officer, valid_until=shorter, reason="Shorter")
    assert seen() == ("active", shorter.isoformat())
    licences.change_status(licence, "revoke", officer, reason="End-use concern")
    assert seen() == ("revoked", shorter.isoformat())


def test_expired_is_worked_out_from_todays_date_on_each_check(api, licence, monkeypatch):
    assert api.get(url(licence.number)).json()["status"] == "active"
    later = licence.valid_until + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    assert api.get(url(licence.number)).json()["status"] == "expired"


def test_json_lists_are_decoded_as_the_orm_decodes_them():
    client, _ = api_client()
    licence = licence_with_lines(destinations=["JP"], end_users=['He said "hi"', "ß"])
    body = selectors.check_body(selectors.check_rows(client, licence.number), timezone.localdate())
    assert (body["destinations"], body["end_users"]) == (["JP"], ['He said "hi"', "ß"])
    assert json.loads(rendered(body))["end_users"] == ['He said "hi"', "ß"]
