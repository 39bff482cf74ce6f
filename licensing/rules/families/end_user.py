"""Registered concerns about the end user (or a consignee, or an intermediate consignee): fuzzy name
match, country as a signal. Officer-only: exporters are told only that the authority holds information
about the end user."""

from __future__ import annotations

from ..context import src
from ..findings import CONSULT, REG, Finding
from ..registry import rule

PARTIES = {"end_user": ("The end user", "De eindgebruiker"), "consignee": ("The consignee", "De geadresseerde")}


def _party(ctx, concern, score: float) -> tuple[str, str]:
    """(role, name) of the party whose name gave the match: the first of the end user and the
    consignees whose own score is the one kept (Compiled.name_matches keeps the first best)."""
    r = ctx.request
    country = r.end_user_country or r.destination
    for role, name in (("end_user", r.end_user_name), ("consignee", r.consignee_name),
                       *(("consignee", n) for n in r.consignees)):
        if name and any(c is concern and s == score for c, s, _ in ctx.comp.name_matches(name, "", country)):
            return role, name
    return "end_user", r.end_user_name


@rule(order=50)
def end_user(ctx) -> list[Finding]:
    out = []
    for concern, score, matched in ctx.end_user_matches():
        role, name = _party(ctx, concern, score)
        who, who_nl = PARTIES[role]
        out.append(Finding(
            "end_user_concern", None, f"{REG}, Article 15(1); Common Position 2008/944/CFSP, criteria 2 and 7",
            f"{who} '{name}' matches the registered end user '{concern.name}' "
            f"({concern.country}; matched on '{matched}', score {score:.0f}): {concern.basis} (source: "
            f"{concern.source}).",
            f"{who_nl} '{name}' komt overeen met de geregistreerde eindgebruiker "
            f"'{concern.name}' ({concern.country}; score {score:.0f}): {concern.basis} (bron: {concern.source}).",
            CONSULT, src(concern.record or f"end-user-concern:{concern.name}", concern.source_url),
            "Registered end-user concern", officer_only=concern.officer_only))
    for party, concern, score, matched in ctx.intermediary_matches():
        out.append(Finding(
            "end_user_concern", None, f"{REG}, Article 15(1); Common Position 2008/944/CFSP, criteria 2 and 7",
            f"The intermediate consignee '{party}' matches the registered end user '{concern.name}' "
            f"({concern.country}; matched on '{matched}', score {score:.0f}): {concern.basis} (source: "
            f"{concern.source}). Consider the risk of diversion (criterion 7).",
            f"De tussenliggende geadresseerde '{party}' komt overeen met de geregistreerde eindgebruiker "
            f"'{concern.name}' ({concern.country}; score {score:.0f}): {concern.basis} (bron: {concern.source}). "
            f"Weeg het risico van omleiding mee (criterium 7).",
            CONSULT, src(concern.record or f"end-user-concern:{concern.name}", concern.source_url),
            "Registered end-user concern", officer_only=concern.officer_only))
    return out
