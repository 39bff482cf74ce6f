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


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
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


@settings(max_examples=200)
@given(request_st)
def test_evaluate_is_deterministic(req):
    assert evaluate(req, SNAP) == evaluate(req, snapshot())


@settings(max_examples=200)
@given(request_st, st.sampled_from(["dual_use_export_ban", "telecom_monitoring_ban", "arms_embargo_un"]))
def test_adding_a_prohibition_never_relaxes(req, kind):
    before = evaluate(req, SNAP)["recommendation"]
    stricter = replace(SNAP, measures=SNAP.measures + (measure(req.destination, kind),))
    after = evaluate(req, stricter)["recommendation"]
    assert rank(after) <= rank(before) or before not in ("approve", "general_authorisation", "no_licence_required")
    assert rank(after) <= rank(before)


@settings(max_examples=200)
@given(request_st)
def test_adding_an_end_user_concern_never_relaxes(req):
    before = evaluate(req, SNAP)["recommendation"]
    concern = EndUserConcern(req.end_user_name, (), req.destination, "listed", "test", record="end-user-concern:t")
    after = evaluate(req, replace(SNAP, end_user_concerns=SNAP.end_user_concerns + (concern,)))["recommendation"]
    assert rank(after) <= rank(before)
