"""Union general export authorisations (Art. 12(1)(d), Annex II). Restrictive measures and catch-all
awareness come first; EU003 (export after repair or replacement) and EU004 (temporary export for an
exhibition or fair) are usable only for their purpose: they are considered only when the request
states it (the optional ``purpose`` "repair" or "exhibition"), never inferred. GAs never apply to intra-EU transfers, brokering, technical assistance
or transit.

A GA covers an export to one of its destinations; where the end user is in another country, that
final destination must be one the GA allows as well: its own destinations, those of EU001 or a Member
State (the re-export conditions of EU005 to EU008; for EU001 and EU002 the conservative reading of a
final destination outside the GA). Listed items may be covered by different GAs (e.g. EU002 and EU008
to Korea): every listed item covered means no individual licence, and the response names the GA
covering most items while a finding names each GA used."""

from __future__ import annotations

from controllists import codes

from ..context import ARMED_SECURITY_END_USERS
from ..findings import INFO, PERMITS, PROHIBITS, REG, Finding
from ..registry import rule
from ..snapshot import DUAL_USE_EXPORT_BAN
from .ga_conditions import conditions_nl

BASIS = f"{REG}, Article 12(1)(d); Annex II"


def in_scope(ga, code: str) -> bool:
    if ga.all_annex_i:
        return True
    if codes.product_group(code) in ga.product_groups:
        return True
    return codes.within_any(code, ga.items_included) is not None


def item_exclusion(ga, cyber: bool, facts) -> tuple[str, str] | None:
    """Why ``ga`` excludes the item, in English and Dutch, or None."""
    code = facts.code
    if ga.excludes_section_i and facts.section_i:
        part, part_nl = ("Annex IV", "Bijlage IV") if facts.annex_iv else ("Annex II, Section I", "Bijlage II, afdeling I")
        return (f"{code} is listed in {part} ({facts.section_i}), which Section I of Annex II excludes",
                f"{code} valt onder {part_nl} ({facts.section_i}), die afdeling I van Bijlage II uitsluit")
    root = codes.within_any(code, ga.excluded_items)
    if root:
        return (f"{code} falls under {root}, which {ga.code} excludes",
                f"{code} valt onder {root}, dat {ga.code} uitsluit")
    if codes.product_group(code) in ga.excluded_product_groups:
        group = codes.product_group(code)
        return (f"{ga.code} excludes product group {group}", f"{ga.code} sluit productgroep {group} uit")
    if ga.excludes_cyber_surveillance_items and cyber:
        return (f"{ga.code} excludes cyber-surveillance items and software or technology related to them",
                f"{ga.code} sluit cybersurveillanceproducten en daarop betrekking hebbende programmatuur en "
                f"technologie uit")
    return None


def _item_check(ctx, ga, i, facts) -> tuple[bool, tuple[str, str] | None]:
    """(in scope, exclusion reason) of an item under a GA; cached per list version."""
    cyber = ctx.cyber(i)
    key = (ga.code, facts.code, cyber)
    hit = ctx.cv.ga_items.get(key)
    if hit is None:
        hit = ctx.cv.ga_items[key] = (in_scope(ga, facts.code), item_exclusion(ga, cyber, facts))
    return hit


def destination_fits(ga, ctx) -> bool:
    """``ga`` already lists the destination (CompiledVersion.gas_for); EU008 Part 2(c) excludes any
    other destination under an arms embargo or dual-use restrictive measures (the end user's country
    included: Part 3 excludes re-export to it)."""
    if ga.excludes_embargoed_destinations and (ctx.embargoes or ctx.measures_of(DUAL_USE_EXPORT_BAN)):
        return False
    return True


def blocking_condition(ga, ctx) -> tuple[str, str] | None:
    """A condition of Part 3 of the GA that the request shows unmet, in English and Dutch, or None."""
    r = ctx.request
    if any(f.effect == PROHIBITS for f in ctx.findings):
        return ("the export is prohibited by restrictive measures, which prevail over general authorisations",
                "de uitvoer is verboden door beperkende maatregelen, die voorgaan op algemene vergunningen")
    if r.wmd:
        return ("the exporter is aware of an intended use referred to in Article 4(1)(a)",
                "de exporteur weet van een beoogd gebruik als bedoeld in artikel 4, lid 1, onder a")
    if r.unlicensed_military_parts:
        return ("the exporter is aware of an intended use as parts or components of military items exported "
                "without authorisation (Article 4(1)(c))",
                "de exporteur weet van een beoogd gebruik als onderdelen van zonder vergunning uitgevoerde "
                "militaire goederen (artikel 4, lid 1, onder c)")
    if ctx.military and ctx.embargoes:
        return ("the items are intended for a military end use in a country subject to an arms embargo "
                "(Article 4(1)(b))",
                "de goederen zijn bestemd voor militair eindgebruik in een land onder wapenembargo (artikel 4, lid 1, "
                "onder b)")
    if r.free_zone and _has_free_zone_condition(ga):
        return (f"{ga.code} does not cover exports to a customs-free zone or free warehouse in its destinations",
                f"{ga.code} geldt niet voor uitvoer naar een vrije zone of een vrij entrepot in een bestemming")
    if r.licence_requirement_notified:
        return ("the authority has informed the exporter that a licence is required",
                "de autoriteit heeft de exporteur meegedeeld dat een vergunning vereist is")
    if ga.requires_intra_group and not r.intra_group:
        return (f"{ga.code} covers only exports within a group of companies",
                f"{ga.code} geldt alleen voor uitvoer binnen een concern")
    if ga.requires_icp and not r.has_icp:
        return (f"{ga.code} requires an internal compliance programme",
                f"{ga.code} vereist een intern nalevingsprogramma (ICP)")
    if ga.excludes_government_security_end_users and r.end_user_type in ARMED_SECURITY_END_USERS:
        return (f"{ga.code} excludes military, police, intelligence and other security end users",
                f"{ga.code} sluit militaire, politie-, inlichtingen- en andere veiligheidseindgebruikers uit")
    if ga.excludes_cyber_surveillance_hr and (r.internal_repression or ctx.rules("human_rights_risk")):
        return (f"{ga.code} excludes uses in connection with violations of human rights",
                f"{ga.code} sluit gebruik in verband met schendingen van mensenrechten uit")
    return None


