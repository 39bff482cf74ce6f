"""Plain-data snapshot of the reference data the rules read.

The rules engine is pure functions over these frozen dataclasses: no ORM inside rule logic.
`licensing.rules.loader` builds a Snapshot from the database and caches it in memory; the cache
is invalidated whenever reference data changes (a version counter bumped by the services that
write reference data).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

# Measures, as `humanrights.models.CountryMeasure.measure` stores them.
ARMS_EMBARGO_MEASURES = ("arms_embargo_eu", "arms_embargo_un", "arms_embargo_osce")
DUAL_USE_EXPORT_BAN = "dual_use_export_ban"
INTERNAL_REPRESSION_BAN = "internal_repression_equipment_ban"
TELECOM_MONITORING_BAN = "telecom_monitoring_ban"
POLITICAL_DECLARATION = "political_declaration"


@dataclass(frozen=True)
class GeneralAuthorisation:
    """A Union general export authorisation (Annex II), parsed to what the rules need."""

    code: str  # "EU001"
    title: str
    destinations: frozenset[str]  # ISO 3166-1 alpha-2
    excluded_destinations: frozenset[str] = frozenset()
    # Item scope. `all_annex_i`: every Annex I entry; `product_groups`: only these groups (EU007: D, E);
    # otherwise `items_included` roots (a code covers its sub-items).
    all_annex_i: bool = False
    product_groups: frozenset[str] = frozenset()
    items_included: tuple[str, ...] = ()
    # Exclusions: Section I of Annex II applies via `excludes_section_i`; further roots and whole
    # product groups (EU003/EU004 exclude all of D and/or E).
    excludes_section_i: bool = False
    excluded_items: tuple[str, ...] = ()
    excluded_product_groups: frozenset[str] = frozenset()
    # Conditions the rules can check from a request.
    requires_intra_group: bool = False  # EU007
    requires_icp: bool = False  # EU007
    excludes_government_security_end_users: bool = False  # EU007, EU008: military/police/intelligence
    excludes_cyber_surveillance_hr: bool = False  # EU005 (iv), EU007, EU008: human-rights uses
    registration_required: bool = False
    # Added for the rules engine:
    excludes_cyber_surveillance_items: bool = False  # EU007: software/technology related to 4A005, 5A001.f/j...
    excludes_embargoed_destinations: bool = False  # EU008 Part 2(c): arms embargo or dual-use restrictive measures
    purpose: str = ""  # "repair" (EU003) or "exhibition" (EU004): usable only for that purpose, never inferred
    conditions: tuple[str, ...] = ()  # what the exporter must do (customs declaration, first use...)
    source_url: str = ""


@dataclass(frozen=True)
class ListVersion:
    """One version of Annex I (with its Annex II and Annex IV) as the rules see it."""

    version_id: str  # "02021R0821-20251115"
    valid_from: date
    codes: frozenset[str]  # every item code, entries and sub-items (notes excluded)
    titles: dict[str, str] = field(default_factory=dict, hash=False, compare=False)  # code -> item text
    annex_iv: frozenset[str] = frozenset()  # Annex IV roots; a root covers its sub-items
    section_i: frozenset[str] = frozenset()  # Annex II Section I roots beyond "all of Annex IV"
    general_authorisations: tuple[GeneralAuthorisation, ...] = ()
    source_url: str = ""


@dataclass(frozen=True)
class CountryMeasure:
    country: str  # ISO2
    measure: str  # one of the constants above
    scope: str  # "full" | "partial"
    legal_basis: str
    since: date | None
    until: date | None = None
    source_url: str = ""
    notes: str = ""
    needs_check: bool = False  # the source row is marked UNSURE
    record: str = ""  # stable reference for findings, e.g. "country-measure:RU:dual_use_export_ban"


@dataclass(frozen=True)
class CountryConcern:
    country: str
    level: str  # "serious" | "elevated" | ...
    basis: str
    source: str
    source_url: str = ""
    since: date | None = None
    until: date | None = None
    record: str = ""


@dataclass(frozen=True)
class EndUserConcern:
    name: str
    aliases: tuple[str, ...]
    country: str
    basis: str
    source: str
    source_url: str = ""
    since: date | None = None
    until: date | None = None
    record: str = ""
    officer_only: bool = True  # exporters are told only that a concern exists


@dataclass(frozen=True)
class Denial:
    """A refusal notified under Art. 16 (ours or another member state's)."""

    reference: str
    member_state: str  # ISO2 of the denying state
    control_entries: tuple[str, ...]
    end_user: str
    consignee: str
    destination: str
    end_use: str
    denied_on: date
    revoked_on: date | None = None
    record: str = ""
    end_user_country: str = ""  # blank: in the destination


# A matcher takes (name, country, candidates) and returns [(candidate, score 0..100)] above its threshold.
NameMatcher = Callable[[str, str, Iterable[str]], list[tuple[str, float]]]


@dataclass(frozen=True)
class Snapshot:
    versions: tuple[ListVersion, ...]  # sorted by valid_from ascending
    measures: tuple[CountryMeasure, ...] = ()
    country_concerns: tuple[CountryConcern, ...] = ()
    end_user_concerns: tuple[EndUserConcern, ...] = ()
    denials: tuple[Denial, ...] = ()
    deploying_state: str = "NL"
    eu_member_states: frozenset[str] = frozenset(
        "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
    )
    stamp: str = ""  # identifies the reference data this snapshot was built from

    def version_on(self, day: date) -> ListVersion | None:
        current = None
        for v in self.versions:
            if v.valid_from <= day:
                current = v
        return current
