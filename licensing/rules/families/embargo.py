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
    out: list[Finding] = []
    # the destination, then the end user's country where it differs (Article 4(1)(b): "the purchasing
    # country or country of destination"); within the Union only the latter
    states = ctx.other_states if r.export_type == "intra_eu_transfer" else ctx.states
    for state in states:
        embargoes = state.embargoes
        declarations = state.by_kind.get(POLITICAL_DECLARATION, ())
        if not embargoes and not declarations:
            continue
        end_user = state is not ctx.state
        key = ("embargo", ctx.military, end_user)
        hit = state.memo.get(key)
        if hit is None:
            dest = dest_nl = state.destination
            if end_user:
                dest, dest_nl = f"{dest} (the end user's country)", f"{dest} (het land van de eindgebruiker)"
            hit = state.remember(key, _findings(dest, embargoes, ctx.military, declarations, dest_nl))
        out += hit
    return out


def _findings(dest: str, embargoes: tuple, military: bool, declarations: tuple,
              dest_nl: str | None = None) -> tuple[Finding, ...]:
    """Pure in its arguments (the measures in force and whether the use is military), so cached."""
    dest_nl = dest_nl or dest
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
                f"{dest_nl} is onderworpen aan een wapenembargo in de zin van artikel 2, punt 19 ({acts}) en de goederen "
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
                f"{dest_nl} is onderworpen aan een wapenembargo in de zin van artikel 2, punt 19 ({acts}); dit wordt "
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
            f"De voor {dest_nl} geregistreerde maatregel ({m.legal_basis}) is een politieke verklaring en geen "
            f"wapenembargo in de zin van artikel 2, punt 19; "
            f"zij wordt meegewogen als mensenrechten- en buitenlandpolitieke overweging op grond van artikel 15, "
            f"lid 1.", CONSULT, src(ref(m), m.source_url), "Political declaration"))
    return out