def _excluded(ga, item, reason: tuple[str, str]) -> Finding:
    where = "" if item is None else f" for item {item + 1}"
    where_nl = "" if item is None else f" voor goed {item + 1}"
    return Finding(
        "general_authorisation_excluded", item, f"{BASIS} ({ga.code})",
        f"{ga.code} ({ga.title}) cannot be used{where}: {reason[0]}.",
        f"{ga.code} kan niet worden gebruikt{where_nl}: {reason[1]}.",
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
           r.has_icp, r.end_user_type, r.internal_repression, ctx.other_states, r.purpose,
           r.unlicensed_military_parts, r.free_zone)
    hit = ctx.state.memo.get(key)
    if hit is None:
        before = ctx.memo.get("ga_covered")
        found = tuple(_general_authorisations(ctx))
        after = ctx.memo.get("ga_covered")
        hit = ctx.state.remember(key, (found, after if after is not before else None))
    elif hit[1] is not None:
        ctx.memo["ga_covered"] = hit[1]
    return list(hit[0])


def _final_destination_outside(ga, ctx) -> str | None:
    """The end user's country where it is not one the GA allows as a final destination."""
    if not ctx.other_states:
        return None
    eu001 = next((g.destinations for g in ctx.cv.gas if g.code == "EU001"), frozenset())
    for state in ctx.other_states:
        country = state.destination
        if country in eu001 or (country in ga.destinations and country not in ga.excluded_destinations):
            continue
        return country
    return None


def _has_free_zone_condition(ga) -> bool:
    """Part 3 of the GA excludes customs-free zones and free warehouses (as its conditions state)."""
    return any("customs-free zone" in c or "free warehouse" in c for c in ga.conditions)


def _general_authorisations(ctx) -> list[Finding]:
    listed = [(i, f) for i, _, f in ctx.items() if f.listed]
    out, coverage = [], {}
    purpose = ctx.request.purpose
    for ga in ctx.cv.gas_for(ctx.request.destination):
        if ga.purpose and ga.purpose != purpose:
            continue
        checks = {i: _item_check(ctx, ga, i, f) for i, f in listed}
        scoped = [(i, f) for i, f in listed if checks[i][0]]
        if not scoped:
            continue
        outside = _final_destination_outside(ga, ctx)
        if outside:
            allowed = "EU001" if ga.code == "EU001" else f"{ga.code}, EU001"
            out.append(_excluded(ga, None, (
                f"the end user is in {outside}, a final destination outside those of {allowed} and the Member "
                f"States",
                f"de eindgebruiker bevindt zich in {outside}, een eindbestemming buiten die van {allowed} en de "
                f"lidstaten")))
            continue
        if not destination_fits(ga, ctx):
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
    # the GA covering most items first (ties: the lowest code), then others for the items still uncovered
    ranked = sorted(coverage.values(), key=lambda gc: (-len(gc[1]), gc[0].code))
    used, done = [], set()
    for ga, covered in ranked:
        new = [i for i in covered if i not in done]
        if new:
            used.append((ga, new))
            done.update(new)
    ctx.memo["ga_covered"] = (used[0][0].code, frozenset(done))
    for ga, covered in used:
        out.append(_covers(ctx, ga, covered, all_items=len(covered) == len(listed)))
    return out


def _covers(ctx, ga, covered: list[int], all_items: bool) -> Finding:
    dest = ctx.request.destination
    numbers = ", ".join(str(i + 1) for i in covered)
    which = "all listed items" if all_items else ("item " if len(covered) == 1 else "items ") + numbers
    which_nl = "alle gelijste goederen" if all_items else ("goed " if len(covered) == 1 else "goederen ") + numbers
    conditions = " ".join(ga.conditions)
    reg = " Registration with the authority is required before first use." if ga.registration_required else ""
    reg_nl = " Registratie bij de autoriteit is vereist vóór het eerste gebruik." if ga.registration_required else ""
    return Finding(
        "general_authorisation", None if all_items else covered[0], f"{BASIS} ({ga.code})",
        f"Union general export authorisation {ga.code} ({ga.title}) covers {which} for {dest}: "
        f"the destination and items are within its scope and no exclusion applies on the facts stated.{reg} "
        f"Conditions the exporter must meet, including those the request cannot show (customs-free zones, "
        f"re-export, declarations and notifications): {conditions}",
        f"Uniale algemene uitvoervergunning {ga.code} dekt {which_nl} voor {dest}: bestemming en goederen vallen "
        f"binnen het toepassingsgebied en op grond van de verstrekte gegevens is geen uitsluiting van toepassing."
        f"{reg_nl} Voorwaarden waaraan de exporteur moet voldoen, ook die welke uit de aanvraag niet blijken: "
        f"{conditions_nl(ga.code)}",
        PERMITS, (f"general-authorisation:{ga.code}",) + ((ga.source_url,) if ga.source_url else ()),
        f"General authorisation {ga.code}")
