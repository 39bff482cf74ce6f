"""Deterministic generator of realistic, varied request bodies (golden check and benchmark pool).

``bodies(snapshot, n, seed)`` gives ``n`` JSON-like request bodies drawn from a fixed-seed RNG:
destinations across embargoed, sanctioned, GA and ordinary countries; end users that match
registered concerns, denials, abbreviations or nothing; listed, cyber-surveillance, Annex IV and
non-listed items; every export type and declaration; dates across list versions and measures.
``invalid`` bodies (bad codes, countries, dates, types) are mixed in unless ``valid_only``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

DESTINATIONS = (
    # weighted towards ordinary and GA destinations, with every sanctioned/embargoed one present
    "US", "US", "JP", "CN", "CN", "CN", "IN", "IN", "SG", "KR", "AE", "AE", "BR", "TR", "CH", "NO", "AU", "CA",
    "GB", "NZ", "ZA", "MX", "SA", "IL", "TW", "VN", "TH", "MY", "ID", "PK", "KZ", "UA", "RS", "MA", "NG",
    "RU", "IR", "BY", "KP", "SY", "VE", "MM", "LY", "SS", "SD", "ZW", "HT", "IQ", "CF", "CD", "SO", "YE", "LB",
    "AF", "AM", "AZ", "EG", "EG",
)
EU = ("DE", "FR", "BE", "IT", "ES", "PL", "AT", "SE")
COMPANY_WORDS = ("Shenzhen", "Global", "Northern", "Pacific", "Alpha", "Delta", "Orion", "Nova", "Sun", "Blue",
                 "Star", "Hanseatic", "Eastern", "Tech", "Precision", "Dynamic", "Atlas", "Vector", "Summit", "Zenith")
COMPANY_KINDS = ("Technology", "Networks", "Instruments", "Systems", "Telecom", "Electronics", "Trading",
                 "Engineering", "Machinery", "Research Institute", "University", "Security Services", "Logistics")
LEGAL = ("Co., Ltd.", "Ltd", "Inc.", "LLC", "GmbH", "S.A.", "JSC", "", "", "Pte. Ltd.")
GOVERNMENT = ("Ministry of Public Security", "MPS", "Ministry of State Security", "Public Security Bureau",
              "Ministry of Interior", "National Police", "Federal Security Service", "FSB", "Army Signal Corps",
              "Islamic Revolutionary Guard Corps", "IRGC", "Ministry of Defence", "People's Liberation Army",
              "Border Guard Service", "Municipal Police Department")
END_USER_TYPES = ("government", "police_security", "intelligence", "military", "commercial", "commercial",
                  "commercial", "research", "individual", "unknown")
EXPORT_TYPES = ("export",) * 12 + ("intra_eu_transfer", "brokering", "technical_assistance", "transit")
DESCRIPTIONS = ("VPN gateway", "Emotion recognition software", "Machine tool", "Router", "Pump", "Sensor",
                "Lawful interception system", "Encryption module", "Camera", "Laser", "Valve", "Software")
FOCUS_CODES = ("5A002.a.2", "5A001.j", "5A001.f", "5A004.b", "4A005", "4D004", "4E001.c", "5D002.c.1",
               "2B001.a", "1C351.d.4", "6A001.a", "3A001.a.3", "9A117", "0A001.a", "5D002", "5E002", "1A001.a")
BAD_CODES = ("5A999", "9Z001", "5A001.zz.9", "", "..", "5A002.a.99", "1C351.x")


def _names(snapshot) -> list[str]:
    """Names that (nearly) match something registered: concerns, their aliases, denials."""
    out = []
    for c in snapshot.end_user_concerns:
        out += [c.name, *c.aliases, c.name.upper(), c.name.replace(" and ", " & ") + ", Kashgar branch",
                c.name[:-2]]
    for d in snapshot.denials:
        out += [d.end_user, d.end_user + " Ltd", d.consignee]
    return [n for n in out if n]


def _company(rng: random.Random) -> str:
    parts = [rng.choice(COMPANY_WORDS), rng.choice(COMPANY_WORDS), rng.choice(COMPANY_KINDS), rng.choice(LEGAL)]
    if rng.random() < 0.3:
        parts.insert(0, str(rng.randint(1, 999)))
    return " ".join(p for p in parts if p)


def _name(rng: random.Random, registered: list[str]) -> str:
    x = rng.random()
    if registered and x < 0.12:
        return rng.choice(registered)
    if x < 0.3:
        g = rng.choice(GOVERNMENT)
        return g if rng.random() < 0.5 else f"{g} of {rng.choice(('Xinjiang', 'Tehran', 'Minsk', 'Moscow', 'Yangon'))}"
    if x < 0.33:
        return ""
    return _company(rng)


def _code(rng: random.Random, all_codes: list[str], valid_only: bool, common: bool = False):
    x = rng.random()
    if x < 0.3:
        return None
    if x < 0.65 or common:
        code = rng.choice(FOCUS_CODES)
    else:
        code = rng.choice(all_codes)
    if not valid_only and rng.random() < 0.02:
        return rng.choice(BAD_CODES)
    if rng.random() < 0.05:
        code = code.lower() + "."  # accepted spelling variants
    return code


def bodies(snapshot, n: int, seed: int = 1, *, valid_only: bool = False, n_items: int | None = None,
           common_codes: bool = False) -> list[dict]:
    """``common_codes``: items only non-listed or under the frequently exported entries of FOCUS_CODES
    (otherwise a third of the codes are drawn from the whole list)."""
    rng = random.Random(seed)
    registered = _names(snapshot)
    all_codes = sorted(snapshot.versions[-1].codes)
    first = snapshot.versions[0].valid_from
    out = []
    while len(out) < n:
        export_type = rng.choice(EXPORT_TYPES)
        destination = rng.choice(EU) if export_type == "intra_eu_transfer" else rng.choice(DESTINATIONS)
        if not valid_only and rng.random() < 0.02:
            destination = rng.choice(("UK", "EL", "XX", "de", " us ", 12, None))
        if rng.random() < 0.7:
            as_of = "2026-11-23"
        else:
            day = first + timedelta(days=rng.randint(-30 if not valid_only else 0, (date(2026, 12, 31) - first).days))
            as_of = day.isoformat()
        body: dict = {"as_of": as_of, "destination": destination}
        if rng.random() < 0.8:
            body["export_type"] = export_type
        elif export_type != "export":
            body["export_type"] = export_type
        end_user: dict = {"name": _name(rng, registered), "type": rng.choice(END_USER_TYPES)}
        if rng.random() < 0.2:
            end_user["country"] = rng.choice(DESTINATIONS) if rng.random() < 0.5 else destination
        body["end_user"] = end_user
        if rng.random() < 0.25:
            body["consignee"] = {"name": _name(rng, registered)} if rng.random() < 0.8 else _company(rng)
        if rng.random() < 0.5:
            body["end_use"] = rng.choice(("Network security", "Research", "Monitoring", "Production", ""))
        if rng.random() < 0.4:
            body["exporter"] = {"has_icp": rng.random() < 0.5, "intra_group": rng.random() < 0.4}
        items = []
        count = 3 if rng.random() < 0.8 else rng.randint(1, 5)
        for _ in range(n_items or count):
            it: dict = {"description": rng.choice(DESCRIPTIONS),
                        "control_entry": _code(rng, all_codes, valid_only, common_codes),
                        "cyber_surveillance": rng.random() < 0.3}
            if rng.random() < 0.8:
                it["quantity"] = rng.randint(1, 500)
            if rng.random() < 0.8:
                it["value_eur"] = round(rng.uniform(100, 2_000_000), 2) if rng.random() < 0.5 else rng.randint(1, 10**6)
            items.append(it)
        if snapshot.denials and rng.random() < 0.08:  # a transaction like a notified denial
            d = rng.choice(snapshot.denials)
            body["destination"], body["export_type"] = d.destination, "export"
            end_user["name"] = rng.choice((d.end_user, d.end_user.upper(), d.end_user + " LLC"))
            items[0]["control_entry"] = rng.choice(d.control_entries) if d.control_entries else None
            body["as_of"] = (d.denied_on + timedelta(days=rng.randint(-10, 1200))).isoformat()
        body["items"] = items
        body["declarations"] = {"wmd": rng.random() < 0.05, "military_end_use": rng.random() < 0.1,
                                "internal_repression": rng.random() < 0.05}
        body["licence_requirement_notified"] = rng.random() < 0.07
        if not valid_only and rng.random() < 0.02:
            body[rng.choice(("as_of", "items", "end_user", "declarations"))] = rng.choice(
                ("2026-02-30", [], "x", {"wmd": "yes"}, 3, "2019-01-01"))
        out.append(body)
    return out
