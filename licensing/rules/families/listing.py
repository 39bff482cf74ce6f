"""Is the item listed in Annex I of the version in force, and does the export type need a licence for it?"""

from __future__ import annotations

from ..findings import CONSULT, INFO, REG, REQUIRES_LICENCE, Finding
from ..registry import rule

# Articles governing the other kinds of transaction (choices documented in the engine module).
SERVICE_ARTICLES = {
    "brokering": ("Article 6(1)", "brokering services", "bemiddelingsdiensten"),
    "technical_assistance": ("Article 8(1)", "technical assistance", "technische bijstand"),
    "transit": ("Article 7(1)", "transit", "doorvoer"),
}


@rule(order=10)
def listing(ctx) -> list[Finding]:
    export_type = ctx.request.export_type
    cv = ctx.cv
    key = ("listing", export_type, ctx.codes)  # the facts are a function of the code in a version
    hit = cv.memo.get(key)
    if hit is None:
        out = []
        for i, facts in enumerate(ctx.facts):
            item_key = ("listing", export_type, i, facts.code)
            found = cv.memo.get(item_key)
            if found is None:  # kept per item too, so requests sharing an item share its findings
                found = cv.remember(item_key, _item_findings(export_type, cv.version.version_id, i, facts))
            out += found
        hit = cv.remember(key, tuple(out))
    return list(hit)


def _item_findings(export_type: str, version: str, i: int, facts) -> tuple[Finding, ...]:
    """Pure in its arguments, so cached: the same code in the same position reads the same."""
    out = []
    source = (f"annex-i:{version}:{facts.code}",) if facts.listed else (f"annex-i:{version}",)
    if not facts.listed:
        out.append(Finding(
            "not_listed", i, f"{REG}, Article 3(1); Annex I (version {version})",
            f"Item {i + 1} is not listed in Annex I (version {version}); no authorisation is required under "
            f"Article 3(1) unless a catch-all (Article 4 or 5) applies.",
            f"Goed {i + 1} staat niet op Bijlage I (versie {version}); er is geen vergunning vereist op grond van "
            f"artikel 3, lid 1, tenzij een catch-all (artikel 4 of 5) van toepassing is.",
            INFO, source, "Not listed"))
        return tuple(out)
    code = facts.code
    if export_type == "export":
        out.append(Finding(
            "annex_i_listed", i, f"{REG}, Article 3(1); Annex I, entry {code} (version {version})",
            f"Item {i + 1} is listed in Annex I under {code} (version {version}); its export requires an "
            f"authorisation under Article 3(1).",
            f"Goed {i + 1} staat op Bijlage I onder {code} (versie {version}); voor de uitvoer ervan is een "
            f"vergunning vereist op grond van artikel 3, lid 1.",
            REQUIRES_LICENCE, source, "Listed dual-use item"))
    elif export_type == "intra_eu_transfer":
        out.append(Finding(
            "annex_i_listed", i, f"{REG}, Annex I, entry {code} (version {version})",
            f"Item {i + 1} is listed in Annex I under {code} (version {version}).",
            f"Goed {i + 1} staat op Bijlage I onder {code} (versie {version}).", INFO, source, "Listed dual-use item"))
        if facts.annex_iv:
            out.append(Finding(
                "intra_eu_annex_iv", i, f"{REG}, Article 11(1); Annex IV ({facts.annex_iv})",
                f"Item {i + 1} ({code}) falls under Annex IV ({facts.annex_iv}); its transfer within the Union "
                f"requires an authorisation under Article 11(1).",
                f"Goed {i + 1} ({code}) valt onder Bijlage IV ({facts.annex_iv}); voor de overbrenging binnen de "
                f"Unie is een vergunning vereist op grond van artikel 11, lid 1.",
                REQUIRES_LICENCE, (*source, f"annex-iv:{facts.annex_iv}"), "Intra-EU transfer of an Annex IV item"))
        elif facts.annex_iv_below:
            out.append(_partly_annex_iv(i, code, facts.annex_iv_below, source))
        else:
            out.append(Finding(
                "intra_eu_not_annex_iv", i, f"{REG}, Article 11(1); Annex IV",
                f"Item {i + 1} ({code}) is not in Annex IV; its transfer within the Union needs no authorisation "
                f"under Article 11(1).",
                f"Goed {i + 1} ({code}) staat niet op Bijlage IV; voor de overbrenging binnen de Unie is geen "
                f"vergunning vereist op grond van artikel 11, lid 1.", INFO, source, "Not an Annex IV item"))
    else:
        article, what_en, what_nl = SERVICE_ARTICLES[export_type]
        if export_type == "transit":
            rule_en = ("The transit of non-Union listed items may be prohibited by the authority of the Member State "
                       "of transit where they are or may be intended for a use referred to in Article 4(1) "
                       "(Article 7(1)); no authorisation is otherwise required under the Regulation.")
            rule_nl = ("De doorvoer van niet-Uniegoederen op de lijst kan door de autoriteit van de lidstaat van "
                       "doorvoer worden verboden als zij bestemd (kunnen) zijn voor een gebruik als bedoeld in artikel "
                       "4, lid 1 (artikel 7, lid 1); verder is op grond van de verordening geen vergunning vereist.")
        else:
            rule_en = (f"{what_en.capitalize()} for listed items requires an authorisation only where the authority "
                       f"informs the person concerned that the items are or may be intended for a use referred to in "
                       f"Article 4(1) (WMD, or a military end use in a country under an arms embargo) ({article}).")
            rule_nl = (f"Voor {what_nl} met betrekking tot goederen op de lijst is alleen een vergunning vereist als "
                       f"de autoriteit meldt dat de goederen bestemd (kunnen) zijn voor een gebruik als bedoeld in "
                       f"artikel 4, lid 1 (massavernietigingswapens, of militair eindgebruik in een land onder "
                       f"wapenembargo).")
        out.append(Finding(
            "annex_i_listed", i, f"{REG}, {article}; Annex I, entry {code} (version {version})",
            f"Item {i + 1} is listed in Annex I under {code} (version {version}). {rule_en}",
            f"Goed {i + 1} staat op Bijlage I onder {code} (versie {version}). {rule_nl}",
            INFO, source, "Listed dual-use item"))
    return tuple(out)


def _partly_annex_iv(i: int, code: str, below: tuple[str, ...], source: tuple) -> Finding:
    """A code above the level at which Annex IV lists it (e.g. 6A001, of which Annex IV names some acoustic
    sub-items): whether the transfer needs an authorisation depends on which sub-item the item is."""
    named = ", ".join(below[:8]) + (f" and {len(below) - 8} more" if len(below) > 8 else "")
    named_nl = ", ".join(below[:8]) + (f" en {len(below) - 8} andere" if len(below) > 8 else "")
    return Finding(
        "intra_eu_annex_iv_partial", i, f"{REG}, Article 11(1); Annex IV",
        f"Item {i + 1} is classified under {code}, of which Annex IV lists only some sub-items ({named}). If the item "
        f"is one of them, its transfer within the Union requires an authorisation under Article 11(1): the "
        f"classification must be made at the level of those sub-items before the transfer.",
        f"Goed {i + 1} is ingedeeld onder {code}, waarvan Bijlage IV alleen enkele onderdelen noemt ({named_nl}). Is "
        f"het goed daar een van, dan is voor de overbrenging binnen de Unie een vergunning vereist op grond van "
        f"artikel 11, lid 1: de indeling moet op het niveau van die onderdelen worden gemaakt.",
        CONSULT, (*source, *(f"annex-iv:{r}" for r in below[:8])), "Partly an Annex IV entry")
