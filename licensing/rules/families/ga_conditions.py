"""The conditions of each Union general export authorisation (Annex II, Part 3 of each Section) in
Dutch, for the general_authorisation finding. The English conditions come with the reference data
(``GeneralAuthorisation.conditions``); these are the same conditions, as a Dutch decision states them.
Not a rule family: it registers no rule."""

from __future__ import annotations

_AWARE = ("Niet te gebruiken als de exporteur door de bevoegde autoriteit is geïnformeerd of weet dat de goederen "
          "geheel of gedeeltelijk (kunnen) zijn bestemd voor gebruik in verband met chemische, biologische of "
          "nucleaire wapens of raketten daarvoor, voor militair eindgebruik in de zin van artikel 4, lid 1, onder b, "
          "in een land onder wapenembargo, of als onderdelen van militaire goederen die zonder of in strijd met een "
          "vergunning zijn uitgevoerd.")
_FREE_ZONE = "Niet te gebruiken voor uitvoer naar een vrije zone of een vrij entrepot in een bestemming van de vergunning."
_FIRST_USE = ("Meld het eerste gebruik aan de bevoegde autoriteit binnen 30 dagen na de eerste uitvoer (of vóór het "
              "eerste gebruik als de lidstaat dat eist); de lidstaat bepaalt de rapportageverplichtingen en kan "
              "registratie vooraf eisen.")
_SECURITY = ("Niet te gebruiken als de exporteur is geïnformeerd of weet van gebruik in verband met "
             "massavernietigingswapens; van militair, paramilitair, politie-, inlichtingen-, surveillance- of ander "
             "veiligheidseindgebruik door of namens de overheid; van gebruik als onderdelen van zonder vergunning "
             "uitgevoerde militaire goederen; of van gebruik in verband met schending van mensenrechten, democratische "
             "beginselen of de vrijheid van meningsuiting; evenmin als de geadresseerde of eindgebruiker een militaire, "
             "paramilitaire, politie-, inlichtingen- of andere veiligheidsdienst van de overheid is.")


def _declare(code: str) -> str:
    return f"Vermeld in de douaneaangifte dat de goederen onder {code} worden uitgevoerd."


def _re_export(code: str) -> str:
    return (f"Niet te gebruiken als de exporteur weet dat de goederen worden wederuitgevoerd naar een andere "
            f"bestemming dan die van {code}, die van EU001 of een lidstaat.")


