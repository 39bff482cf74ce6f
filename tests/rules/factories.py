"""Compact hand-built Snapshots and requests for unit tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from licensing.rules.snapshot import (
    CountryConcern,
    CountryMeasure,
    Denial,
    EndUserConcern,
    GeneralAuthorisation,
    ListVersion,
    Snapshot,
)
from licensing.rules.validation import Item, Request

CODES = frozenset({
    "1A001", "1A001.a", "1C351", "1C351.d", "1C351.d.4", "0A001", "0A001.a", "2B001", "2B001.a",
    "3A001", "3A001.a", "3A001.a.3", "4A005", "4D004", "4E001", "4E001.c", "4D001",
    "5A001", "5A001.j", "5A001.f", "5A002", "5A002.a", "5A002.a.2", "5A004", "5A004.b", "5D002", "5D002.c",
    "5D002.c.1", "6A001", "6A001.a", "9A117",
})
OLD_CODES = CODES - {"2B001.a"}

EU001 = GeneralAuthorisation(code="EU001", title="Low-risk partners", destinations=frozenset({"US", "JP", "GB"}),
                             all_annex_i=True, excludes_section_i=True, conditions=("Declare EU001.",))
EU002 = GeneralAuthorisation(code="EU002", title="Certain items", destinations=frozenset({"KR", "TR"}),
                             items_included=("1A001", "3A001.a.3"), conditions=("Declare EU002.",))
EU007 = GeneralAuthorisation(code="EU007", title="Intra-group software and technology",
                             destinations=frozenset({"IN", "SG"}), product_groups=frozenset({"D", "E"}),
                             excludes_section_i=True, excluded_items=("4D004", "4E001.c"),
                             requires_intra_group=True, requires_icp=True,
                             excludes_government_security_end_users=True, excludes_cyber_surveillance_hr=True,
                             excludes_cyber_surveillance_items=True, registration_required=True)
EU008 = GeneralAuthorisation(code="EU008", title="Encryption", destinations=frozenset({"IN", "SG", "KR", "HT"}),
                             excluded_destinations=frozenset({"CN"}), items_included=("5A002.a.2", "5D002.c.1"),
                             excludes_government_security_end_users=True, excludes_cyber_surveillance_hr=True,
                             excludes_embargoed_destinations=True, registration_required=True)
GAS = (EU001, EU002, EU007, EU008)

NEW = ListVersion("V2025", date(2025, 11, 15), CODES, {"5A001.j": "IP network surveillance"},
                  annex_iv=frozenset({"1C351.d.4", "0A001", "6A001.a"}), section_i=frozenset({"1C351", "9A117"}),
                  general_authorisations=GAS)
OLD = ListVersion("V2021", date(2021, 9, 9), OLD_CODES, annex_iv=NEW.annex_iv, section_i=NEW.section_i,
                  general_authorisations=GAS)


def measure(country, kind, scope="full", since=date(2020, 1, 1), until=None, basis=None):
    return CountryMeasure(country, kind, scope, basis or f"Council Regulation on {country}", since, until,
                          record=f"country-measure:{country}:{kind}")


MEASURES = (
    measure("RU", "dual_use_export_ban"), measure("RU", "arms_embargo_eu"),
    measure("IR", "dual_use_export_ban", since=date(2025, 9, 30)), measure("IR", "telecom_monitoring_ban"),
    measure("MM", "dual_use_export_ban", scope="partial"), measure("MM", "arms_embargo_eu"),
    measure("SY", "telecom_monitoring_ban"), measure("SY", "internal_repression_equipment_ban"),
    measure("CN", "political_declaration", scope="partial"),
    measure("LB", "arms_embargo_un", scope="partial"), measure("HT", "arms_embargo_eu", scope="partial"),
)
CONCERNS = (
    CountryConcern("CN", "serious", "Xinjiang", "OHCHR", record="human-rights-concern:CN"),
    CountryConcern("SY", "serious", "Repression", "Council", record="human-rights-concern:SY"),
    CountryConcern("IN", "elevated", "Internet shutdowns", "NGO", record="human-rights-concern:IN"),
)
END_USERS = (
    EndUserConcern("Xinjiang Production and Construction Corps Public Security Bureau",
                   ("XPCC Public Security Bureau",), "CN", "EU human-rights sanctions", "Reg 2021/478",
                   record="end-user-concern:1"),
)
DENIALS = (
    Denial("DE-2024-1", "DE", ("5A001.j",), "Example Telecom Authority", "", "AE", "monitoring",
           date(2024, 5, 1), record="denial:DE-2024-1"),
    Denial("NL-2023-9", "NL", ("5A001.j",), "Example Telecom Authority", "", "AE", "monitoring",
           date(2023, 6, 1), record="denial:NL-2023-9"),
)


def snapshot(**changes) -> Snapshot:
    base = Snapshot(versions=(OLD, NEW), measures=MEASURES, country_concerns=CONCERNS,
                    end_user_concerns=END_USERS, denials=DENIALS, stamp="factory")
    return replace(base, **changes)


def item(code=None, cyber=False, description="item") -> Item:
    return Item(description, code, cyber, 1, 1000)


def request(*items: Item, **kw) -> Request:
    kw.setdefault("as_of", date(2026, 1, 1))
    kw.setdefault("destination", "US")
    kw.setdefault("end_user_type", "commercial")
    kw.setdefault("end_user_name", "Example Corp")
    snap_version = "V2025" if kw["as_of"] >= date(2025, 11, 15) else "V2021"
    kw.setdefault("version_id", snap_version)
    kw.setdefault("end_user_country", kw["destination"])
    return Request(items=items or (item("5A002.a.2"),), **kw)
