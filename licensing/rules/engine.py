"""The rules engine: run the rule families over a Request and a Snapshot, then recommend.

Recommendation (CONTRACT.md):
- a prohibition by restrictive measures -> deny;
- a licence is required (listed export not covered by a general authorisation; intra-EU transfer of an
  Annex IV item; prior authorisation under restrictive measures; licence_requirement_notified, which
  per CONTRACT.md makes every item of the transaction a licence application, catch-all situation
  detected or not) -> deny if a refusal ground applies, otherwise ad_hoc_licence_required while a catch-all on
  another item is still to be notified, otherwise approve;
- a catch-all applies to a non-listed item, not yet notified -> ad_hoc_licence_required;
- every listed item covered by one general authorisation -> general_authorisation;
- otherwise -> no_licence_required (e.g. intra-EU transfer of items outside Annex IV).

Brokering (Art. 6), technical assistance (Art. 8) and transit (Art. 7) of listed items need an
authorisation only where the authority informs the person of a WMD use (Art. 4(1)(a)); an aware
applicant (declarations.wmd) gets ad_hoc_licence_required. National extensions under Art. 6(3), 7(3)
and 8(3) are not modelled. Restrictive measures are applied to them as to exports (they usually
also ban brokering and technical assistance); general authorisations never cover them.
"""

from __future__ import annotations

from datetime import date

from . import registry
from .context import Context, compiled
from .findings import AD_HOC, INFO, PROHIBITS, REFUSAL_GROUND, REQUIRES_LICENCE, Finding
from .snapshot import Snapshot
from .validation import Request, parse_request

# Most restrictive first; the property tests rely on this order.
RECOMMENDATIONS = ("deny", "ad_hoc_licence_required", "approve", "general_authorisation", "no_licence_required")


def _recommend(ctx: Context) -> tuple[str, str | None, list[bool]]:
    n = len(ctx.request.items)
    notified = ctx.request.licence_requirement_notified
    ga_code, covered = ctx.memo.get("ga_covered", (None, frozenset()))
    by_item: dict[int | None, set[str]] = {}
    needs: set[int | None] = set()  # items needing an authorisation that a GA does not replace
    for f in ctx.findings:
        by_item.setdefault(f.item, set()).add(f.effect)
        if f.effect == REQUIRES_LICENCE and not (f.rule == "annex_i_listed" and f.item in covered):
            needs.add(f.item)
    everywhere = by_item.get(None, set())
    required, pending = [], []
    for i in range(n):
        effects = by_item.get(i, set())
        base = i in needs
        adhoc = AD_HOC in effects
        required.append(PROHIBITS in effects or base or (adhoc and notified))
        pending.append(adhoc and not notified and not base)
    if PROHIBITS in everywhere or any(PROHIBITS in by_item.get(i, ()) for i in range(n)):
        return "deny", None, required
    if any(required):
        refusal = REFUSAL_GROUND in everywhere or any(
            REFUSAL_GROUND in by_item.get(i, ()) for i in range(n) if required[i])
        if refusal:
            return "deny", None, required
        return ("ad_hoc_licence_required" if any(pending) else "approve"), None, required
    if any(pending):
        return "ad_hoc_licence_required", None, required
    if covered:
        return "general_authorisation", ga_code, required
    return "no_licence_required", None, required


def _redact(f: Finding) -> Finding:
    if f.rule == "end_user_concern":
        return Finding("end_user_concern", f.item, f.legal_basis,
                       "The licensing authority holds information about the end user that it will take into account.",
                       "De vergunningverlenende autoriteit beschikt over informatie over de eindgebruiker die zij "
                       "zal meewegen.", f.effect, (), f.title)
    return Finding("authority_consultation", f.item, f.legal_basis,
                   "The licensing authority needs to carry out consultations before deciding.",
                   "De vergunningverlenende autoriteit moet overleg voeren voordat zij beslist.", f.effect, (),
                   "Consultation")


def _for_exporter(f: Finding) -> Finding:
    if f.officer_only:
        return _redact(f)
    if any(s.startswith("end-user-concern:") for s in f.sources):
        return Finding(f.rule, f.item, f.legal_basis, f.explanation, f.explanation_nl, f.effect,
                       tuple(s for s in f.sources if not s.startswith("end-user-concern:")), f.title)
    return f


RESULT_CACHE_SIZE = 4096


def _copy(result: dict) -> dict:
    """A fresh copy of a cached result (callers may mutate what they get)."""
    out = dict(result)
    out["items"] = [dict(i) for i in result["items"]]
    out["findings"] = [{**f, "sources": list(f["sources"])} for f in result["findings"]]
    return out


def evaluate(request: Request, snapshot: Snapshot, *, audience: str = "officer") -> dict:
    """The response of CONTRACT.md for a valid request. Pure: results are cached per snapshot.
    ``audience`` is "officer" (everything) or anything else, e.g. "exporter" (officer-only findings
    replaced by neutral ones, end-user-concern record references removed)."""
    cache = compiled(snapshot).results
    key = (request, audience, registry.generation)
    hit = cache.get(key)
    if hit is None:
        hit = _evaluate(request, snapshot, audience)
        if len(cache) >= RESULT_CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = hit
    return _copy(hit)


def _evaluate(request: Request, snapshot: Snapshot, audience: str) -> dict:
    ctx = Context.build(request, snapshot)
    registry.run(ctx)
    recommendation, ga, required = _recommend(ctx)
    findings = ctx.findings if audience == "officer" else [_for_exporter(f) for f in ctx.findings]
    findings = sorted(findings, key=Finding.sort_key)
    items = []
    for i in range(len(request.items)):
        facts = ctx.facts[i]
        items.append({
            "index": i,
            "control_entry": facts.code,
            "listed": facts.listed,
            "cyber_surveillance": ctx.cyber(i),
            "licence_required": required[i],
            "annex_iv": facts.annex_iv is not None,
            "section_i": facts.section_i is not None,
            "entry_title": facts.title,
        })
    return {
        "recommendation": recommendation,
        "general_authorisation": ga,
        "control_list_version": ctx.cv.version.version_id,
        "items": items,
        "findings": [f.as_dict() for f in findings],
    }


def evaluate_raw(data: object, snapshot: Snapshot, today: date, *, audience: str = "officer") -> tuple[int, dict]:
    """parse_request + evaluate: (200, response) or (400, errors)."""
    request, errors = parse_request(data, snapshot, today)
    if errors is not None:
        return 400, errors
    return 200, evaluate(request, snapshot, audience=audience)


__all__ = ["RECOMMENDATIONS", "evaluate", "evaluate_raw", "INFO"]
