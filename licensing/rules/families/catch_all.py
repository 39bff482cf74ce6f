"""Catch-all controls for non-listed items: Art. 4(1)(a) WMD, 4(1)(b) military end use in an embargoed
country ("the purchasing country or country of destination": the end user's country counts too),
5(1)/(2) cyber-surveillance items and human rights. For brokering (Art. 6(1)-(2)), technical assistance
(Art. 8(1)-(2)) and transit (Art. 7(1)) of listed items the same uses of Article 4(1) apply: WMD
(point (a)) and military end use in an embargoed country (point (b)); point (c) cannot be told from a
request. Technical assistance provided within or into an EU001 country, or to a resident of one or of
a Member State, is outside Article 8 (Art. 8(7)(a))."""

from __future__ import annotations

from ..context import END_USER_TYPE_EN, END_USER_TYPE_NL, SECURITY_END_USERS, src
from ..findings import AD_HOC, CONSULT, INFO, REFUSAL_GROUND, REG, REQUIRES_LICENCE, Finding
from ..registry import rule
from .listing import SERVICE_ARTICLES
from .sanctions import ref


@rule(order=40)
def catch_all(ctx) -> list[Finding]:
    r = ctx.request
    if r.export_type == "intra_eu_transfer":
        # Article 4 governs exports; an Annex IV transfer needs an authorisation (Art. 11(1)), which the
        # authority does not grant knowing of a WMD use
        out = [_WMD_TRANSFER] if r.wmd and any(f.annex_iv for f in ctx.facts) else []
        if ctx.other_states:
            out.append(_final_destination_outside_union(ctx.other_states[0].destination))
        return out
    # the findings are a function of the destination state and these facts (concerns by identity:
    # they live as long as the snapshot and its state)
    matched = () if r.export_type in SERVICE_ARTICLES else ctx.matched_ids()
    key = ("catch_all", r.export_type, r.wmd, ctx.military, r.licence_requirement_notified, ctx.listed_flags,
           ctx.cyber_flags, r.end_user_type, r.internal_repression, matched, ctx.other_states,
           r.end_user_country if r.export_type == "technical_assistance" else "", r.unlicensed_military_parts)
    hit = ctx.state.memo.get(key)
    if hit is None:
        hit = ctx.state.remember(key, tuple(_catch_all(ctx)))
    return list(hit)


def _catch_all(ctx) -> list[Finding]:
    r = ctx.request
    out = []
    if r.export_type in SERVICE_ARTICLES:
        return _services(ctx)
    embargoes = ctx.embargoes
    matched = tuple(c for c, _, _ in ctx.end_user_matches())
    serious = tuple(ctx.serious_concerns)
    for i, _item, facts in ctx.items():
        if facts.listed:
            continue
        n = i + 1
        if r.wmd:
            out.append(Finding(
                "catch_all_wmd", i, f"{REG}, Article 4(1)(a) and 4(2)",
                f"Item {n} is not listed, but the exporter is aware that it is or may be intended for use in "
                f"connection with chemical, biological or nuclear weapons or their delivery systems: an "
                f"authorisation is required under Article 4(1)(a).",
                f"Goed {n} staat niet op de lijst, maar de exporteur weet dat het bestemd (kan) zijn voor gebruik in "
                f"verband met chemische, biologische of nucleaire wapens of overbrengingsmiddelen daarvoor: een "
                f"vergunning is vereist op grond van artikel 4, lid 1, onder a.", AD_HOC, (), "WMD catch-all"))
        if ctx.military and embargoes:
            where = _embargoed(embargoes)
            out.append(Finding(
                "catch_all_military_embargo", i, f"{REG}, Article 4(1)(b) and 4(2); Article 2(19)",
                f"Item {n} is not listed, but it is intended for a military end use in {where}, which is "
                f"subject to an arms embargo within the meaning of Article 2(19): an authorisation is required "
                f"under Article 4(1)(b).",
                f"Goed {n} staat niet op de lijst, maar is bestemd voor militair eindgebruik in {where}, "
                f"dat onderworpen is aan een wapenembargo in de zin van artikel 2, punt 19: een vergunning is "
                f"vereist op grond van artikel 4, lid 1, onder b.", AD_HOC,
                tuple(s for m in embargoes for s in src(ref(m), m.source_url)), "Military catch-all"))
        if r.unlicensed_military_parts:
            out.append(_parts(i, "Article 4(1)(c) and 4(2)", False,
                              "an authorisation is required under Article 4(1)(c)",
                              "een vergunning is vereist op grond van artikel 4, lid 1, onder c"))
        if not ctx.cyber(i):
            continue
        country = (serious, r.end_user_type) if serious and r.end_user_type in SECURITY_END_USERS else None
        if r.internal_repression or country or matched:
            out.append(_cyber(i, r.internal_repression, country, matched))
    return out + _notified(ctx, out, all_items=False) + _wmd_refusal(ctx)


