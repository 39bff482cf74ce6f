"""Every consignee and intermediate consignee of a transaction is screened: `consignees` reach the
end-user concerns and denials (Art. 2(22): an essentially identical transaction has the same end user
or consignee) as `consignee` does; `intermediate_consignees` reach the end-user concerns. Both are
optional and change nothing when absent; an application's parties are sent by the workflow."""

from __future__ import annotations

from datetime import date

import pytest

from licensing.rules import evaluate, parse_request
from licensing.rules.validation import PARTIES_MAX, _fast_request, _parse_request

from .factories import snapshot

TODAY = date(2026, 11, 23)
SNAP = snapshot()
XPCC = "XPCC Public Security Bureau"


def body(**extra) -> dict:
    out = {"as_of": "2026-01-01", "destination": "CN",
           "end_user": {"name": "Shenzhen Example Optics", "type": "commercial"},
           "items": [{"description": "Camera", "control_entry": None, "cyber_surveillance": False}]}
    out.update(extra)
    return out


def run(data: dict, audience: str = "officer") -> dict:
    request, errors = parse_request(data, SNAP, TODAY)
    assert errors is None, errors
    return evaluate(request, SNAP, audience=audience)


def rules(response: dict) -> list[str]:
    return [f["rule"] for f in response["findings"]]


def test_party_lists_are_read_as_names_on_both_parse_paths():
    data = body(consignees=["  Acme Freight ", {"name": XPCC}, "", {"name": None}],
                intermediate_consignees=[{"name": "Dubai Transit FZE", "country": "AE"}])
    full, errors = _parse_request(data, SNAP, TODAY)
    assert errors is None
    assert full.consignees == ("Acme Freight", XPCC) and full.intermediate_consignees == ("Dubai Transit FZE",)
    assert _fast_request(data, SNAP, TODAY) == full
    assert parse_request(body(), SNAP, TODAY)[0].consignees == ()


@pytest.mark.parametrize("value, expected", [
    ("Acme", ["Expected a list of names or of JSON objects with a name."]),
    (["Acme", 3, {"name": 5}, {"name": "x" * 301}],
     [{}, ["Expected a JSON object with a name."], {"name": ["Must be a string."]},
      {"name": ["Ensure this field has no more than 300 characters."]}]),
    (["Acme"] * (PARTIES_MAX + 1), [f"Ensure this list has no more than {PARTIES_MAX} items."]),
])
@pytest.mark.parametrize("field", ["consignees", "intermediate_consignees"])
def test_bad_party_lists_are_named_with_the_reason(field, value, expected):
    request, errors = parse_request(body(**{field: value}), SNAP, TODAY)
    assert request is None and errors == {field: expected}


def test_a_consignee_in_the_list_matches_a_registered_end_user_concern():
    assert "end_user_concern" not in rules(run(body()))
    found = run(body(consignees=["Acme Freight", XPCC]))
    assert "end_user_concern" in rules(found)
    # it weighs as the consignee field does (the Article 5 catch-all for a cyber-surveillance item)
    cyber = {"items": [{"description": "Camera", "control_entry": None, "cyber_surveillance": True}]}
    assert run(body(consignees=[XPCC], **cyber))["findings"] == run(body(consignee=XPCC, **cyber))["findings"]
    assert "catch_all_cyber_surveillance" in rules(run(body(consignees=[XPCC], **cyber)))


def test_a_match_names_the_party_that_matched():
    def explanations(data):
        return [(f["explanation"], f["explanation_nl"]) for f in run(data)["findings"] if f["rule"] == "end_user_concern"]

    [(en, nl)] = explanations(body(consignee={"name": XPCC}))
    assert en.startswith(f"The consignee '{XPCC}' matches") and nl.startswith(f"De geadresseerde '{XPCC}' komt")
    [(en, _)] = explanations(body(consignees=["Acme Freight", XPCC]))
    assert en.startswith(f"The consignee '{XPCC}' matches")
    [(en, _)] = explanations(body(end_user={"name": XPCC, "type": "commercial"}, consignee=XPCC))
    assert en.startswith(f"The end user '{XPCC}' matches")