CONDITIONS_NL: dict[str, tuple[str, ...]] = {
    "EU001": (_AWARE, _FREE_ZONE, _declare("EU001"), _FIRST_USE,
              "De bestemming Verenigd Koninkrijk laat de toepassing van Verordening (EU) 2021/821 in Noord-Ierland "
              "onverlet."),
    "EU002": (_AWARE, _FREE_ZONE, _declare("EU002"), _FIRST_USE),
    "EU003": ("Alleen voor uitvoer naar de oorspronkelijke eindgebruiker na onderhoud, herstel of vervanging in de "
              "Unie, als de oorspronkelijke uitvoer plaatsvond onder een Uniale algemene uitvoervergunning of een "
              "vergunning van de lidstaat van de oorspronkelijke exporteur, binnen vijf jaar na die vergunning en "
              "zonder verbetering van de oorspronkelijke kenmerken (of in ruil voor goederen van dezelfde kwaliteit "
              "en hetzelfde aantal).",
              _AWARE,
              "Niet te gebruiken voor een vrije zone of vrij entrepot, als de oorspronkelijke vergunning is "
              "nietig verklaard, geschorst, gewijzigd of ingetrokken, of als de exporteur weet dat het eindgebruik "
              "afwijkt van dat van de oorspronkelijke vergunning.",
              "Vermeld EU003 en de oorspronkelijke vergunning (referentie en lidstaat) in de douaneaangifte en lever "
              "op verzoek bewijs van de datum van invoer, het herstel of de vervanging en de terugzending aan de "
              "oorspronkelijke eindgebruiker.",
              _FIRST_USE),
    "EU004": ("Alleen voor tijdelijke uitvoer voor een tentoonstelling of beurs; de goederen worden binnen 120 dagen "
              "volledig en ongewijzigd in de Unie wederingevoerd (ontheffing van de wederinvoer alleen op verzoek, "
              "volgens de procedure voor individuele vergunningen).",
              _AWARE, _FREE_ZONE,
              "Niet te gebruiken voor goederen gerubriceerd als CONFIDENTIEL UE/EU CONFIDENTIAL of hoger; als "
              "terugkeer zonder verwijdering, kopiëren of verspreiding niet is gewaarborgd of technologie bij een "
              "presentatie wordt overgedragen; voor besloten presentaties of showrooms; als de goederen in een "
              "productieproces worden opgenomen, meer dan minimaal voor demonstratie worden gebruikt, als gevolg van "
              "verkoop, verhuur of lease worden uitgevoerd of alleen daarvoor worden opgeslagen; of als de exporteur "
              "niet steeds de controle over de goederen behoudt.",
              _declare("EU004"), _FIRST_USE),
    "EU005": (_AWARE,
              "Niet te gebruiken als de exporteur is geïnformeerd of weet dat de goederen bestemd zijn voor gebruik in "
              "verband met schending van mensenrechten, democratische beginselen of de vrijheid van meningsuiting door "
              "middel van interceptietechnologie en apparatuur voor digitale gegevensoverdracht voor het monitoren van "
              "mobiele telefoons en sms-berichten en gerichte surveillance van internetgebruik (bijvoorbeeld "
              "monitoringcentra en lawful interception gateways).",
              _re_export("EU005"), _FREE_ZONE, _declare("EU005"), _FIRST_USE),
    "EU006": (_AWARE, _re_export("EU006"), _FREE_ZONE, _declare("EU006"), _FIRST_USE),
    "EU007": ("De exporteur is een in een lidstaat gevestigde rechtspersoon en de ontvanger een volledig door hem "
              "beheerste dochteronderneming of een zusteronderneming van dezelfde moedermaatschappij; de "
              "moedermaatschappij en de uiteindelijk zeggenschap hebbende entiteit zijn gevestigd in een lidstaat of "
              "een EU001-land; de moedermaatschappij staat garant voor de naleving door een zusteronderneming.",
              "De programmatuur en technologie worden uitsluitend gebruikt voor de commerciële productontwikkeling "
              "van de groep, blijven onder volledige controle van de exporteur (of de moedermaatschappij), worden "
              "niet gedeeld en worden na afloop, of bij overname van de ontvanger, teruggegeven of gewist, evenals de "
              "daaruit voortgekomen technologie.",
              _SECURITY,
              "Niet te gebruiken als de exporteur weet dat de programmatuur of technologie wordt wederuitgevoerd naar "
              "een andere bestemming dan die van EU001 of een lidstaat.",
              "De exporteur past een intern nalevingsprogramma (ICP) toe.",
              "Vermeld EU007 in de douaneaangifte bij materiële uitvoer.",
              "Registreer vóór het eerste gebruik (automatisch, bevestigd binnen 10 werkdagen); meld het eerste "
              "gebruik ten minste 30 dagen vóór de eerste uitvoer; rapporteer ten minste jaarlijks."),
    "EU008": ("Alleen goederen die uitsluitend gepubliceerde of commerciële cryptografische standaarden van "
              "internationaal erkende normalisatie-instellingen gebruiken, geen overheidsspecifieke standaarden "
              "(zoals TETRA, TETRAPOL, P25), en waarvan de cryptografische functionaliteit niet gemakkelijk door de "
              "gebruiker kan worden gewijzigd.",
              "Niet voor goederen die zijn geaccrediteerd (of worden geaccrediteerd) voor gerubriceerde informatie "
              "van het niveau RESTREINT UE/EU RESTRICTED of hoger, of zelf zo zijn gerubriceerd.",
              _SECURITY,
              "Niet te gebruiken als de exporteur weet dat de goederen worden wederuitgevoerd naar een krachtens "
              "deel 2, onder b of c, uitgesloten bestemming; niet voor uitvoer naar een vrije zone of vrij "
              "entrepot; niet als de uitvoer onder een andere rubriek van Bijlage I valt.",
              "Vermeld in de douaneaangifte, waar die vereist is, dat de goederen onder EU008 worden uitgevoerd.",
              "Registreer vóór het eerste gebruik (automatisch, bevestigd binnen 10 werkdagen); meld het eerste "
              "gebruik ten minste 10 dagen vóór de eerste uitvoer.",
              "Verstrek op verzoek technische gegevens (fabrikant, product, model, beschrijving, algoritmen en "
              "sleutelbeheer, protocollen, interfaces, classificatie), meld wijzigingen en rapporteer op verzoek ten "
              "minste jaarlijks over het gebruik.",
              "Een lidstaat kan een exporteur om redenen van nationale veiligheid het gebruik van EU008 verbieden."),
}


def conditions_nl(code: str) -> str:
    """The Dutch conditions of a general authorisation, or a pointer to Annex II for an unknown code."""
    found = CONDITIONS_NL.get(code)
    if not found:
        return f"De exporteur moet voldoen aan alle voorwaarden van {code} in Bijlage II."
    return " ".join(found)
