"""The plain-data request the rules evaluate (what validation and its fast path build), its choices
and size limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pycountry

from controllists import codes

EXPORT_TYPES = ("export", "intra_eu_transfer", "brokering", "technical_assistance", "transit")
END_USER_TYPES = ("government", "police_security", "intelligence", "military", "commercial", "research",
                  "individual", "unknown")
# Article 4(2) awareness of the uses of Article 4(1)(a), (b) and (c), and Article 5(2) awareness
DECLARATIONS = ("wmd", "military_end_use", "internal_repression", "unlicensed_military_parts")
# What an export is for where a general authorisation depends on it: EU003 (export after repair or
# replacement) and EU004 (temporary export for an exhibition or fair)
PURPOSES = ("repair", "exhibition")
ISO_COUNTRIES = frozenset(c.alpha_2 for c in pycountry.countries)
# Frequent non-ISO spellings and what was probably meant.
COUNTRY_HINTS = {"UK": "GB", "EL": "GR", "XK": None, "EU": None}


@dataclass(frozen=True)
class Item:
    description: str
    control_entry: str | None  # normalised, present in the list version in force
    cyber_surveillance: bool
    quantity: float | None = None
    value_eur: float | None = None


@dataclass(frozen=True)
class Request:
    as_of: date
    destination: str
    items: tuple[Item, ...]
    export_type: str = "export"
    exporter_member_state: str = "NL"
    has_icp: bool = False
    intra_group: bool = False
    end_user_name: str = ""
    end_user_country: str = ""
    end_user_type: str = "unknown"
    end_use: str = ""
    consignee_name: str = ""
    wmd: bool = False
    military_end_use: bool = False
    internal_repression: bool = False
    licence_requirement_notified: bool = False
    version_id: str = ""  # the Annex I version in force on as_of
    consignees: tuple[str, ...] = ()  # further consignees' names (an application may have several)
    intermediate_consignees: tuple[str, ...] = ()  # intermediate consignees' names
    purpose: str = ""  # "", or one of PURPOSES
    free_zone: bool = False  # the items go to a customs-free zone or free warehouse (excluded by GAs)
    unlicensed_military_parts: bool = False  # Art. 4(1)(c): parts of military items exported illegally


_normalise = lru_cache(maxsize=65536)(codes.normalise)  # pure; invalid codes raise and are not cached

NAME_MAX, TEXT_MAX, ITEMS_MAX, PARTIES_MAX = 300, 5000, 200, 50
PARTY_LISTS = ("consignees", "intermediate_consignees")
