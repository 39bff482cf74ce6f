"""parse_request: defaults, normalisation and DRF-shaped errors."""

from datetime import date

import pytest

from licensing.rules import parse_request

from .factories import snapshot

TODAY = date(2026, 11, 23)


def body(**kw):
    base = {"destination": "US", "items": [{"description": "router", "control_entry": "5a002.A.2."}]}
    base.update(kw)
    return base


def parse(data):
    return parse_request(data, snapshot(), TODAY)


def test_defaults_and_normalisation():
    req, errors = parse(body())
    assert errors is None
    assert req.as_of == TODAY and req.export_type == "export" and req.exporter_member_state == "NL"
    assert req.items[0].control_entry == "5A002.a.2" and req.version_id == "V2025"
    assert not (req.wmd or req.military_end_use or req.internal_repression or req.licence_requirement_notified)
    assert req.end_user_type == "unknown" and req.end_user_country == "US"


@pytest.mark.parametrize("data", [None, [], "x", 3, True])
def test_non_object_body(data):
    req, errors = parse(data)
    assert req is None and "non_field_errors" in errors


def test_unknown_code_gets_suggestions():
    _, errors = parse(body(items=[{"control_entry": "5A999"}]))
    msg = errors["items"][0]["control_entry"][0]
    assert "'5A999' is not an Annex I entry in version V2025" in msg and "nearest" in msg


def test_code_not_in_older_version():
    _, errors = parse(body(as_of="2023-01-01", items=[{"control_entry": "2B001.a"}]))
    assert "V2021" in errors["items"][0]["control_entry"][0]


def test_malformed_code():
    _, errors = parse(body(items=[{"control_entry": "hello"}, {"control_entry": None}]))
    assert errors["items"][0]["control_entry"] and errors["items"][1] == {}


@pytest.mark.parametrize("field,value", [
    ("as_of", "2026-13-01"), ("as_of", "23-11-2026"), ("as_of", 20261123), ("as_of", "2020-01-01"),
    ("export_type", "smuggling"), ("destination", "UK"), ("destination", "ZZ"), ("destination", None),
    ("destination", "DE"), ("items", []), ("items", {}), ("licence_requirement_notified", "yes"),
    ("declarations", [1]),
])
def test_field_errors(field, value):
    _, errors = parse(body(**{field: value}))
    assert field in errors


def test_uk_suggests_gb():
    _, errors = parse(body(destination="UK"))
    assert "GB" in errors["destination"][0]


def test_nested_errors():
    _, errors = parse(body(end_user={"type": "spy"}, exporter={"member_state": "US", "has_icp": 1},
                           declarations={"wmd": "no"},
                           items=[{"quantity": -1, "value_eur": "10", "cyber_surveillance": "y"}]))
    assert "type" in errors["end_user"]
    assert set(errors["exporter"]) == {"member_state", "has_icp"}
    assert "wmd" in errors["declarations"]
    assert set(errors["items"][0]) == {"quantity", "value_eur", "cyber_surveillance"}


def test_intra_eu_transfer_must_stay_in_the_eu():
    _, errors = parse(body(export_type="intra_eu_transfer"))
    assert "destination" in errors
    req, errors = parse(body(export_type="intra_eu_transfer", destination="de"))
    assert errors is None and req.destination == "DE"


def test_messages_are_translatable(settings=None):
    from django.utils import translation

    with translation.override("nl"):
        _, errors = parse(body(items=[]))
    assert errors["items"]


def test_limits_and_consignee():
    _, errors = parse(body(end_user={"name": "x" * 301}, consignee={"name": 5},
                           items=[{"control_entry": None}] * 201))
    assert "name" in errors["end_user"] and "name" in errors["consignee"] and "items" in errors
    req, errors = parse(body(consignee="Example Freight Forwarder"))
    assert errors is None and req.consignee_name == "Example Freight Forwarder"


@pytest.mark.parametrize("extra, expected", [
    ({}, ("", False, False)),
    ({"purpose": None, "free_zone": None, "declarations": {"unlicensed_military_parts": None}}, ("", False, False)),
    ({"purpose": ""}, ("", False, False)),
    ({"purpose": "exhibition", "free_zone": True, "declarations": {"unlicensed_military_parts": True}},
     ("exhibition", True, True)),
    ({"purpose": "repair"}, ("repair", False, False)),
])
def test_purpose_free_zone_and_military_parts_are_optional(extra, expected):
    """Both paths (fast and full) read the optional fields alike."""
    from licensing.rules.validation import _parse_request

    req, errors = parse(body(**extra))
    assert errors is None
    assert (req.purpose, req.free_zone, req.unlicensed_military_parts) == expected
    full, _ = _parse_request(body(**extra), snapshot(), TODAY)
    assert full == req


@pytest.mark.parametrize("extra, field", [
    ({"purpose": "holiday"}, "purpose"),
    ({"purpose": 1}, "purpose"),
    ({"purpose": False}, "purpose"),
    ({"free_zone": "yes"}, "free_zone"),
    ({"declarations": {"unlicensed_military_parts": "no"}}, "declarations"),
])
def test_bad_optional_fields_are_named(extra, field):
    req, errors = parse(body(**extra))
    assert req is None and field in errors
