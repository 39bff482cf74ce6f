"""Art. 15(1) and criterion 2 of Common Position 2008/944/CFSP: a clear risk that the items might be
used for internal repression or serious violations of human rights is a ground for refusal."""

from __future__ import annotations

from ..context import ARMED_SECURITY_END_USERS, END_USER_TYPE_EN, END_USER_TYPE_NL, src
from ..findings import AD_HOC, CONSULT, REFUSAL_GROUND, REG, REQUIRES_LICENCE, Finding
from ..registry import rule

BASIS = f"{REG}, Article 15(1) and (2); Common Position 2008/944/CFSP, criterion 2"


_LICENSING = (REQUIRES_LICENCE, AD_HOC)


@rule(order=60)
def human_rights(ctx) -> list[Finding]:
    r = ctx.request
    licensing = False
    for f in ctx.findings:
        if f.effect in _LICENSING:
            licensing = True
            break
    key = ("human_rights", r.internal_repression, ctx.state.serious and any(ctx.cyber_flags), r.end_user_type,
           ctx.matched_ids(), licensing, ctx.other_states, any(ctx.cyber_flags) if ctx.other_states else None)
    hit = ctx.state.memo.get(key)
    if hit is None:
        hit = ctx.state.remember(key, tuple(_human_rights(ctx)))
    return list(hit)


def _human_rights(ctx) -> list[Finding]:
    r = ctx.request
    out = []
    serious = tuple(ctx.serious_concerns)
    cyber = any(ctx.cyber_flags)
    country = None
    if serious and (cyber or r.end_user_type in ARMED_SECURITY_END_USERS):
        # the countries whose concerns apply: the destination, or the end user's country as well
        where = " and ".join(dict.fromkeys(c.country for c in serious))
        country = (serious, cyber, r.end_user_type, where)
    matched = tuple(c for c, _, _ in ctx.end_user_matches())
    if (r.internal_repression or country or matched) and any(
            f.effect in (REQUIRES_LICENCE, AD_HOC) for f in ctx.findings):
        out.append(_risk(r.internal_repression, country, matched))
    for c in ctx.concerns:
        if c.level != "serious":
            out.append(Finding(
                "human_rights_concern", None, BASIS,
                f"{r.destination} has a registered human-rights concern ({c.level}): {c.basis}.",
                f"Voor {r.destination} is een mensenrechtenzorg geregistreerd ({c.level}): {c.basis}.",
                CONSULT, src(c.record or f"human-rights-concern:{c.country}", c.source_url), "Human-rights concern"))
    return out


def _risk(declared: bool, country: tuple | None, matched: tuple) -> Finding:
    """The finding's text and sources, a pure function of the reasons (so cached)."""
    reasons_en, reasons_nl, sources = [], [], []
    if declared:
        reasons_en.append("the applicant declares awareness of a use in connection with internal repression or "
                          "serious violations of human rights or international humanitarian law")
        reasons_nl.append("de aanvrager verklaart op de hoogte te zijn van gebruik voor binnenlandse repressie of "
                          "ernstige schendingen van mensenrechten")
    if country:
        serious, cyber, end_user_type, destination = country
        what = "cyber-surveillance items" if cyber else "items"
        reasons_en.append(f"{what} are destined for a {END_USER_TYPE_EN[end_user_type]} end user in {destination}, "
                          f"where there is a serious human-rights concern: " + "; ".join(c.basis for c in serious))
        reasons_nl.append(f"de goederen zijn bestemd voor een eindgebruiker ({END_USER_TYPE_NL[end_user_type]}) in "
                          f"{destination}, waar ernstige mensenrechtenzorgen bestaan")
        sources += [s for c in serious for s in src(c.record or f"human-rights-concern:{c.country}", c.source_url)]
    if matched:
        reasons_en.append("the authority holds information that the end user is implicated in human-rights violations")
        reasons_nl.append("de autoriteit beschikt over informatie dat de eindgebruiker betrokken is bij "
                          "mensenrechtenschendingen")
        sources += [c.record or f"end-user-concern:{c.name}" for c in matched]
    return Finding(
        "human_rights_risk", None, BASIS,
        "There is a clear risk that the items might be used for internal repression or serious violations of "
        "human rights, because " + "; and ".join(reasons_en) + ". Under Article 15 and criterion 2 of Common "
        "Position 2008/944/CFSP the authorisation should be refused.",
        "Er is een duidelijk risico dat de goederen worden gebruikt voor binnenlandse repressie of ernstige "
        "schendingen van mensenrechten, omdat " + "; en ".join(reasons_nl) + ". Op grond van artikel 15 en "
        "criterium 2 van Gemeenschappelijk Standpunt 2008/944/GBVB moet de vergunning worden geweigerd.",
        REFUSAL_GROUND, tuple(dict.fromkeys(sources)), "Human-rights risk")
