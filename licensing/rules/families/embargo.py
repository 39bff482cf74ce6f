"""Arms embargoes (Art. 2(19): Council decision or common position, OSCE, UN Security Council) and
political declarations, which are human-rights considerations and never Art. 2(19) embargoes."""

from __future__ import annotations

from ..context import src
from ..findings import CONSULT, REFUSAL_GROUND, REG, Finding
from ..registry import rule
from ..snapshot import POLITICAL_DECLARATION
from .sanctions import ref

CRITERION_1 = "Common Position 2008/944/CFSP, criterion 1"


@rule(order=30)
def embargo(ctx) -> list[Finding]:
    r = ctx.request
    if r.export_type == "intra_eu_transfer":
        return []
    state = ctx.state
    embargoes = state.embargoes
    declarations = state.by_kind.get(POLITICAL_DECLARATION, ())
    if not embargoes and not declarations:
        return []
    military = ctx.military
    key = ("embargo", military)
    hit = state.memo.get(key)
    if hit is None:
        hit = state.remember(key, _findings(r.destination, embargoes, military, declarations))
    return list(hit)


def _findings(dest: str, embargoes: tuple, military: bool, declarations: tuple) -> tuple[Finding, ...]:
    """Pure in its arguments (the measures in force and whether the use is military), so cached."""
    out = []
    if embargoes:
        full = [m for m in embargoes if m.scope != "partial"]
        sources = tuple(s for m in embargoes for s in src(ref(m), m.source_url))
        acts = "; ".join(sorted({m.legal_basis for m in embargoes}))
        basis = f"{REG}, Article 2(19); Article 15(1) and (2); {CRITERION_1}"
        if military and full:
            out.append(Finding(
                "arms_embargo", None, basis,
                f"{dest} is subject to an arms embargo within the meaning of Article 2(19) ({acts}) and the items "
                f"are intended for a military end use or a military end user: under Article 15 and criterion 1 "
                f"of Common Position 2008/944/CFSP an authorisation should be refused.",
                f"{dest} is onderworpen aan een wapenembargo in de zin van artikel 2, punt 19 ({acts}) en de goederen "
                f"zijn bestemd voor militair eindgebruik of een militaire eindgebruiker: op grond van artikel 15 en "
                f"criterium 1 van Gemeenschappelijk Standpunt 2008/944/GBVB moet een vergunning worden geweigerd.",
                REFUSAL_GROUND, sources, "Arms embargo"))
        else:
            partial = "" if full else " The embargo is partial or targeted (see its scope) and weighs accordingly."
            partial_nl = "" if full else " Het embargo is gedeeltelijk of gericht en weegt navenant."
            out.append(Finding(
                "arms_embargo", None, basis,
                f"{dest} is subject to an arms embargo within the meaning of Article 2(19) ({acts}). It must be "
                f"taken into account under Article 15 and criterion 1, and any military end use triggers the "
                f"Article 4(1)(b) catch-all.{partial}",
                f"{dest} is onderworpen aan een wapenembargo in de zin van artikel 2, punt 19 ({acts}); dit wordt "
                f"meegewogen op grond van artikel 15 en criterium 1; militair eindgebruik valt onder de catch-all "
                f"van artikel 4, lid 1, onder b.{partial_nl}",
                CONSULT, sources, "Arms embargo"))
    for m in declarations:
        out.append(Finding(
            "political_declaration", None,
            f"{REG}, Article 15(1); Common Position 2008/944/CFSP, criterion 2",
            f"The measure recorded for {dest} ({m.legal_basis}) is a political declaration, not an arms embargo "
            f"within the meaning of Article 2(19); "
            f"it is a human-rights and foreign-policy consideration under Article 15(1), not a ground for the "
            f"Article 4(1)(b) catch-all.",
            f"De voor {dest} geregistreerde maatregel ({m.legal_basis}) is een politieke verklaring en geen "
            f"wapenembargo in de zin van artikel 2, punt 19; "
            f"zij wordt meegewogen als mensenrechten- en buitenlandpolitieke overweging op grond van artikel 15, "
            f"lid 1.", CONSULT, src(ref(m), m.source_url), "Political declaration"))
    return out
