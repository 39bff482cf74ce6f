"""Per-snapshot lookup structures (built once) and the per-request context the rule families read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from controllists import codes

from .findings import Finding
from .names import NameIndex
from .snapshot import ARMS_EMBARGO_MEASURES, CountryConcern, CountryMeasure, EndUserConcern, ListVersion, Snapshot
from .validation import Item, Request

SECURITY_END_USERS = frozenset({"government", "police_security", "intelligence", "military"})
ARMED_SECURITY_END_USERS = frozenset({"police_security", "intelligence", "military"})
END_USER_TYPE_EN = {"government": "government", "police_security": "police or security", "intelligence": "intelligence",
                    "military": "military", "commercial": "commercial", "research": "research",
                    "individual": "private individual", "unknown": "unidentified"}
END_USER_TYPE_NL = {"government": "overheid", "police_security": "politie of veiligheidsdienst",
                    "intelligence": "inlichtingendienst", "military": "krijgsmacht", "commercial": "commercieel bedrijf",
                    "research": "onderzoeksinstelling", "individual": "particulier", "unknown": "onbekend"}


def in_force(since: date | None, until: date | None, day: date) -> bool:
    return (since is None or since <= day) and (until is None or day < until)


@dataclass(frozen=True)
class ItemFacts:
    """What the list version says about one code (cached per version and code)."""

    code: str | None
    listed: bool
    annex_iv: str | None  # the Annex IV root it falls under
    section_i: str | None  # the Annex II Section I root (Annex IV roots included)
    cyber_root: str | None  # the listed cyber-surveillance root it falls under
    title: str = ""
    annex_iv_below: tuple[str, ...] = ()  # outside Annex IV, but these sub-items of it are in it


class CompiledVersion:
    def __init__(self, version: ListVersion):
        self.version = version
        self.annex_iv = tuple(sorted(version.annex_iv, key=codes.sort_key))
        self.section_i = tuple(sorted(version.section_i, key=codes.sort_key))
        self.gas = tuple(sorted(version.general_authorisations, key=lambda g: g.code))
        self._facts: dict[str | None, ItemFacts] = {}
        self._gas_for: dict[str, tuple] = {}
        self.ga_items: dict[tuple, tuple[bool, str | None]] = {}  # (GA, code, cyber) -> (in scope, exclusion)
        self.memo: dict = {}  # findings the families derive from this version alone (bounded)
        self.rows: dict[tuple, tuple] = {}  # items' (code, id(cyber flag)) -> Context item facts (bounded)

    def remember(self, key, value):
        if len(self.memo) > 100000:
            self.memo.clear()
        self.memo[key] = value
        return value

    def item_rows(self, items, key: tuple) -> tuple:
        """(facts, cyber flags, listed flags, codes, plain) of a request's items; kept under ``key``
        when every cyber flag is a bool."""
        facts = tuple([self.facts(i.control_entry) for i in items])
        cyber = tuple([item.cyber_surveillance or f.cyber_root is not None for item, f in zip(items, facts, strict=True)])
        plain = all(type(c) is bool for c in cyber)
        hit = (facts, cyber, tuple([f.listed for f in facts]), tuple([f.code for f in facts]), plain)
        if plain and all(type(i.cyber_surveillance) is bool for i in items):
            if len(self.rows) > 100000:
                self.rows.clear()
            self.rows[key] = hit
        return hit

    def gas_for(self, destination: str) -> tuple:
        """General authorisations whose destination lists include ``destination`` (cached)."""
        hit = self._gas_for.get(destination)
        if hit is None:
            hit = self._gas_for[destination] = tuple(
                g for g in self.gas if destination in g.destinations and destination not in g.excluded_destinations)
        return hit

    def facts(self, code: str | None) -> ItemFacts:
        hit = self._facts.get(code)
        if hit is None:
            if code is None:
                hit = ItemFacts(None, False, None, None, None)
            else:
                iv = codes.within_any(code, self.annex_iv)
                below = () if iv else _topmost([r for r in self.annex_iv if r.startswith(code + ".")])
                hit = ItemFacts(code, code in self.version.codes, iv,
                                iv or codes.within_any(code, self.section_i),
                                codes.within_any(code, codes.CYBER_SURVEILLANCE_ROOTS),
                                self.version.titles.get(code, ""), below)
            self._facts[code] = hit
        return hit


def _topmost(found: list[str]) -> tuple[str, ...]:
    """The codes of ``found`` (in list order) that have no ancestor in it."""
    return tuple(c for c in found if codes.within_any(c, [r for r in found if r != c]) is None)


class DestinationState:
    """Measures and concerns in force for a destination, indexed; ``memo`` holds the findings the
    families derive from them and a few request facts (bounded)."""

    __slots__ = ("destination", "measures", "concerns", "by_kind", "serious", "embargoes", "memo")

    def __init__(self, destination: str, measures: tuple, concerns: tuple):
        self.destination = destination
        self.measures = measures
        self.concerns = concerns
        by_kind: dict[str, tuple] = {}
        for m in measures:
            by_kind[m.measure] = by_kind.get(m.measure, ()) + (m,)
        self.by_kind = by_kind
        self.serious = tuple(c for c in concerns if c.level == "serious")
        self.embargoes = tuple(m for m in measures if m.measure in ARMS_EMBARGO_MEASURES)
        self.memo: dict = {}

    def remember(self, key, value):
        if len(self.memo) > 4096:
            self.memo.clear()
        self.memo[key] = value
        return value


class Compiled:
    """Everything the rules look up, indexed once per snapshot."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        self.versions = {v.version_id: CompiledVersion(v) for v in snapshot.versions}
        self.measures: dict[str, tuple[CountryMeasure, ...]] = _by_country(snapshot.measures)
        self.concerns: dict[str, tuple[CountryConcern, ...]] = _by_country(snapshot.country_concerns)
        self.end_user_concerns = tuple(snapshot.end_user_concerns)
        self._names: dict[tuple, list] = {}
        self._in_force: dict[tuple[str, date], DestinationState] = {}
        self._states: dict[tuple, DestinationState] = {}
        self.results: dict = {}  # (request, audience) -> response, filled by the engine
        self.denials_by_destination = {}
        for d in snapshot.denials:
            self.denials_by_destination.setdefault(d.destination, []).append(d)
        self._end_user_index: NameIndex | None = None
        self._denial_indexes: dict[str, NameIndex] = {}
        self._denials_near: dict[tuple, frozenset[int]] = {}

    def in_force_for(self, destination: str, day: date) -> tuple[tuple[CountryMeasure, ...], tuple[CountryConcern, ...]]:
        """Measures and country concerns in force for a destination on a day (cached)."""
        state = self.destination_state(destination, day)
        return state.measures, state.concerns

    def destination_state(self, destination: str, day: date) -> DestinationState:
        """What is in force for a destination on a day (cached; days with the same measures and
        concerns in force share one state, and with it the families' memos)."""
        key = (destination, day)
        hit = self._in_force.get(key)
        if hit is None:
            measures = tuple(m for m in self.measures.get(destination, ()) if in_force(m.since, m.until, day))
            concerns = tuple(c for c in self.concerns.get(destination, ()) if in_force(c.since, c.until, day))
            content = (destination, tuple(map(id, measures)), tuple(map(id, concerns)))
            hit = self._states.get(content)
            if hit is None:
                hit = self._states[content] = DestinationState(destination, measures, concerns)
            if len(self._in_force) > 50000:
                self._in_force.clear()
            self._in_force[key] = hit
        return hit

    def name_matches(self, name: str, consignee: str, country: str, *, others: tuple[str, ...] = (),
                     indexed: bool = True) -> list[tuple[EndUserConcern, float, str]]:
        """All registered end-user concerns (any date) matching any of the names (``others``: further
        consignees), best first; cached. ``indexed=False`` scores every concern (the reference the
        blocking index must equal)."""
        key = (name, consignee, country, others)
        hit = self._names.get(key) if indexed else None
        if hit is None:
            from humanrights.matching import DEFAULT_THRESHOLD, SAME_COUNTRY_BONUS, best_matches

            concerns = self.end_user_concerns
            found: dict = {}
            for n in (name, consignee, *others):
                if not n:
                    continue
                if indexed:  # only the concerns that can reach the threshold, the country bonus included
                    near = [concerns[i] for i in self.end_user_index.near(n, DEFAULT_THRESHOLD - SAME_COUNTRY_BONUS)]
                    if not near:
                        continue
                else:
                    near = concerns
                cands = ((c, [c.name, *c.aliases], c.country) for c in near)
                for c, s, matched in best_matches(n, country, cands):
                    if c not in found or found[c][0] < s:
                        found[c] = (s, matched)
            hit = sorted(((c, s, m) for c, (s, m) in found.items()), key=lambda x: (-x[1], x[0].name))
            if indexed:
                if len(self._names) > 10000:
                    self._names.clear()
                self._names[key] = hit
        return hit

    @property
    def end_user_index(self) -> NameIndex:
        """The names and aliases of the end-user concerns, indexed on first use."""
        if self._end_user_index is None:
            self._end_user_index = NameIndex([c.name, *c.aliases] for c in self.end_user_concerns)
        return self._end_user_index

    def denials_near(self, destination: str, names: tuple[str, ...], min_score: float) -> frozenset[int]:
        """Positions in ``denials_by_destination[destination]`` of the denials whose end user or
        consignee may score ``min_score`` or more against one of ``names``; cached."""
        key = (destination, names, min_score)
        hit = self._denials_near.get(key)
        if hit is None:
            index = self._denial_indexes.get(destination)
            if index is None:
                index = self._denial_indexes[destination] = NameIndex(
                    (d.end_user, d.consignee) for d in self.denials_by_destination.get(destination, ()))
            hit = frozenset(i for n in names for i in index.near(n, min_score))
            if len(self._denials_near) > 10000:
                self._denials_near.clear()
            self._denials_near[key] = hit
        return hit


