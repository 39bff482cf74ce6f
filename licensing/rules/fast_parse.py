"""The fast path of parse_request: builds exactly the Request of the full validation for a well-formed
body, with no messages and no gettext, and gives None wherever the full validation might report an
error (tests/rules/test_golden.py checks both agree)."""

from __future__ import annotations

import weakref
from datetime import date

from controllists import codes

from .request import (
    END_USER_TYPES,
    EXPORT_TYPES,
    ISO_COUNTRIES,
    ITEMS_MAX,
    NAME_MAX,
    PARTIES_MAX,
    PURPOSES,
    TEXT_MAX,
    Item,
    Request,
    _normalise,
)
from .snapshot import Snapshot

_new = object.__new__
_ITEM_FIELDS = ("description", "control_entry", "cyber_surveillance", "quantity", "value_eur")
_EXPORT_TYPES = frozenset(EXPORT_TYPES)
_END_USER_TYPES = frozenset(END_USER_TYPES)
_SERVICE_OR_EXPORT = frozenset(("export", "brokering", "technical_assistance", "transit"))
_INF = float("inf")
_countries: dict[str, str] = {}  # raw value -> ISO code, for values that are valid codes
_dates: dict[str, date] = {}  # 'YYYY-MM-DD' -> date, for valid dates
_versions: dict[tuple[int, date], tuple] = {}  # (id(snapshot), day) -> (weak ref to snapshot, version)


def _fast_country(value) -> str | None:
    if type(value) is not str:
        return None
    code = _countries.get(value)
    if code is None:
        code = value.strip().upper()
        if code not in ISO_COUNTRIES:
            return None
        if len(_countries) > 4096:
            _countries.clear()
        _countries[value] = code
    return code


def _fast_text(obj: dict, key: str, limit: int) -> str | None:
    """_text without errors: None where the full path would report one."""
    value = obj.get(key, "")
    if value is None:
        return ""
    if type(value) is not str or len(value) > limit:
        return None
    return value.strip()


def _fast_names(value) -> tuple[str, ...] | None:
    """_names without errors: None where the full path would report one."""
    if type(value) is not list or len(value) > PARTIES_MAX:
        return None
    names = []
    for entry in value:
        if type(entry) is dict:
            entry = _fast_text(entry, "name", NAME_MAX)
            if entry is None:
                return None
        elif type(entry) is not str or len(entry) > NAME_MAX:
            return None
        else:
            entry = entry.strip()
        if entry:
            names.append(entry)
    return tuple(names)


def _fast_amount(value) -> bool:
    """True where _amount accepts ``value`` unchanged."""
    t = type(value)
    if t is int:
        return value >= 0
    if t is float:
        return value == value and value != _INF and value >= 0
    return value is None


def _fast_version(snapshot: Snapshot, day: date):
    key = (id(snapshot), day)
    hit = _versions.get(key)
    if hit is None or hit[0]() is not snapshot:
        if len(_versions) > 4096:
            _versions.clear()
        hit = _versions[key] = (weakref.ref(snapshot), snapshot.version_on(day))
    return hit[1]