def _embargoed(embargoes) -> str:
    """The embargoed countries, destination first (one code where only the destination is)."""
    return " and ".join(dict.fromkeys(m.country for m in embargoes))


def _eu001_destinations(ctx) -> frozenset[str]:
    for ga in ctx.cv.gas:
        if ga.code == "EU001":
            return ga.destinations
    return frozenset()


def _services(ctx) -> list[Finding]:
    """Brokering (Art. 6), technical assistance (Art. 8), transit (Art. 7) of listed items: an
    authorisation where the authority informs the person of a use referred to in Article 4(1); an aware
    person must notify (Art. 6(2), 8(2)); the transit may be prohibited (Art. 7(1))."""
    r = ctx.request
    kind = r.export_type
    article = SERVICE_ARTICLES[kind][0]
    out: list[Finding] = []
    if kind == "technical_assistance":
        eu001 = _eu001_destinations(ctx)
        resident = r.end_user_country in eu001 or r.end_user_country in ctx.snapshot.eu_member_states
        if r.destination in eu001 or resident:
            where_en = (f"into {r.destination}" if r.destination in eu001
                        else f"to a resident of {r.end_user_country}")
            where_nl = (f"in {r.destination}" if r.destination in eu001
                        else f"aan een ingezetene van {r.end_user_country}")
            out.append(Finding(
                "technical_assistance_exempt", None, f"{REG}, Article 8(7)(a); Annex II, Section A, Part 2",
                f"The technical assistance is provided {where_en}, a country covered by Union general export "
                f"authorisation EU001 or a Member State: Article 8(1) to (6) do not apply (Article 8(7)(a)), so "
                f"no authorisation is required under Article 8 whatever use the applicant is aware of.",
                f"De technische bijstand wordt verleend {where_nl}, een land van Uniale algemene "
                f"uitvoervergunning EU001 of een lidstaat: artikel 8, leden 1 tot en met 6, zijn niet van "
                f"toepassing (artikel 8, lid 7, onder a); een vergunning op grond van artikel 8 is niet vereist.",
                INFO, (), "Technical assistance outside Article 8"))
            return out + _notified(ctx, out, all_items=True)
    embargoes = ctx.embargoes
    military = ctx.military and bool(embargoes)
    for i, _, facts in ctx.items():
        if not facts.listed:
            continue
        n = i + 1
        if r.wmd:
            if kind == "transit":
                en = (f"Item {n} is listed and is or may be intended for use in connection with weapons of mass "
                      f"destruction or their delivery (Article 4(1)(a)): the competent authority of the Member "
                      f"State of transit may prohibit its transit (Article 7(1)).")
                nl = (f"Goed {n} staat op de lijst en is of kan bestemd zijn voor gebruik in verband met "
                      f"massavernietigingswapens (artikel 4, lid 1, onder a): de bevoegde autoriteit van de lidstaat "
                      f"van doorvoer kan de doorvoer verbieden (artikel 7, lid 1).")
            else:
                en = (f"Item {n} is listed and the applicant is aware of an intended use in connection with "
                      f"weapons of mass destruction or their delivery (Article 4(1)(a)): the applicant must notify "
                      f"the authority and an authorisation is required ({article}).")
                nl = (f"Goed {n} staat op de lijst en de aanvrager weet van een beoogd gebruik in verband met "
                      f"massavernietigingswapens (artikel 4, lid 1, onder a): de aanvrager moet dit melden en een "
                      f"vergunning is vereist ({_article_nl(article)}).")
            out.append(Finding("catch_all_wmd", i, f"{REG}, {article}; Article 4(1)(a)", en, nl, AD_HOC, (),
                               "WMD end use"))
        if military:
            where = _embargoed(embargoes)
            if kind == "transit":
                en = (f"Item {n} is listed and intended for a military end use in {where}, subject to an arms "
                      f"embargo within the meaning of Article 2(19) (Article 4(1)(b)): the competent authority of "
                      f"the Member State of transit may prohibit its transit (Article 7(1)).")
                nl = (f"Goed {n} staat op de lijst en is bestemd voor militair eindgebruik in {where}, dat onder "
                      f"een wapenembargo in de zin van artikel 2, punt 19, valt (artikel 4, lid 1, onder b): de "
                      f"bevoegde autoriteit van de lidstaat van doorvoer kan de doorvoer verbieden (artikel 7, "
                      f"lid 1).")
            else:
                en = (f"Item {n} is listed and intended for a military end use in {where}, subject to an arms "
                      f"embargo within the meaning of Article 2(19) (Article 4(1)(b)): the applicant must notify "
                      f"the authority and an authorisation is required ({article}).")
                nl = (f"Goed {n} staat op de lijst en is bestemd voor militair eindgebruik in {where}, dat onder "
                      f"een wapenembargo in de zin van artikel 2, punt 19, valt (artikel 4, lid 1, onder b): de "
                      f"aanvrager moet dit melden en een vergunning is vereist ({_article_nl(article)}).")
            out.append(Finding(
                "catch_all_military_embargo", i, f"{REG}, {article}; Article 4(1)(b); Article 2(19)", en, nl, AD_HOC,
                tuple(s for m in embargoes for s in src(ref(m), m.source_url)), "Military catch-all"))
        if r.unlicensed_military_parts:
            if kind == "transit":
                then_en = "the authority of the Member State of transit may prohibit its transit (Article 7(1))"
                then_nl = "de autoriteit van de lidstaat van doorvoer kan de doorvoer verbieden (artikel 7, lid 1)"
            else:
                then_en = f"the applicant must notify the authority and an authorisation is required ({article})"
                then_nl = (f"de aanvrager moet dit melden en een vergunning is vereist "
                           f"({_article_nl(article)})")
            out.append(_parts(i, f"{article}; Article 4(1)(c)", True, then_en, then_nl))
    # non-listed items are outside Articles 6 to 8 (a Member State may extend them nationally, Art. 6(3),
    # 7(3), 8(3)): no refusal ground without an authorisation to refuse
    in_scope = any(ctx.listed_flags) or r.licence_requirement_notified
    return out + _notified(ctx, out, all_items=True) + (_wmd_refusal(ctx) if in_scope else [])



