"""Every case file (tests/cases and tests/cases_own) through parse_request + evaluate."""

import json
from datetime import date
from pathlib import Path

import pytest

from licensing.rules import evaluate, parse_request

from .realistic import realistic_snapshot

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "tests" / "cases").glob("*.json")) + sorted((ROOT / "tests" / "cases_own").glob("*.json"))
TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path):
    case = json.loads(path.read_text())
    assert case.get("source"), "every case names a real source"
    request, errors = parse_request(case["request"], realistic_snapshot(), TODAY)
    expect = case["expect"]
    if "error_fields" in expect:
        assert errors is not None, "expected a 400"
        for field in expect["error_fields"]:
            assert field in errors, errors
        return
    assert errors is None, errors
    result = evaluate(request, realistic_snapshot())
    rules = {f["rule"] for f in result["findings"]}
    assert result["recommendation"] in expect["recommendation"], (result["recommendation"], rules)
    for rule in expect.get("rules", []):
        assert rule in rules, (rule, rules)
    for rule in expect.get("rules_absent", []):
        assert rule not in rules, (rule, rules)
    if "general_authorisation" in expect:
        assert result["general_authorisation"] == expect["general_authorisation"]