def _by_country(rows) -> dict:
    out: dict = {}
    for r in rows:
        out.setdefault(r.country, []).append(r)
    return {k: tuple(v) for k, v in out.items()}


_CACHE: dict[int, Compiled] = {}


def compiled(snapshot: Snapshot) -> Compiled:
    hit = _CACHE.get(id(snapshot))
    if hit is None or hit.snapshot is not snapshot:
        if len(_CACHE) > 8:
            _CACHE.clear()
        hit = _CACHE[id(snapshot)] = Compiled(snapshot)
    return hit


@dataclass(slots=True)
class Context:
    request: Request
    snapshot: Snapshot
    cv: CompiledVersion
    comp: Compiled
    facts: tuple[ItemFacts, ...]
    measures: tuple[CountryMeasure, ...]  # in force for the destination on as_of
    concerns: tuple[CountryConcern, ...]  # in force for the destination on as_of
    findings: list[Finding] = field(default_factory=list)
    memo: dict = field(default_factory=dict)  # families may share derived facts here
    cyber_flags: tuple[bool, ...] = ()
    state: DestinationState | None = None  # what is in force for the destination (shared, read-only)
    listed_flags: tuple[bool, ...] = ()
    codes: tuple[str | None, ...] = ()  # the items' control entries (facts.code), in order
    plain: bool = False  # every cyber flag is a bool (so flags may key caches: 1 == True)
    military: bool = False  # military end use declared, or a military end user
    # What is in force for the end user's country where it is neither the destination nor a Member
    # State: restrictive measures forbid supplies "for use in" a country (e.g. Reg. 833/2014, Art. 2(1)),
    # Article 4(1)(b) names the "purchasing country or country of destination", and a general
    # authorisation does not reach a final destination outside its own.
    other_states: tuple[DestinationState, ...] = ()

    @classmethod
    def build(cls, request: Request, snapshot: Snapshot, comp: Compiled | None = None) -> Context:
        if comp is None:
            comp = compiled(snapshot)
        cv = comp.versions.get(request.version_id) or comp.versions[snapshot.version_on(request.as_of).version_id]
        state = comp.destination_state(request.destination, request.as_of)
        items = request.items
        # ids of True/False are stable (immortal singletons), and only all-bool rows are kept
        key = tuple([(i.control_entry, id(i.cyber_surveillance)) for i in items])
        rows = cv.rows.get(key)
        if rows is None:
            rows = cv.item_rows(items, key)
        other = request.end_user_country
        others = ((comp.destination_state(other, request.as_of),)
                  if other and other != request.destination and other not in snapshot.eu_member_states else ())
        return cls(request, snapshot, cv, comp, rows[0], state.measures, state.concerns, [], {}, rows[1], state,
                   rows[2], rows[3], rows[4], request.military_end_use or request.end_user_type == "military",
                   others)

    # --- shared facts -------------------------------------------------------------------------
    @property
    def is_export(self) -> bool:
        return self.request.export_type == "export"

    def cyber(self, index: int) -> bool:
        """Declared a cyber-surveillance item, or within a listed cyber-surveillance entry."""
        return self.cyber_flags[index]

    @property
    def states(self) -> tuple[DestinationState, ...]:
        """What is in force for the destination, then for the end user's country if it differs."""
        return (self.state, *self.other_states)

    def measures_of(self, *kinds: str) -> list[CountryMeasure]:
        """Measures of these kinds in force for the destination or the end user's country."""
        if not self.other_states:
            if not self.measures:
                return []
            if len(kinds) == 1:
                return list(self.state.by_kind.get(kinds[0], ()))
            return [m for m in self.measures if m.measure in kinds]
        out = []
        for state in self.states:
            if len(kinds) == 1:
                out += state.by_kind.get(kinds[0], ())
            else:
                out += [m for m in state.measures if m.measure in kinds]
        return out

    @property
    def embargoes(self) -> list[CountryMeasure]:
        """Art. 2(19) arms embargoes in force for the destination or the end user's country (Article
        4(1)(b): "the purchasing country or country of destination"); political declarations are not."""
        if not self.other_states:
            return list(self.state.embargoes)
        return [m for s in self.states for m in s.embargoes]

    @property
    def serious_concerns(self) -> list[CountryConcern]:
        if not self.other_states:
            return list(self.state.serious)
        return [c for s in self.states for c in s.serious]

    def rules(self, *names: str) -> list[Finding]:
        return [f for f in self.findings if f.rule in names]

    def items(self) -> tuple[tuple[int, Item, ItemFacts], ...]:
        """(index, item, facts) of every item."""
        hit = self.memo.get("items")
        if hit is None:
            hit = self.memo["items"] = tuple(zip(range(len(self.facts)), self.request.items, self.facts, strict=True))
        return hit

    def matched_ids(self) -> tuple[int, ...]:
        """Identities of the end-user concerns matched (they live as long as the snapshot): a cache key."""
        hit = self.memo.get("matched_ids")
        if hit is None:
            hit = self.memo["matched_ids"] = tuple([id(m[0]) for m in self.end_user_matches()])
        return hit

    def end_user_matches(self) -> list[tuple[EndUserConcern, float, str]]:
        """Registered end-user concerns in force on as_of matching the end user or a consignee."""
        hit = self.memo.get("end_user_matches")
        if hit is None:
            r = self.request
            hit = [m for m in self.comp.name_matches(r.end_user_name, r.consignee_name,
                                                     r.end_user_country or r.destination, others=r.consignees)
                   if in_force(m[0].since, m[0].until, r.as_of)]
            self.memo["end_user_matches"] = hit
        return hit

    def intermediary_matches(self) -> list[tuple[str, EndUserConcern, float, str]]:
        """(intermediate consignee, concern, score, matched name) for the registered end-user concerns
        in force on as_of that match an intermediate consignee (their country unknown: no signal) and
        neither the end user nor a consignee."""
        r = self.request
        if not r.intermediate_consignees:
            return []
        seen = {id(m[0]) for m in self.end_user_matches()}
        out = []
        for name in r.intermediate_consignees:
            for m in self.comp.name_matches(name, "", ""):
                if id(m[0]) not in seen and in_force(m[0].since, m[0].until, r.as_of):
                    seen.add(id(m[0]))
                    out.append((name, *m))
        return out


def src(record: str, url: str = "") -> tuple[str, ...]:
    return tuple(x for x in (record, url) if x)