def _parts(i: int, basis: str, listed: bool, then_en: str, then_nl: str) -> Finding:
    n = i + 1
    what_en = "is listed and" if listed else "is not listed, but"
    what_nl = "staat op de lijst en" if listed else "staat niet op de lijst, maar"
    return Finding(
        "catch_all_military_parts", i, f"{REG}, {basis}",
        f"Item {n} {what_en} the applicant is aware that it is intended for use as parts or components of military "
        f"items listed in the national military list that were exported from the Member State without, or in "
        f"breach of, an authorisation: {then_en}.",
        f"Goed {n} {what_nl} de aanvrager weet dat het bestemd is voor gebruik als onderdelen of componenten van "
        f"goederen van de nationale lijst van militaire goederen die zonder of in strijd met een vergunning uit de "
        f"lidstaat zijn uitgevoerd: {then_nl}.",
        AD_HOC, (), "Military parts catch-all")


def _article_nl(article: str) -> str:
    """'Article 6(1)' -> 'artikel 6, lid 1'."""
    number, _, rest = article.removeprefix("Article ").partition("(")
    return f"artikel {number}, lid {rest.rstrip(')')}" if rest else f"artikel {number}"


def _cyber(i: int, declared: bool, country: tuple | None, matched: tuple) -> Finding:
    """Article 5 finding for item ``i``: text and sources are a pure function of the reasons (cached)."""
    reasons_en, reasons_nl, sources = [], [], []
    if declared:
        reasons_en.append("the exporter is aware of a use in connection with internal repression or serious "
                          "violations of human rights or international humanitarian law (Article 5(2))")
        reasons_nl.append("de exporteur weet van gebruik in verband met binnenlandse repressie of ernstige "
                          "schendingen van mensenrechten (artikel 5, lid 2)")
    if country:
        serious, end_user_type = country
        reasons_en.append(f"the end user is a {END_USER_TYPE_EN[end_user_type]} body in a country with a "
                          f"serious human-rights concern ({'; '.join(c.basis for c in serious)[:300]})")
        reasons_nl.append(f"de eindgebruiker ({END_USER_TYPE_NL[end_user_type]}) zich bevindt in een land "
                          f"met ernstige mensenrechtenzorgen")
        sources += [s for c in serious for s in src(c.record or f"human-rights-concern:{c.country}", c.source_url)]
    if matched:
        reasons_en.append("the authority holds information about the end user")
        reasons_nl.append("de autoriteit beschikt over informatie over de eindgebruiker")
        sources += [c.record or f"end-user-concern:{c.name}" for c in matched]
    n = i + 1
    return Finding(
        "catch_all_cyber_surveillance", i, f"{REG}, Article 5(1) and 5(2)",
        f"Item {n} is a non-listed cyber-surveillance item (Article 2(20)) that is or may be intended for use "
        f"in connection with internal repression and/or serious violations of human rights or international "
        f"humanitarian law, because {'; and '.join(reasons_en)}: an authorisation is required under "
        f"Article 5(1).",
        f"Goed {n} is een niet-gelijst cybersurveillanceproduct (artikel 2, punt 20) dat bestemd (kan) zijn "
        f"voor gebruik in verband met binnenlandse repressie en/of ernstige schendingen van mensenrechten, "
        f"omdat {'; en '.join(reasons_nl)}: een vergunning is vereist op grond van artikel 5, lid 1.",
        AD_HOC, tuple(dict.fromkeys(sources)), "Cyber-surveillance catch-all")