def _fast_request(data: dict, snapshot: Snapshot, today: date) -> Request | None:
    """The Request the full validation would build, or None where it might report an error."""
    get = data.get
    raw = get("as_of")
    if raw is None:
        day = today
    else:
        day = _dates.get(raw) if type(raw) is str else None
        if day is None:
            if type(raw) is not str or len(raw) != 10 or raw[4] != "-" or raw[7] != "-":
                return None
            try:
                day = date.fromisoformat(raw)
            except ValueError:
                return None
            if len(_dates) > 4096:
                _dates.clear()
            _dates[raw] = day
    hit = _versions.get((id(snapshot), day))
    version = hit[1] if hit is not None and hit[0]() is snapshot else _fast_version(snapshot, day)
    if version is None:
        return None
    export_type = get("export_type", "export")
    if export_type is None:
        export_type = "export"
    elif type(export_type) is not str or export_type not in _EXPORT_TYPES:
        return None

    exporter = get("exporter")
    member_state = snapshot.deploying_state
    has_icp = intra_group = False
    if exporter is not None:
        if type(exporter) is not dict:
            return None
        if exporter:
            if exporter.get("member_state") is not None:
                member_state = _fast_country(exporter["member_state"])
                if member_state is None or member_state not in snapshot.eu_member_states:
                    return None
            has_icp = exporter.get("has_icp", False)
            if has_icp is None:
                has_icp = False
            elif type(has_icp) is not bool:
                return None
            intra_group = exporter.get("intra_group", False)
            if intra_group is None:
                intra_group = False
            elif type(intra_group) is not bool:
                return None

    destination = get("destination")
    destination = _countries.get(destination) if type(destination) is str else None
    if destination is None:
        destination = _fast_country(get("destination"))
    if destination is None:
        return None
    in_eu = destination in snapshot.eu_member_states
    if (export_type == "intra_eu_transfer" and not in_eu) or (in_eu and export_type in _SERVICE_OR_EXPORT):
        return None

    end_user = get("end_user")
    eu_name, eu_country, eu_type = "", destination, "unknown"
    if end_user is not None:
        if type(end_user) is not dict:
            return None
        if end_user:
            eu_name = _fast_text(end_user, "name", NAME_MAX)
            if eu_name is None:
                return None
            if end_user.get("country") is not None:
                eu_country = _fast_country(end_user["country"])
                if eu_country is None:
                    return None
            eu_type = end_user.get("type", "unknown")
            if eu_type is None:
                eu_type = "unknown"
            elif type(eu_type) is not str or eu_type not in _END_USER_TYPES:
                return None

    consignee = get("consignee")
    consignee_name = ""
    if consignee is not None:
        if type(consignee) is str:
            consignee_name = consignee if len(consignee) <= NAME_MAX else None
            if consignee_name is not None:
                consignee_name = consignee_name.strip()
        elif type(consignee) is dict:
            consignee_name = _fast_text(consignee, "name", NAME_MAX)
        else:
            return None
        if consignee_name is None:
            return None

    consignees = intermediate = ()
    if get("consignees") is not None:
        consignees = _fast_names(data["consignees"])
        if consignees is None:
            return None
    if get("intermediate_consignees") is not None:
        intermediate = _fast_names(data["intermediate_consignees"])
        if intermediate is None:
            return None

    end_use = get("end_use", "")
    if end_use is None:
        end_use = ""
    elif type(end_use) is not str or len(end_use) > TEXT_MAX:
        return None
    else:
        end_use = end_use.strip()

    raw_items = get("items")
    if type(raw_items) is not list or not raw_items or len(raw_items) > ITEMS_MAX:
        return None
    codes_ = version.codes
    items = []
    for raw_item in raw_items:
        if type(raw_item) is not dict:
            return None
        entry = raw_item.get("control_entry")
        if entry is not None:
            if type(entry) is not str:
                return None
            try:
                entry = _normalise(entry)
            except codes.CodeError:
                return None
            if entry not in codes_:
                return None
        description = raw_item.get("description", "")
        if description is None:
            description = ""
        elif type(description) is not str or len(description) > TEXT_MAX:
            return None
        else:
            description = description.strip()
        cyber = raw_item.get("cyber_surveillance", False)
        if cyber is None:
            cyber = False
        elif type(cyber) is not bool:
            return None
        quantity = raw_item.get("quantity")
        value_eur = raw_item.get("value_eur")
        if not (_fast_amount(quantity) and _fast_amount(value_eur)):
            return None
        item = _new(Item)
        item.__dict__.update(description=description, control_entry=entry, cyber_surveillance=cyber,
                             quantity=quantity, value_eur=value_eur)
        items.append(item)

    wmd = military = repression = parts = False
    decl = get("declarations")
    if decl is not None:
        if type(decl) is not dict:
            return None
        if decl:
            wmd = decl.get("wmd", False)
            military = decl.get("military_end_use", False)
            repression = decl.get("internal_repression", False)
            parts = decl.get("unlicensed_military_parts", False)
            if wmd is None:
                wmd = False
            if military is None:
                military = False
            if repression is None:
                repression = False
            if parts is None:
                parts = False
            if type(wmd) is not bool or type(military) is not bool or type(repression) is not bool \
                    or type(parts) is not bool:
                return None
    purpose = get("purpose")
    if purpose is None:
        purpose = ""
    elif type(purpose) is not str or (purpose and purpose not in PURPOSES):
        return None
    free_zone = get("free_zone", False)
    if free_zone is None:
        free_zone = False
    elif type(free_zone) is not bool:
        return None
    notified = get("licence_requirement_notified", False)
    if notified is None:
        notified = False
    elif type(notified) is not bool:
        return None

    request = _new(Request)
    request.__dict__.update(
        as_of=day, destination=destination, items=tuple(items), export_type=export_type,
        exporter_member_state=member_state, has_icp=has_icp, intra_group=intra_group, end_user_name=eu_name,
        end_user_country=eu_country, end_user_type=eu_type, end_use=end_use, consignee_name=consignee_name,
        wmd=wmd, military_end_use=military, internal_repression=repression, licence_requirement_notified=notified,
        version_id=version.version_id, consignees=consignees, intermediate_consignees=intermediate,
        purpose=purpose, free_zone=free_zone, unlicensed_military_parts=parts)
    return request
