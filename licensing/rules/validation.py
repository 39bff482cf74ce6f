"""Turn a raw JSON-decoded request body into a Request, or into DRF-shaped errors.

Never raises on input: any JSON value gives either ``(Request, None)`` or ``(None, errors)``.
Control entries are checked against the Annex I version in force on ``as_of``.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from controllists import codes

from .fast_parse import _fast_request
from .request import (  # noqa: F401  (Item, Request and the limits are imported from here too)
    COUNTRY_HINTS,
    DECLARATIONS,
    END_USER_TYPES,
    EXPORT_TYPES,
    ISO_COUNTRIES,
    ITEMS_MAX,
    NAME_MAX,
    PARTIES_MAX,
    PARTY_LISTS,
    PURPOSES,
    TEXT_MAX,
    Item,
    Request,
    _normalise,
)
from .snapshot import Snapshot


class _Errors(dict):
    def add(self, key, message):
        self.setdefault(key, []).append(message)


def _country(value, errors: _Errors, key: str, required: bool = True) -> str | None:
    if value is None:
        if required:
            errors.add(key, _("This field is required."))
        return None
    if not isinstance(value, str):
        errors.add(key, _("Expected an ISO 3166-1 alpha-2 country code such as 'DE'."))
        return None
    code = value.strip().upper()
    if code in ISO_COUNTRIES:
        return code
    hint = COUNTRY_HINTS.get(code)
    if hint:
        errors.add(key, _("'%(value)s' is not an ISO 3166-1 alpha-2 code; did you mean '%(hint)s'?")
                   % {"value": value, "hint": hint})
    else:
        errors.add(key, _("'%(value)s' is not an ISO 3166-1 alpha-2 country code.") % {"value": value})
    return None


def _bool(obj: dict, key: str, errors: _Errors, default: bool = False) -> bool:
    value = obj.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        errors.add(key, _("Must be true or false."))
        return default
    return value




def _text(obj: dict, key: str, errors: _Errors, limit: int = TEXT_MAX) -> str:
    value = obj.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.add(key, _("Must be a string."))
        return ""
    if len(value) > limit:
        errors.add(key, _("Ensure this field has no more than %(limit)d characters.") % {"limit": limit})
        return ""
    return value.strip()


def _amount(obj: dict, key: str, errors: _Errors) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (
            float("inf"), float("-inf")):
        errors.add(key, _("Must be a number."))
        return None
    if value < 0:
        errors.add(key, _("Must not be negative."))
        return None
    return value


def _names(data: dict, key: str, errors: _Errors) -> tuple[str, ...]:
    """An optional list of parties, each a name or an object with a name: their non-empty names."""
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        errors.add(key, _("Expected a list of names or of JSON objects with a name."))
        return ()
    if len(value) > PARTIES_MAX:
        errors.add(key, _("Ensure this list has no more than %(limit)d items.") % {"limit": PARTIES_MAX})
        return ()
    names, entry_errors = [], []
    for entry in value:
        e = _Errors()
        if isinstance(entry, str):
            entry = {"name": entry}
        if isinstance(entry, dict):
            name = _text(entry, "name", e, NAME_MAX)
            if name and not e:
                names.append(name)
        entry_errors.append(dict(e) if isinstance(entry, dict) else [_("Expected a JSON object with a name.")])
    if any(entry_errors):
        errors[key] = entry_errors
    return tuple(names)


def _object(data: dict, key: str, errors: _Errors) -> dict:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.add(key, _("Expected a JSON object."))
        return {}
    return value


def _as_of(value, snapshot: Snapshot, today: date, errors: _Errors) -> date | None:
    if value is None:
        day = today
    elif not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        errors.add("as_of", _("Expected a date in the format YYYY-MM-DD."))
        return None
    else:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            errors.add("as_of", _("'%(value)s' is not a valid date.") % {"value": value})
            return None
    if not snapshot.versions:
        errors.add("as_of", _("No control-list version is loaded."))
        return None
    if snapshot.version_on(day) is None:
        first = snapshot.versions[0]
        errors.add("as_of", _("%(day)s is before the first loaded control-list version (%(version)s, in force "
                              "from %(start)s).") % {"day": day.isoformat(), "version": first.version_id,
                                                      "start": first.valid_from.isoformat()})
        return None
    return day


def _item(raw, version, errors: dict) -> Item | None:
    if not isinstance(raw, dict):
        errors.setdefault("non_field_errors", []).append(_("Expected a JSON object."))
        return None
    e = _Errors()
    entry = raw.get("control_entry")
    code = None
    if entry is not None:
        if not isinstance(entry, str):
            e.add("control_entry", _("Must be an Annex I code such as '5A001.j' or null for a non-listed item."))
        else:
            try:
                code = _normalise(entry)
            except codes.CodeError as exc:
                e.add("control_entry", str(exc))
            if code is not None and version is not None and code not in version.codes:
                nearest = codes.suggest(code, version.codes)
                msg = _("'%(code)s' is not an Annex I entry in version %(version)s") % {
                    "code": entry, "version": version.version_id}
                if nearest:
                    msg += _("; nearest: %(codes)s") % {"codes": ", ".join(nearest)}
                e.add("control_entry", msg)
                code = None
    item = Item(
        description=_text(raw, "description", e),
        control_entry=code,
        cyber_surveillance=_bool(raw, "cyber_surveillance", e),
        quantity=_amount(raw, "quantity", e),
        value_eur=_amount(raw, "value_eur", e),
    )
    errors.update(e)
    return None if e else item


def parse_request(data: object, snapshot: Snapshot, today: date | None) -> tuple[Request | None, dict | None]:
    """``(Request, None)`` or ``(None, errors)``. ``today`` is the as_of of a request without one (it may be
    None when the request has its own). A well-formed body takes a fast path that builds
    exactly the Request of the full validation below; anything unusual (including every error) goes
    through the full validation, so messages and gettext calls stay on the error path."""
    if type(data) is dict:
        request = _fast_request(data, snapshot, today)
        if request is not None:
            return request, None
    return _parse_request(data, snapshot, today)


# --- full validation ---------------------------------------------------------------------------
def _parse_request(data: object, snapshot: Snapshot, today: date) -> tuple[Request | None, dict | None]:
    if not isinstance(data, dict):
        return None, {"non_field_errors": [_("Invalid data. Expected a JSON object.")]}
    errors = _Errors()
    as_of = _as_of(data.get("as_of"), snapshot, today, errors)
    version = snapshot.version_on(as_of) if as_of else None

    export_type = data.get("export_type", "export")
    if export_type is None:
        export_type = "export"
    if not isinstance(export_type, str) or export_type not in EXPORT_TYPES:
        errors.add("export_type", _("'%(value)s' is not a valid choice; expected one of %(choices)s.")
                   % {"value": export_type, "choices": ", ".join(EXPORT_TYPES)})

    exp_e = _Errors()
    exporter = _object(data, "exporter", errors)
    member_state = snapshot.deploying_state
    if "member_state" in exporter and exporter["member_state"] is not None:
        member_state = _country(exporter["member_state"], exp_e, "member_state")
        if member_state and member_state not in snapshot.eu_member_states:
            exp_e.add("member_state", _("'%(value)s' is not a Member State of the European Union.")
                      % {"value": member_state})
    has_icp = _bool(exporter, "has_icp", exp_e)
    intra_group = _bool(exporter, "intra_group", exp_e)
    if exp_e:
        errors["exporter"] = dict(exp_e)

    destination = _country(data.get("destination"), errors, "destination")
    if destination and isinstance(export_type, str):
        in_eu = destination in snapshot.eu_member_states
        if export_type == "intra_eu_transfer" and not in_eu:
            errors.add("destination", _("An intra-EU transfer must go to a Member State."))
        elif export_type in ("export", "brokering", "technical_assistance", "transit") and in_eu:
            errors.add("destination", _("'%(value)s' is a Member State: use export_type 'intra_eu_transfer'.")
                       % {"value": destination})

    eu_e = _Errors()
    end_user = _object(data, "end_user", errors)
    eu_name = _text(end_user, "name", eu_e, NAME_MAX)
    eu_country = destination or ""
    if end_user.get("country") is not None:
        eu_country = _country(end_user.get("country"), eu_e, "country") or ""
    eu_type = end_user.get("type", "unknown")
    if eu_type is None:
        eu_type = "unknown"
    if not isinstance(eu_type, str) or eu_type not in END_USER_TYPES:
        eu_e.add("type", _("'%(value)s' is not a valid choice; expected one of %(choices)s.")
                 % {"value": eu_type, "choices": ", ".join(END_USER_TYPES)})
    if eu_e:
        errors["end_user"] = dict(eu_e)

    consignee = data.get("consignee")
    consignee_name = ""
    if isinstance(consignee, str):  # a bare name is accepted too
        consignee = {"name": consignee}
    if isinstance(consignee, dict):
        con_e = _Errors()
        consignee_name = _text(consignee, "name", con_e, NAME_MAX)
        if con_e:
            errors["consignee"] = dict(con_e)
    elif consignee is not None:
        errors.add("consignee", _("Expected a JSON object with a name."))
    parties = {key: _names(data, key, errors) for key in PARTY_LISTS}

    end_use = _text(data, "end_use", errors)

    raw_items = data.get("items")
    items: list[Item] = []
    if raw_items is None:
        errors.add("items", _("This field is required."))
    elif not isinstance(raw_items, list):
        errors.add("items", _("Expected a list of items."))
    elif not raw_items:
        errors.add("items", _("At least one item is required."))
    elif len(raw_items) > ITEMS_MAX:
        errors.add("items", _("Ensure this list has no more than %(limit)d items.") % {"limit": ITEMS_MAX})
    else:
        item_errors = []
        for raw in raw_items:
            e: dict = {}
            item = _item(raw, version, e)
            item_errors.append(e)
            if item is not None:
                items.append(item)
        if any(item_errors):
            errors["items"] = item_errors

    decl_e = _Errors()
    decl = _object(data, "declarations", errors)
    flags = {k: _bool(decl, k, decl_e) for k in DECLARATIONS}
    if decl_e:
        errors["declarations"] = dict(decl_e)
    notified = _bool(data, "licence_requirement_notified", errors)
    purpose = data.get("purpose")
    if purpose is None:
        purpose = ""
    elif not isinstance(purpose, str) or (purpose and purpose not in PURPOSES):
        errors.add("purpose", _("'%(value)s' is not a valid choice; expected one of %(choices)s.")
                   % {"value": purpose, "choices": ", ".join(PURPOSES)})
    free_zone = _bool(data, "free_zone", errors)

    if errors:
        return None, dict(errors)
    return Request(
        as_of=as_of, destination=destination, items=tuple(items), export_type=export_type,
        exporter_member_state=member_state, has_icp=has_icp, intra_group=intra_group,
        end_user_name=eu_name, end_user_country=eu_country, end_user_type=eu_type, end_use=end_use,
        consignee_name=consignee_name, licence_requirement_notified=notified,
        version_id=version.version_id, purpose=purpose, free_zone=free_zone, **flags, **parties,
    ), None