def _notified(ctx, found: list[Finding], all_items: bool) -> list[Finding]:
    """The authority has already informed the applicant that the transaction needs a licence
    (Art. 4(1), 5(1); for services Art. 6(1), 7(1), 8(1)): every item it concerns is then assessed as
    a licence application, whether or not the engine itself sees the catch-all situation."""
    if not ctx.request.licence_requirement_notified:
        return []
    caught = {f.item for f in found}
    kind = ctx.request.export_type
    basis = f"{REG}, {SERVICE_ARTICLES[kind][0]}" if kind in SERVICE_ARTICLES else f"{REG}, Article 4(1) and 5(1)"
    return [Finding(
        "licence_requirement_notified", i, basis,
        f"The authority has informed the applicant that the transaction, including item {i + 1}, requires an "
        f"authorisation; it is assessed as a licence application.",
        f"De autoriteit heeft de aanvrager meegedeeld dat voor de transactie, waaronder goed {i + 1}, een "
        f"vergunning vereist is; zij wordt beoordeeld als vergunningaanvraag.",
        REQUIRES_LICENCE, (), "Licence requirement notified")
        for i, _item, facts in ctx.items() if (all_items or not facts.listed) and i not in caught]


def _final_destination_outside_union(country: str) -> Finding:
    return Finding(
        "intra_eu_final_destination", None, f"{REG}, Article 11(2)",
        f"The end user is in {country}, outside the Union. A Member State may require an authorisation for this "
        f"transfer where the final destination is known to be outside the Union, the export there would need an "
        f"authorisation not covered by a general or global authorisation, and the items are not processed in the "
        f"Member State of destination (Article 11(2)); the onward export needs its own authorisation.",
        f"De eindgebruiker bevindt zich in {country}, buiten de Unie. Een lidstaat kan voor deze overbrenging een "
        f"vergunning eisen als bekend is dat de eindbestemming buiten de Unie ligt, de uitvoer daarheen een "
        f"vergunning zou vereisen die niet door een algemene of globale vergunning wordt gedekt, en de goederen in "
        f"de lidstaat van bestemming niet worden be- of verwerkt (artikel 11, lid 2); voor de verdere uitvoer is "
        f"een eigen vergunning nodig.",
        CONSULT, (), "Final destination outside the Union")


_WMD_TRANSFER = Finding(
    "wmd_end_use", None, f"{REG}, Article 11(1); Annex IV; Article 4(1)(a)",
    "The applicant is aware of an intended use in connection with weapons of mass destruction or their delivery "
    "systems; the authorisation the transfer of the Annex IV items within the Union requires (Article 11(1)) "
    "should be refused.",
    "De aanvrager weet van een beoogd gebruik in verband met massavernietigingswapens of overbrengingsmiddelen "
    "daarvoor; de vergunning die de overbrenging van de goederen van Bijlage IV binnen de Unie vereist (artikel "
    "11, lid 1) moet worden geweigerd.",
    REFUSAL_GROUND, (), "WMD end use")


def _wmd_refusal(ctx) -> list[Finding]:
    if not ctx.request.wmd:
        return []
    return [Finding(
        "wmd_end_use", None, f"{REG}, Article 15(1); Article 4(1)(a)",
        "The applicant is aware of an intended use in connection with weapons of mass destruction or their "
        "delivery systems; an authorisation for this transaction should be refused.",
        "De aanvrager weet van een beoogd gebruik in verband met massavernietigingswapens of "
        "overbrengingsmiddelen daarvoor; een vergunning voor deze transactie moet worden geweigerd.",
        REFUSAL_GROUND, (), "WMD end use")]
