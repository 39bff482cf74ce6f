"""A national rule is one module registering a family; this shows the shape with an Art. 9 example."""

from licensing.rules import evaluate, registry
from licensing.rules.findings import REQUIRES_LICENCE, Finding

from .factories import item, request, snapshot

NATIONAL_LIST = ("3B001",)  # e.g. a national list of advanced semiconductor manufacturing equipment


def national_semiconductor_measure(ctx):
    out = []
    for i, it, facts in ctx.items():
        if facts.code is None and "lithography" in it.description and ctx.request.destination != "NL":
            out.append(Finding("national_control", i, "Regulation (EU) 2021/821, Article 9(1); national regulation",
                               "A national licence requirement applies.", "Een nationale vergunningplicht geldt.",
                               REQUIRES_LICENCE, ("national-list:NL",)))
    return out


def test_registering_a_national_rule():
    req = request(item(None, description="lithography tool"), destination="US")
    assert evaluate(req, snapshot())["recommendation"] == "no_licence_required"
    registry.load_families()
    registry.rule(order=85, name="national_nl")(national_semiconductor_measure)
    try:
        result = evaluate(req, snapshot())
        assert result["recommendation"] == "approve"
        assert "national_control" in {f["rule"] for f in result["findings"]}
    finally:
        registry.unregister("national_nl")
    assert evaluate(req, snapshot())["recommendation"] == "no_licence_required"


def test_families_run_in_order():
    orders = [r.order for r in registry.registered()]
    assert orders == sorted(orders) and len(orders) >= 8
