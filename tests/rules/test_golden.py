"""Golden check: parse_request + evaluate give exactly the recorded JSON for every case file and a few
hundred generated variants, for both audiences, on the realistic and the factory snapshot.

The goldens in tests/rules/golden/ were generated from the engine before the performance work; a
deliberate change of behaviour regenerates them with

    .venv/bin/python -m tests.rules.test_golden --regenerate
"""

from __future__ import annotations

import gzip
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from licensing.rules import evaluate, parse_request

from .factories import snapshot as factory_snapshot
from .golden_requests import bodies
from .realistic import realistic_snapshot

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = date(2026, 11, 23)
CASES = sorted((ROOT / "tests" / "cases").glob("*.json")) + sorted((ROOT / "tests" / "cases_own").glob("*.json"))
SNAPSHOTS = {"realistic": realistic_snapshot, "factory": factory_snapshot}


def _requests(name: str) -> list[dict]:
    snap = SNAPSHOTS[name]()
    cases = [json.loads(p.read_text())["request"] for p in CASES]
    return cases + bodies(snap, 600 if name == "realistic" else 300, seed=7 if name == "realistic" else 11)


def _run(body, snap) -> dict:
    request, errors = parse_request(body, snap, TODAY)
    if errors is not None:
        return {"status": 400, "errors": errors}
    officer = evaluate(request, snap)
    exporter = evaluate(request, snap, audience="exporter")
    assert evaluate(request, snap) == officer  # a cache hit reads the same
    return {"status": 200, "officer": officer, "exporter": exporter}


def _outputs(name: str) -> list[dict]:
    snap = SNAPSHOTS[name]()
    # JSON round trip: tuples become lists, exactly as the goldens store them
    return [json.loads(json.dumps({"body": b, "out": _run(b, snap)})) for b in _requests(name)]


def _path(name: str) -> Path:
    return GOLDEN / f"{name}.json.gz"


@pytest.mark.parametrize("name", sorted(SNAPSHOTS))
def test_golden(name):
    expected = json.loads(gzip.decompress(_path(name).read_bytes()))
    actual = _outputs(name)
    assert len(actual) == len(expected)
    for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
        assert a["body"] == e["body"], i
        # compared as JSON text: key order, int/float and every character count
        assert json.dumps(a["out"], ensure_ascii=False) == json.dumps(e["out"], ensure_ascii=False), (i, e["body"])


def regenerate() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for name in SNAPSHOTS:
        blob = json.dumps(_outputs(name), ensure_ascii=False, indent=0).encode()
        _path(name).write_bytes(gzip.compress(blob, mtime=0))
        print(name, len(blob), "bytes")


if __name__ == "__main__" and "--regenerate" in sys.argv:
    from . import conftest  # noqa: F401  (configures Django as pytest does)

    regenerate()


@pytest.mark.parametrize("name", sorted(SNAPSHOTS))
def test_fast_parse_path_agrees_with_full_validation(name):
    """The fast path of parse_request builds exactly the full validation's Request, and takes every
    well-formed body."""
    from licensing.rules.validation import _fast_request, _parse_request

    snap = SNAPSHOTS[name]()
    for body in _requests(name):
        full, errors = _parse_request(body, snap, TODAY)
        fast = _fast_request(body, snap, TODAY)
        if errors is not None:
            assert fast is None, body
        else:
            assert fast is not None and fast == full and repr(fast) == repr(full), body
            assert all(vars(a) == vars(b) for a, b in zip(fast.items, full.items, strict=True))
            assert [type(v) for v in vars(fast).values()] == [type(getattr(full, k)) for k in vars(fast)]
