"""The rules engine: run the rule families over a Request and a Snapshot, then recommend.

Recommendation (CONTRACT.md):
- a prohibition by restrictive measures -> deny;
- a licence is required (listed export not covered by a general authorisation; intra-EU transfer of an
  Annex IV item; prior authorisation under restrictive measures; licence_requirement_notified, which
  per CONTRACT.md makes every item of the transaction a licence application, catch-all situation
  detected or not) -> deny if a refusal ground applies, otherwise ad_hoc_licence_required while a catch-all on
  another item is still to be notified, otherwise approve;
- a catch-all applies to a non-listed item, not yet notified -> ad_hoc_licence_required;
- every listed item covered by a general authorisation (one, or several for different items: the response
  names the one covering most) -> general_authorisation;
- otherwise -> no_licence_required (e.g. intra-EU transfer of items outside Annex IV).

Brokering (Art. 6(1)) and technical assistance (Art. 8(1)) related to listed items need an authorisation
where the person is informed of any use referred to in Article 4(1) (WMD, military end use in an embargoed
country, parts of illegally exported military items); an aware applicant (the declarations) gets
ad_hoc_licence_required. Transit of listed items may be prohibited for those uses (Art. 7(1)). Technical
assistance within or into an EU001 country or to a resident of a Member State is outside Article 8
(Art. 8(7)(a)). National extensions under Art. 6(3), 7(3), 8(3) and 9 are not modelled. Restrictive measures
are applied to services as to exports (they usually also ban brokering and technical assistance); general
authorisations never cover them.
"""

from __future__ import annotations

from datetime import date
from operator import itemgetter

from . import registry
from .context import Context, compiled
from .findings import AD_HOC, INFO, PROHIBITS, REFUSAL_GROUND, REQUIRES_LICENCE, Finding
from .snapshot import Snapshot
from .validation import Request, parse_request

# Most restrictive first; the property tests rely on this order.
RECOMMENDATIONS = ("deny", "ad_hoc_licence_required", "approve", "general_authorisation", "no_licence_required")


_BITS = {PROHIBITS: 1, REFUSAL_GROUND: 2, AD_HOC: 4}
_NOTHING_COVERED = (None, frozenset())


def _recommend(ctx: Context) -> tuple[str, str | None, list[bool]]:
    request = ctx.request
    n = len(request.items)
    notified = request.licence_requirement_notified
    ga_code, covered = ctx.memo.get("ga_covered", _NOTHING_COVERED)
    bits = _BITS
    by_item: dict[int | None, int] = {}  # item -> bit set of the effects above
    needs: set[int | None] = set()  # items needing an authorisation that a GA does not replace
    for f in ctx.findings:
        effect = f.effect
        item = f.item
        by_item[item] = by_item.get(item, 0) | bits.get(effect, 0)
        if effect == REQUIRES_LICENCE and not (f.rule == "annex_i_listed" and item in covered):
            needs.add(item)
    everywhere = by_item.get(None, 0)
    per_item = [by_item.get(i, 0) for i in range(n)]
    required, pending = [], []
    for i in range(n):
        effects = per_item[i]
        base = i in needs
        adhoc = (effects & 4) != 0
        required.append((effects & 1) != 0 or base or (adhoc and notified))
        pending.append(adhoc and not notified and not base)
    if everywhere & 1 or any(e & 1 for e in per_item):
        return "deny", None, required
    if any(required):
        if everywhere & 2 or any(per_item[i] & 2 for i in range(n) if required[i]):
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

# Response parts as template dicts, built once per distinct finding / item row and copied into each
# response (callers may mutate what they get, never the templates).
# Findings the families keep (memoised per destination state or list version) are the same objects
# request after request, so their dict and sort key are kept by identity (the entry holds the
# finding, so its id is not reused while the entry lives).
_FINDING_DICTS: dict[int, tuple[Finding, tuple, dict]] = {}
TEMPLATE_CACHE_SIZE = 65536


def _finding_entry(f: Finding) -> tuple[Finding, tuple, dict]:
    hit = _FINDING_DICTS.get(id(f))
    if hit is None or hit[0] is not f:
        if len(_FINDING_DICTS) >= TEMPLATE_CACHE_SIZE:
            _FINDING_DICTS.clear()
        hit = _FINDING_DICTS[id(f)] = (f, f.sort_key(), f.as_dict())
    return hit


