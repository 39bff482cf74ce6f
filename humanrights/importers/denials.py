"""Denial notifications received from other Member States through the EU exchange (Art. 16(1)), as
CSV (header row) or JSON (a list of objects, or {"denials": [...]}). Fields: reference, member_state,
control_entries (list, or ';'-separated in CSV), item_description, end_user, end_user_country, consignee,
destination, end_use, reason, denied_on, review_due_on (default: three years after denied_on),
revoked_on."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from controllists import codes

from . import ImportFailed, decode, iso_country, parse_iso_date

MEMBER_STATES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
FIELDS = ("reference", "member_state", "control_entries", "item_description", "end_user", "end_user_country",
          "consignee", "destination", "end_use", "reason", "denied_on", "review_due_on", "revoked_on")


def three_years_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 3)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 3, day=28)


def parse(data: bytes, fmt: str) -> list[dict]:
    text = decode(data)
    if fmt == "json":
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})") from exc
        if isinstance(payload, dict):
            payload = payload.get("denials")
        if not isinstance(payload, list):
            raise ImportFailed("expected a JSON list of denials (or an object with a 'denials' list)")
        rows = [(f"record {i}", r) for i, r in enumerate(payload, start=1)]
    elif fmt == "csv":
        reader = csv.DictReader(io.StringIO(text))
        missing = [f for f in ("reference", "member_state", "end_user", "destination", "denied_on")
                   if f not in (reader.fieldnames or [])]
        if missing:
            raise ImportFailed(f"line 1: missing column(s) {', '.join(missing)}")
        try:
            rows = [(f"line {reader.line_num}", dict(r)) for r in reader]
        except csv.Error as exc:
            raise ImportFailed(f"line {reader.line_num}: {exc}") from exc
    else:
        raise ImportFailed(f"unknown format '{fmt}': use csv or json")
    if not rows:
        raise ImportFailed("the file holds no denials")
    out, seen = [], set()
    for where, row in rows:
        rec = clean(row, where)
        if rec["reference"] in seen:
            raise ImportFailed(f"{where}: reference {rec['reference']} appears twice in the file")
        seen.add(rec["reference"])
        out.append(rec)
    return out


def _text(row: dict, key: str, where: str, required: bool = False, max_length: int = 0) -> str:
    v = row.get(key)
    if v is None:
        v = ""
    if not isinstance(v, str):
        raise ImportFailed(f"{where}: {key} must be text")
    v = v.strip()
    if required and not v:
        raise ImportFailed(f"{where}: {key} is required")
    if max_length and len(v) > max_length:
        raise ImportFailed(f"{where}: {key} is longer than {max_length} characters")
    return v


def clean(row, where: str) -> dict:
    if not isinstance(row, dict):
        raise ImportFailed(f"{where}: expected an object with the denial's fields")
    if None in row:
        raise ImportFailed(f"{where}: more fields than the header has columns")
    unknown = sorted(set(row) - set(FIELDS))
    if unknown:
        raise ImportFailed(f"{where}: unknown field(s) {', '.join(unknown)}")
    ms = _text(row, "member_state", where, True).upper()
    ms = {"EL": "GR"}.get(ms, ms)  # the EU writes Greece as EL
    if ms not in MEMBER_STATES:
        raise ImportFailed(f"{where}: member_state '{ms}' is not an EU Member State (ISO 3166-1 alpha-2)")
    dest = _text(row, "destination", where, True).upper()
    if not iso_country(dest):
        raise ImportFailed(f"{where}: destination '{dest}' is not an ISO 3166-1 alpha-2 country code")
    euc = _text(row, "end_user_country", where).upper()
    if euc and not iso_country(euc):
        raise ImportFailed(f"{where}: end_user_country '{euc}' is not an ISO 3166-1 alpha-2 country code")
    raw_entries = row.get("control_entries") or []
    if isinstance(raw_entries, str):
        raw_entries = [e for e in raw_entries.replace(",", ";").split(";") if e.strip()]
    if not isinstance(raw_entries, list):
        raise ImportFailed(f"{where}: control_entries must be a list of Annex I entries")
    entries = []
    for e in raw_entries:
        try:
            entries.append(codes.normalise(e))
        except codes.CodeError as exc:
            raise ImportFailed(f"{where}: control_entries: {exc}") from exc
    denied_on = parse_iso_date(_text(row, "denied_on", where, True), f"{where}, denied_on")
    review = parse_iso_date(_text(row, "review_due_on", where), f"{where}, review_due_on") or three_years_after(
        denied_on)
    if review <= denied_on:
        raise ImportFailed(f"{where}: review_due_on must be after denied_on")
    return {
        "reference": _text(row, "reference", where, True, 64),
        "member_state": ms,
        "control_entries": entries,
        "item_description": _text(row, "item_description", where),
        "end_user": _text(row, "end_user", where, True, 300),
        "end_user_country": euc,
        "consignee": _text(row, "consignee", where, False, 300),
        "destination": dest,
        "end_use": _text(row, "end_use", where),
        "reason": _text(row, "reason", where),
        "denied_on": denied_on,
        "review_due_on": review,
        "revoked_on": parse_iso_date(_text(row, "revoked_on", where), f"{where}, revoked_on"),
    }
