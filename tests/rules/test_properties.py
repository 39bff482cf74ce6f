"""Property tests: parse_request never raises; evaluate is deterministic and monotone in restrictions."""

from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licensing.rules import RECOMMENDATIONS, evaluate, parse_request
from licensing.rules.snapshot import EndUserConcern

from .factories import CODES, item, measure, request, snapshot

TODAY = date(2026, 11, 23)
SNAP = snapshot()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
FIELDS = ["as_of", "export_type", "exporter", "destination", "end_user", "end_use", "items", "declarations",
          "licence_requirement_notified", "consignee"]
bodies = st.fixed_dictionaries({}, optional={k: json_values for k in FIELDS}) | json_values


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies)
def test_parse_request_never_raises(body):
    req, errors = parse_request(body, SNAP, TODAY)
    assert (req is None) != (errors is None)
    if req is not None:
        evaluate(req, SNAP)


item_st = st.builds(item, st.sampled_from(sorted(CODES) + [None]), st.booleans())
request_st = st.builds(
    lambda items, dest, kind, flags, notified: request(
        *items, destination=dest, end_user_type=kind, wmd=flags[0], military_end_use=flags[1],
        internal_repression=flags[2], licence_requirement_notified=notified, end_user_name="XPCC PSB"
        if flags[3] else "Example Corp"),
    st.lists(item_st, min_size=1, max_size=3),
    st.sampled_from(["US", "CN", "RU", "IR", "MM", "SY", "KR", "SG", "IN", "LB", "AE", "PK"]),
    st.sampled_from(["government", "police_security", "intelligence", "military", "commercial", "unknown"]),
    st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans()),
    st.booleans(),
)


def rank(rec: str) -> int:
    return RECOMMENDATIONS.index(rec)  # lower = more restrictive


@settings(max_examples=200, deadline=None)
@given(request_st)
def test_evaluate_is_deterministic(req):
    assert evaluate(req, SNAP) == evaluate(req, snapshot())


@settings(max_examples=200, deadline=None)
@given(request_st, st.sampled_from(["dual_use_export_ban", "telecom_monitoring_ban", "arms_embargo_un",
                                   "internal_repression_equipment_ban", "political_declaration"]))
def test_adding_a_prohibition_never_relaxes(req, kind):
    before = evaluate(req, SNAP)["recommendation"]
    stricter = replace(SNAP, measures=SNAP.measures + (measure(req.destination, kind),))
    after = evaluate(req, stricter)["recommendation"]
    assert rank(after) <= rank(before) or before not in ("approve", "general_authorisation", "no_licence_required")
    assert rank(after) <= rank(before)


@settings(max_examples=200, deadline=None)
@given(request_st)
def test_adding_an_end_user_concern_never_relaxes(req):
    before = evaluate(req, SNAP)["recommendation"]
    concern = EndUserConcern(req.end_user_name, (), req.destination, "listed", "test", record="end-user-concern:t")
    after = evaluate(req, replace(SNAP, end_user_concerns=SNAP.end_user_concerns + (concern,)))["recommendation"]
    assert rank(after) <= rank(before)


REAL = None


def _real():
    global REAL
    if REAL is None:
        from .realistic import realistic_snapshot

        REAL = realistic_snapshot()
    return REAL


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_realistic_snapshot_any_code_any_destination(data):
    snap = _real()
    codes = sorted(snap.versions[-1].codes)
    body = {
        "destination": data.draw(st.sampled_from(["US", "CN", "RU", "IR", "MM", "SY", "KR", "SG", "IN", "LY", "AM",
                                                  "EG", "BY", "VE", "HT", "TR", "DE"])),
        "export_type": data.draw(st.sampled_from(["export", "brokering", "transit", "technical_assistance",
                                                  "intra_eu_transfer"])),
        "end_user": {"name": data.draw(st.sampled_from(["Example", "XPCC PSB", "Ministry of Public Security"])),
                     "type": data.draw(st.sampled_from(["government", "military", "commercial", "police_security"]))},
        "items": [{"control_entry": data.draw(st.sampled_from(codes + [None])),
                   "cyber_surveillance": data.draw(st.booleans())} for _ in range(data.draw(st.integers(1, 3)))],
        "declarations": {"wmd": data.draw(st.booleans()), "military_end_use": data.draw(st.booleans())},
        "licence_requirement_notified": data.draw(st.booleans()),
    }
    req, errors = parse_request(body, snap, TODAY)
    if errors:
        assert set(errors) <= {"destination"}  # an intra-EU/export mismatch only
        return
    officer = evaluate(req, snap)
    exporter = evaluate(req, snap, audience="exporter")
    assert officer["recommendation"] == exporter["recommendation"]
    assert not any(f["officer_only"] for f in exporter["findings"])
    assert all(not s.startswith("end-user-concern:") for f in exporter["findings"] for s in f["sources"])
    assert [i["licence_required"] for i in officer["items"]] == [i["licence_required"] for i in exporter["items"]]
    if officer["recommendation"] == "general_authorisation":
        assert officer["general_authorisation"] and "general_authorisation" in {f["rule"] for f in officer["findings"]}