def _render(result: tuple) -> dict:
    """A fresh response from a cached (recommendation, GA, version, item rows, finding dicts)."""
    recommendation, ga, version, items, findings = result
    out = []
    for f in findings:
        f = f.copy()
        f["sources"] = f["sources"][:]  # a list in every template
        out.append(f)
    return {
        "recommendation": recommendation,
        "general_authorisation": ga,
        "control_list_version": version,
        "items": [i.copy() for i in items],
        "findings": out,
    }


def evaluate(request: Request, snapshot: Snapshot, *, audience: str = "officer") -> dict:
    """The response of CONTRACT.md for a valid request. Pure: results are cached per snapshot.
    ``audience`` is "officer" (everything) or anything else, e.g. "exporter" (officer-only findings
    replaced by neutral ones, end-user-concern record references removed)."""
    comp = compiled(snapshot)
    cache = comp.results
    # keyed by the request's hash (a request hashes its fields and items: once, not on get and set),
    # the entry holding the request itself
    key = (hash(request), audience, registry.generation)
    entry = cache.get(key)
    if entry is not None and (entry[0] is request or entry[0] == request):
        return _render(entry[1])
    hit = _evaluate(request, snapshot, audience, comp)
    if len(cache) >= RESULT_CACHE_SIZE and key not in cache:
        cache.pop(next(iter(cache)))
    cache[key] = (request, hit)
    return _render(hit)


def _item_dict(cv, i: int, facts, cyber: bool, required: bool) -> dict:
    key = ("item", i, facts.code, cyber, required)  # facts are a function of the code in a version
    hit = cv.memo.get(key)
    if hit is None:
        hit = cv.remember(key, {
            "index": i,
            "control_entry": facts.code,
            "listed": facts.listed,
            "cyber_surveillance": cyber,
            "licence_required": required,
            "annex_iv": facts.annex_iv is not None,
            "section_i": facts.section_i is not None,
            "entry_title": facts.title,
        })
    return hit


_by_sort_key = itemgetter(1)


def _evaluate(request: Request, snapshot: Snapshot, audience: str, comp=None) -> tuple:
    ctx = Context.build(request, snapshot, comp)
    registry.run(ctx)
    # What follows is a function of the findings, the GA coverage, the notification and the items'
    # codes and cyber flags (in this list version): requests with the same findings share it.
    notified = ctx.request.licence_requirement_notified
    key = None
    if ctx.plain and type(notified) is bool:
        key = ("response", audience, tuple(ctx.findings), ctx.memo.get("ga_covered"), notified, ctx.codes,
               ctx.cyber_flags)
        try:
            hit = ctx.cv.memo.get(key)
        except TypeError:  # an unhashable value in a finding of another family
            key = hit = None
        if hit is not None:
            return hit
    hit = _respond(ctx, audience)
    if key is not None:
        ctx.cv.remember(key, hit)
    return hit


def _respond(ctx: Context, audience: str) -> tuple:
    recommendation, ga, required = _recommend(ctx)
    findings = ctx.findings if audience == "officer" else [_for_exporter(f) for f in ctx.findings]
    known = _FINDING_DICTS
    entries = []
    for f in findings:
        e = known.get(id(f))
        entries.append(e if e is not None and e[0] is f else _finding_entry(f))
    if len(entries) > 1:
        entries.sort(key=_by_sort_key)  # stable, as sorted(findings, key=Finding.sort_key) was
    facts, cyber, cv = ctx.facts, ctx.cyber_flags, ctx.cv
    return (recommendation, ga, cv.version.version_id,
            tuple([_item_dict(cv, i, facts[i], cyber[i], required[i]) for i in range(len(facts))]),
            tuple([e[2] for e in entries]))


def evaluate_raw(data: object, snapshot: Snapshot, today: date, *, audience: str = "officer") -> tuple[int, dict]:
    """parse_request + evaluate: (200, response) or (400, errors)."""
    request, errors = parse_request(data, snapshot, today)
    if errors is not None:
        return 400, errors
    return 200, evaluate(request, snapshot, audience=audience)


__all__ = ["RECOMMENDATIONS", "evaluate", "evaluate_raw", "INFO"]