def test_a_consignee_in_the_list_makes_an_essentially_identical_transaction():
    denied = {"destination": "AE", "end_user": {"name": "Gulf Networks", "type": "commercial"},
              "items": [{"description": "Monitoring centre", "control_entry": "5A001.j"}]}
    assert "denial_consultation" not in rules(run(body(**denied)))
    assert "denial_consultation" not in rules(run(body(consignees=["Someone Else Trading"], **denied)))
    found = run(body(consignees=["Someone Else Trading", "Example Telecom Authority LLC"], **denied))
    assert "denial_consultation" in rules(found) and "own_denial" in rules(found)


def test_an_intermediate_consignee_matching_a_concern_is_reported_as_such():
    assert "end_user_concern" not in rules(run(body(intermediate_consignees=["Dubai Transit FZE"])))
    found = run(body(intermediate_consignees=["Dubai Transit FZE", XPCC]))
    concern = [f for f in found["findings"] if f["rule"] == "end_user_concern"]
    assert len(concern) == 1 and concern[0]["officer_only"]
    assert concern[0]["explanation"].startswith(f"The intermediate consignee '{XPCC}' matches the registered")
    assert "criterium 7" in concern[0]["explanation_nl"]
    # no Article 5 or criterion 2 reasoning about the end user from an intermediary
    assert set(rules(found)) - {"end_user_concern"} == set(rules(run(body())))
    exporter = run(body(intermediate_consignees=[XPCC]), audience="exporter")
    assert [f["explanation"] for f in exporter["findings"] if f["rule"] == "end_user_concern"] == [
        "The licensing authority holds information about the end user that it will take into account."]
    # matched once only, when the end user is that body as well
    both = run(body(end_user={"name": XPCC, "type": "commercial"}, intermediate_consignees=[XPCC]))
    assert rules(both).count("end_user_concern") == 1


@pytest.mark.django_db
def test_an_applications_consignees_and_intermediate_consignees_are_screened(exporter):
    from licensing.models import PartyRole
    from licensing.services.evaluation import evaluate_application
    from tests.factories import ApplicationFactory, ItemFactory, PartyFactory

    def case(*parties):
        app = ApplicationFactory(organisation=exporter.organisation, created_by=exporter, destination="CN")
        ItemFactory(application=app, position=0, control_entry="", description="Camera")
        PartyFactory(application=app, name="Shenzhen Example Optics", country="CN", type="commercial")
        for role, name in parties:
            PartyFactory(application=app, role=role, name=name, country="CN", type="commercial")
        return [f["explanation"] for f in evaluate_application(app, trigger="submission").response["findings"]
                if f["rule"] == "end_user_concern"]

    registered = "Xinjiang Production and Construction Corps Public Security Bureau"
    assert case((PartyRole.CONSIGNEE, "Acme Freight")) == []
    assert len(case((PartyRole.CONSIGNEE, "Acme Freight"), (PartyRole.CONSIGNEE, registered))) == 1
    assert case((PartyRole.INTERMEDIATE_CONSIGNEE, "Acme Freight")) == []
    found = case((PartyRole.INTERMEDIATE_CONSIGNEE, registered))
    assert len(found) == 1 and found[0].startswith("The intermediate consignee")


@pytest.mark.django_db
def test_the_bulk_re_evaluation_sends_the_same_parties(exporter):
    from django.utils import timezone

    from licensing.models import Application, PartyRole
    from licensing.reevaluation.requests import application_rows
    from licensing.services.evaluation import application_request
    from tests.factories import ApplicationFactory, ItemFactory, PartyFactory

    app = ApplicationFactory(organisation=exporter.organisation, created_by=exporter, destination="CN")
    ItemFactory(application=app, position=0)
    PartyFactory(application=app, name="Shenzhen Example Optics", country="CN")
    for role, name in ((PartyRole.CONSIGNEE, "Acme Freight"), (PartyRole.INTERMEDIATE_CONSIGNEE, "Dubai Transit FZE"),
                       (PartyRole.INTERMEDIATE_CONSIGNEE, "Hong Kong Forwarding")):
        PartyFactory(application=app, role=role, name=name, country="AE")
    day = timezone.localdate()
    fresh = Application.objects.select_related("organisation").get(pk=app.pk)
    body = application_request(fresh, as_of=day)
    assert body["intermediate_consignees"] == ["Dubai Transit FZE", "Hong Kong Forwarding"]
    assert application_rows(Application.objects.filter(pk=app.pk), day)[0].body == body
