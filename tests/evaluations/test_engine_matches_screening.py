"""The evaluation API matches names as screening does: every labelled variant of tests/humanrights/
variants.py that screening finds raises an end-user concern in an evaluation, and every different body
(another kind of body, a replaced distinctive word, common words only) raises none, neither as an
end-user concern nor as a denial."""

from __future__ import annotations

import json
from datetime import date

import pytest

from humanrights.models import Denial, DenialOrigin, EndUserConcern
from tests.humanrights.variants import REGISTER, VARIANTS

pytestmark = pytest.mark.django_db

COUNTRY = {key: country for key, _names, country in REGISTER}
FIRST_NAME = {key: names[0] for key, names, _country in REGISTER}


@pytest.fixture
def registers(reference_data):
    """Only the labelled register, as end-user concerns and as denials (by DE, of 5A002.a.2) in its
    country: the shipped registers would answer for names the labelled set does not know."""
    from licensing.rules import loader

    EndUserConcern.objects.all().delete()
    Denial.objects.all().delete()
    for key, names, country in REGISTER:
        EndUserConcern.objects.create(name=names[0], aliases=names[1:], country=country, basis=f"basis {key}",
                                      source="labelled set")
        Denial.objects.create(reference=f"DE-TEST-{key}", origin=DenialOrigin.RECEIVED, member_state="DE",
                              control_entries=["5A002.a.2"], end_user=names[0], consignee=names[1] if len(names) > 1
                              else "", destination=country, denied_on=date(2025, 3, 1),
                              review_due_on=date(2028, 3, 1))
    loader.invalidate()


def _evaluate(client, name: str, country: str, destination: str) -> dict:
    end_user = {"name": name, "type": "commercial", **({"country": country} if country else {})}
    body = {"as_of": "2026-11-23", "destination": destination, "end_user": end_user,
            "items": [{"description": "VPN gateway", "control_entry": "5A002.a.2", "cyber_surveillance": False,
                       "quantity": 1, "value_eur": 1000}]}
    r = client.post("/api/v1/evaluations/", data=json.dumps(body), content_type="application/json")
    assert r.status_code == 200, r.content
    return r.json()


def _found(body: dict, rule: str) -> list[str]:
    return [f["explanation"] for f in body["findings"] if f["rule"] == rule]


def test_another_body_raises_no_concern_and_the_registered_one_does(officer_client, registers):
    for name, country in (("Myanmar Economic Bank", "MM"), ("Shanghai Public Security Bureau", "CN")):
        body = _evaluate(officer_client, name, country, country)
        assert _found(body, "end_user_concern") == [] and _found(body, "denial_consultation") == [], name
    for name in ("XPCC Public Security Bureau", "Xinjiang Production & Construction Corps Public-Security Bureau"):
        body = _evaluate(officer_client, name, "CN", "CN")
        (concern,) = _found(body, "end_user_concern")
        assert "'Xinjiang Production and Construction Corps Public Security Bureau' (CN" in concern
        (denial,) = _found(body, "denial_consultation")
        assert "DE-TEST-xpcc" in denial


def test_every_labelled_variant_is_matched_by_the_engine_as_by_screening(officer_client, registers):
    wrong = []
    for query, country, expected in VARIANTS:
        destination = COUNTRY[expected] if expected else country
        body = _evaluate(officer_client, query, country, destination)
        concerns = _found(body, "end_user_concern")
        denials = _found(body, "denial_consultation")
        if expected is None:
            if concerns or denials:
                wrong.append((query, concerns, denials))
            continue
        if not any(f"'{FIRST_NAME[expected]}' ({COUNTRY[expected]}" in c for c in concerns):
            wrong.append((query, "no concern", concerns))
        if not any(f"DE-TEST-{expected}" in d for d in denials):
            wrong.append((query, "no denial", denials))
    assert wrong == []


def test_the_country_is_a_signal_for_denials_as_in_screening(officer_client, registers):
    """'Concern Almaz-Antey JSC' scores 80 to 85 against 'Joint-Stock Company Concern Almaz-Antey': a
    match in Russia (+5), not for an end user elsewhere (-15)."""
    assert _found(_evaluate(officer_client, "Concern Almaz-Antey JSC", "RU", "RU"), "denial_consultation")
    assert not _found(_evaluate(officer_client, "Concern Almaz-Antey JSC", "KZ", "RU"), "denial_consultation")
    Denial.objects.filter(reference="DE-TEST-almaz").update(end_user_country="KZ")
    from licensing.rules import loader

    loader.invalidate()
    assert _found(_evaluate(officer_client, "Concern Almaz-Antey JSC", "KZ", "RU"), "denial_consultation")
    assert not _found(_evaluate(officer_client, "Concern Almaz-Antey JSC", "RU", "RU"), "denial_consultation")


def test_a_unit_of_a_denied_organisation_is_that_organisation(officer_client, registers):
    body = _evaluate(officer_client, "Commercial Bank of Syria, Latakia branch", "SY", "SY")
    assert any("DE-TEST-cbs" in d for d in _found(body, "denial_consultation"))
    assert _found(_evaluate(officer_client, "Commercial Bank", "SY", "SY"), "denial_consultation") == []
