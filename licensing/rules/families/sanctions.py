"""Restrictive measures (sanctions regulations) that prohibit or condition the export: applied before
any general authorisation, because they prevail over Regulation (EU) 2021/821."""

from __future__ import annotations

from ..context import END_USER_TYPE_EN, SECURITY_END_USERS, src
from ..findings import CONSULT, PROHIBITS, REQUIRES_LICENCE, Finding
from ..registry import rule
from ..snapshot import DUAL_USE_EXPORT_BAN, INTERNAL_REPRESSION_BAN, TELECOM_MONITORING_BAN


def ref(m) -> str:
    return m.record or f"country-measure:{m.country}:{m.measure}"


def _unsure(m) -> str:
    return " The source record is marked for an officer's check." if m.needs_check else ""


_KINDS = (DUAL_USE_EXPORT_BAN, TELECOM_MONITORING_BAN, INTERNAL_REPRESSION_BAN)


@rule(order=20)
def sanctions(ctx) -> list[Finding]:
    r = ctx.request
    # Restrictive measures forbid supplies to a person in a country "or for use in" it, directly or
    # indirectly (e.g. Reg. (EU) No 833/2014, Art. 2(1)): the end user's country counts as well as the
    # destination, also for a transfer within the Union.
    states = ctx.other_states if r.export_type == "intra_eu_transfer" else ctx.states
    out: list[Finding] = []
    for state in states:
        by_kind = state.by_kind
        if not by_kind or not any(k in by_kind for k in _KINDS):
            continue
        end_user = state is not ctx.state
        # the findings are a function of the measures in force (the state) and these facts
        key = ("sanctions", end_user, ctx.listed_flags, ctx.cyber_flags, ctx.military, r.end_user_type,
               r.internal_repression)
        hit = state.memo.get(key)
        if hit is None:
            hit = state.remember(key, tuple(_sanctions(ctx, state, end_user)))
        out += hit
    return out


def _sanctions(ctx, state, end_user: bool) -> list[Finding]:
    r = ctx.request
    out = []
    dest = dest_nl = state.destination
    if end_user:  # the end user's country, not the destination: the supply is "for use in" it
        dest = f"{dest} (the end user's country)"
        dest_nl = f"{dest_nl} (het land van de eindgebruiker)"
    for m in state.by_kind.get(DUAL_USE_EXPORT_BAN, ()):
        sources = src(ref(m), m.source_url)
        listed = [i for i, _, f in ctx.items() if f.listed]
        if m.scope != "partial" or ctx.military:
            scope_en = "" if m.scope != "partial" else " (partial ban: military end use or military end users)"
            for i in listed:
                out.append(Finding(
                    "sanctions_prohibition", i, m.legal_basis,
                    f"The export of item {i + 1}, a dual-use item listed in Annex I, to {dest} is prohibited by "
                    f"{m.legal_basis}{scope_en}.{_unsure(m)}",
                    f"De uitvoer van goed {i + 1}, een goed voor tweeërlei gebruik van Bijlage I, naar {dest_nl} is "
                    f"verboden op grond van {m.legal_basis}.",
                    PROHIBITS, sources, "Prohibited by restrictive measures"))
        elif listed:
            out.append(Finding(
                "sanctions_scope_check", None, m.legal_basis,
                f"{m.legal_basis} prohibits dual-use exports to {dest} for military use or military end users only; "
                f"no military end use is declared. Verify that the end user is not military (or otherwise within "
                f"the scope, e.g. border police) before deciding. {m.notes}".strip(),
                f"{m.legal_basis} verbiedt de uitvoer van goederen voor tweeërlei gebruik naar {dest_nl} alleen voor "
                f"militair gebruik of militaire eindgebruikers; ga na dat de eindgebruiker daar niet onder valt.",
                CONSULT, sources, "Partial ban: check scope"))
        if len(listed) < len(r.items) and m.scope != "partial":
            out.append(Finding(
                "sanctions_scope_check", None, m.legal_basis,
                f"The non-listed items may still fall under other annexes of {m.legal_basis} (e.g. advanced-technology "
                f"or industrial goods lists); check them before deciding.",
                f"De goederen die niet op Bijlage I staan, kunnen onder andere bijlagen van {m.legal_basis} vallen; "
                f"controleer dat voordat wordt besloten.", CONSULT, sources, "Other sanctions annexes"))
    for m in state.by_kind.get(TELECOM_MONITORING_BAN, ()):
        sources = src(ref(m), m.source_url)
        repressive_user = r.end_user_type in SECURITY_END_USERS or r.internal_repression
        for i, _, _ in ctx.items():
            if not ctx.cyber(i):
                continue
            if repressive_user:
                out.append(Finding(
                    "sanctions_prohibition", i, m.legal_basis,
                    f"Item {i + 1} is monitoring or interception equipment (a cyber-surveillance item) for a "
                    f"{END_USER_TYPE_EN[r.end_user_type]} end user in {dest}: {m.legal_basis} requires prior "
                    f"authorisation and bars it where the items would be used for monitoring or interception by the "
                    f"government, its bodies or on their behalf.{_unsure(m)}",
                    f"Goed {i + 1} is apparatuur voor monitoring of interceptie voor een overheids- of "
                    f"veiligheidseindgebruiker in {dest_nl}: {m.legal_basis} verbiedt een vergunning als de goederen "
                    f"door of namens de overheid voor monitoring of interceptie zouden worden gebruikt.",
                    PROHIBITS, sources, "Monitoring equipment for the government: refused"))
            else:
                out.append(Finding(
                    "sanctions_authorisation", i, m.legal_basis,
                    f"Item {i + 1} is monitoring or interception equipment: its export to {dest} requires prior "
                    f"authorisation under {m.legal_basis}, to be refused if it would be used for monitoring or "
                    f"interception by the government or on its behalf.{_unsure(m)}",
                    f"Goed {i + 1} is apparatuur voor monitoring of interceptie: voor de uitvoer naar {dest_nl} is "
                    f"voorafgaande toestemming vereist op grond van {m.legal_basis}.",
                    REQUIRES_LICENCE, sources, "Prior authorisation under restrictive measures"))
    for m in state.by_kind.get(INTERNAL_REPRESSION_BAN, ()):
        out.append(Finding(
            "sanctions_scope_check", None, m.legal_basis,
            f"{dest} is subject to a ban on equipment which might be used for internal repression ({m.legal_basis}); "
            f"check whether any item is in its annex, in which case its export is prohibited.",
            f"Voor {dest_nl} geldt een verbod op uitrusting die voor binnenlandse repressie kan worden gebruikt "
            f"({m.legal_basis}); ga na of een van de goederen in de bijlage daarvan staat.",
            CONSULT, src(ref(m), m.source_url), "Internal-repression equipment ban"))
    return out
