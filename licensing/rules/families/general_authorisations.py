"""Union general export authorisations (Art. 12(1)(d), Annex II). Restrictive measures and catch-all
awareness come first; EU003 (repair) and EU004 (exhibition) need a purpose the request cannot state,
so they are never inferred. GAs never apply to intra-EU transfers, brokering, technical assistance
or transit."""

from __future__ import annotations

from controllists import codes

from ..context import ARMED_SECURITY_END_USERS
from ..findings import INFO, PERMITS, PROHIBITS, REG, Finding
from ..registry import rule
from ..snapshot import DUAL_USE_EXPORT_BAN

BASIS = f"{REG}, Article 12(1)(d); Annex II"


def in_scope(ga, code: str) -> bool:
    if ga.all_annex_i:
        return True
    if codes.product_group(code) in ga.product_groups:
        return True
    return codes.within_any(code, ga.items_included) is not None


def item_exclusion(ga, cyber: bool, facts) -> str | None:
    code = facts.code
    if ga.excludes_section_i and facts.section_i:
        part = "Annex IV" if facts.annex_iv else "Annex II, Section I"
        return f"{code} is listed in {part} ({facts.section_i}), which Section I of Annex II excludes"
    root = codes.within_any(code, ga.excluded_items)
    if root:
        return f"{code} falls under {root}, which {ga.code} excludes"
    if codes.product_group(code) in ga.excluded_product_groups:
        return f"{ga.code} excludes product group {codes.product_group(code)}"
    if ga.excludes_cyber_surveillance_items and cyber:
        return f"{ga.code} excludes cyber-surveillance items and software or technology related to them"
    return None


def _item_check(ctx, ga, i, facts) -> tuple[bool, str | None]:
    """(in scope, exclusion reason) of an item under a GA; cached per list version."""
    cyber = ctx.cyber(i)
    key = (ga.code, facts.code, cyber)
    hit = ctx.cv.ga_items.get(key)
    if hit is None:
        hit = ctx.cv.ga_items[key] = (in_scope(ga, facts.code), item_exclusion(ga, cyber, facts))
    return hit


def destination_fits(ga, ctx) -> bool:
    """``ga`` already lists the destination (CompiledVersion.gas_for); EU008 Part 2(c) excludes any
    other destination under an arms embargo or dual-use restrictive measures."""
    if ga.excludes_embargoed_destinations and (ctx.embargoes or ctx.measures_of(DUAL_USE_EXPORT_BAN)):
        return False
    return True


def blocking_condition(ga, ctx) -> str | None:
    r = ctx.request
    if any(f.effect == PROHIBITS for f in ctx.findings):
        return "the export is prohibited by restrictive measures, which prevail over general authorisations"
    if r.wmd:
        return "the exporter is aware of an intended use referred to in Article 4(1)(a)"
    if ctx.military and ctx.embargoes:
        return "the items are intended for a military end use in a country subject to an arms embargo (Article 4(1)(b))"
    if r.licence_requirement_notified:
        return "the authority has informed the exporter that a licence is required"
    if ga.requires_intra_group and not r.intra_group:
        return f"{ga.code} covers only exports within a group of companies"
    if ga.requires_icp and not r.has_icp:
        return f"{ga.code} requires an internal compliance programme"
    if ga.excludes_government_security_end_users and r.end_user_type in ARMED_SECURITY_END_USERS:
        return f"{ga.code} excludes military, police, intelligence and other security end users"
    if ga.excludes_cyber_surveillance_hr and (r.internal_repression or ctx.rules("human_rights_risk")):
        return f"{ga.code} excludes uses in connection with violations of human rights"
    return None


def _excluded(ga, item, reason) -> Finding:
    where = "" if item is None else f" for item {item + 1}"
    return Finding(
        "general_authorisation_excluded", item, f"{BASIS} ({ga.code})",
        f"{ga.code} ({ga.title}) cannot be used{where}: {reason}.",
        f"{ga.code} kan niet worden gebruikt{where.replace('for item', 'voor goed')}: {reason}.",
        INFO, (f"general-authorisation:{ga.code}",) + ((ga.source_url,) if ga.source_url else ()),
        "General authorisation excluded")


@rule(order=80)
def general_authorisations(ctx) -> list[Finding]:
    r = ctx.request
    if r.export_type != "export" or True not in ctx.listed_flags:
        return []
    # the findings (and the coverage they record) are a function of the destination state, the
    # list version and these facts
    prohibited = hr_risk = False
    for f in ctx.findings:
        if f.effect == PROHIBITS:
            prohibited = True
        if f.rule == "human_rights_risk":
            hr_risk = True
    key = ("general_authorisations", ctx.cv.version.version_id, ctx.codes, ctx.listed_flags,
           ctx.cyber_flags, prohibited, hr_risk, r.wmd, ctx.military, r.licence_requirement_notified, r.intra_group,
           r.has_icp, r.end_user_type, r.internal_repression)
    hit = ctx.state.memo.get(key)
    if hit is None:
        before = ctx.memo.get("ga_covered")
        found = tuple(_general_authorisations(ctx))
        after = ctx.memo.get("ga_covered")
        hit = ctx.state.remember(key, (found, after if after is not before else None))
    elif hit[1] is not None:
        ctx.memo["ga_covered"] = hit[1]
    return list(hit[0])


def _general_authorisations(ctx) -> list[Finding]:
    listed = [(i, f) for i, _, f in ctx.items() if f.listed]
    out, coverage = [], {}
    for ga in ctx.cv.gas_for(ctx.request.destination):
        if ga.purpose or not destination_fits(ga, ctx):
            continue
        checks = {i: _item_check(ctx, ga, i, f) for i, f in listed}
        scoped = [(i, f) for i, f in listed if checks[i][0]]
        if not scoped:
            continue
        blocker = blocking_condition(ga, ctx)
        if blocker:
            out.append(_excluded(ga, None, blocker))
            continue
        covered = []
        for i, _f in scoped:
            reason = checks[i][1]
            if reason:
                out.append(_excluded(ga, i, reason))
            else:
                covered.append(i)
        if covered:
            coverage[ga.code] = (ga, covered)
    if not coverage:
        return out
    ga, covered = max(coverage.values(), key=lambda gc: (len(gc[1]), [-ord(c) for c in gc[0].code]))
    all_items = len(covered) == len(listed)
    ctx.memo["ga_covered"] = (ga.code, frozenset(covered))
    which = "all listed items" if all_items else "items " + ", ".join(str(i + 1) for i in covered)
    conditions = " ".join(ga.conditions)
    reg = " Registration with the authority is required before first use." if ga.registration_required else ""
    out.append(Finding(
        "general_authorisation", None if all_items else covered[0], f"{BASIS} ({ga.code})",
        f"Union general export authorisation {ga.code} ({ga.title}) covers {which} for {ctx.request.destination}: "
        f"the destination and items are within its scope and no exclusion applies.{reg} Conditions the exporter "
        f"must meet: {conditions}",
        f"Uniale algemene uitvoervergunning {ga.code} dekt {which.replace('all listed items', 'alle gelijste goederen').replace('items', 'goederen')} "
        f"voor {ctx.request.destination}: bestemming en goederen vallen binnen het toepassingsgebied en geen "
        f"uitsluiting is van toepassing. De exporteur moet aan de voorwaarden van {ga.code} voldoen.",
        PERMITS, (f"general-authorisation:{ga.code}",) + ((ga.source_url,) if ga.source_url else ()),
        f"General authorisation {ga.code}"))
    return out
