"""The licence check (GET /api/v1/customs/licences/{number}/): one query, and the response body.

Every check reads the licence, its holder and its lines, balances included, in ONE query: nothing is kept
between requests, so a write-off, reversal, suspension, revocation or amendment shows on the very next check,
and "expired" is worked out from today's date on each request. On PostgreSQL the queryset is compiled to SQL
once per process and that SQL is run directly (compiling costs several times what running it does); other
databases run the queryset itself. The body is what LicenceCheckSerializer gives, byte for byte
(tests/customs/test_check_body.py compares the two).
"""

from __future__ import annotations

import json
from collections import namedtuple
from datetime import date
from decimal import Context, Decimal

from django.db import connections, router

from licensing.models import ApiClient, Licence, LicenceStatus

FIELDS = (
    "id", "number", "status", "licence_type", "valid_from", "valid_until", "destinations", "end_users",
    "holder__name", "holder__eori_number",
    "lines__id", "lines__line", "lines__control_entry", "lines__description", "lines__quantity",
    "lines__used_quantity", "lines__value_eur", "lines__used_value_eur",
)
Row = namedtuple("Row", [f.replace("__", "_") for f in FIELDS])
_JSON_COLUMNS = (FIELDS.index("destinations"), FIELDS.index("end_users"))
_NUMBER, _HOLDER = "\x00number\x00", -987654321  # stand-ins for the parameters of the compiled SQL

_compiled: dict[tuple[str, bool], tuple[str, tuple]] = {}  # (database alias, scoped) -> (sql, params)


def licences_visible_to(client: ApiClient):
    """Customs clients see every licence; an exporter's own system only its organisation's licences."""
    qs = Licence.objects.select_related("holder")
    if client.organisation_id:
        qs = qs.filter(holder_id=client.organisation_id)
    return qs


def status_on(status: str, valid_until: date, today: date) -> str:
    """The status customs sees: an active licence past its end date is expired."""
    if status == LicenceStatus.ACTIVE and today > valid_until:
        return LicenceStatus.EXPIRED
    return status


def check_queryset(client: ApiClient, number: str):
    """The licence `number` as `client` may see it: one row per line (one row with NULL lines when none)."""
    return licences_visible_to(client).filter(number=number).order_by("lines__line").values_list(*FIELDS)


def _sql(alias: str, scoped: bool) -> tuple[str, tuple]:
    key = (alias, scoped)
    if key not in _compiled:
        stand_in = ApiClient(organisation_id=_HOLDER if scoped else None)
        sql, params = check_queryset(stand_in, _NUMBER).query.get_compiler(alias).as_sql()
        assert set(params) <= {_NUMBER, _HOLDER}, params  # nothing else may be baked into the SQL
        _compiled[key] = (sql, tuple(params))
    return _compiled[key]


def check_rows(client: ApiClient, number: str) -> list[Row]:
    """The licence `number` as `client` may see it, one Row per line ordered by line (one Row with the line
    fields None when it has no lines); empty when there is no such licence for this client."""
    alias = router.db_for_read(Licence)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return [Row._make(row) for row in check_queryset(client, number)]
    sql, params = _sql(alias, bool(client.organisation_id))
    values = {_NUMBER: number, _HOLDER: client.organisation_id}
    with connection.cursor() as cursor:
        cursor.execute(sql, [values[p] for p in params])
        rows = cursor.fetchall()
    return [Row._make(_decode_json(row)) for row in rows]


def _decode_json(row: tuple) -> list:
    """What JSONField.from_db_value does for the two JSON columns (the ORM's only converters here)."""
    row = list(row)
    for i in _JSON_COLUMNS:
        if isinstance(row[i], str):
            try:
                row[i] = json.loads(row[i])
            except json.JSONDecodeError:
                pass
    return row


# --- The body: as LicenceCheckSerializer renders it ----------------------------------------------------------

_CONTEXT = Context(prec=14)  # DecimalField(max_digits=14) quantizes in this precision
_PLACES3, _PLACES2 = Decimal("0.001"), Decimal("0.01")


def _decimal(value, places: Decimal) -> str:
    if not isinstance(value, Decimal):
        value = Decimal(str(value).strip())
    return f"{value.quantize(places, context=_CONTEXT):f}"


def _text(value):
    return None if value is None else str(value)


def _day(value):
    return value if (value is None or isinstance(value, str)) else value.isoformat()


def _texts(values):
    return None if values is None else [_text(v) for v in values]


def check_body(rows: list[Row], today: date) -> dict:
    """The check's response body from check_rows() (not empty)."""
    lic = rows[0]
    return {
        "number": _text(lic.number),
        "status": _text(status_on(lic.status, lic.valid_until, today)),
        "licence_type": _text(lic.licence_type),
        "holder": {"name": _text(lic.holder_name), "eori": _text(lic.holder_eori_number)},
        "valid_from": _day(lic.valid_from),
        "valid_until": _day(lic.valid_until),
        "destinations": _texts(lic.destinations),
        "end_users": _texts(lic.end_users),
        "lines": [
            {
                "line": int(r.lines_line),
                "control_entry": _text(r.lines_control_entry),
                "description": _text(r.lines_description),
                "authorised_quantity": _decimal(r.lines_quantity, _PLACES3),
                "used_quantity": _decimal(r.lines_used_quantity, _PLACES3),
                "remaining_quantity": str(r.lines_quantity - r.lines_used_quantity),
                "authorised_value_eur": _decimal(r.lines_value_eur, _PLACES2),
                "used_value_eur": _decimal(r.lines_used_value_eur, _PLACES2),
                "remaining_value_eur": str(r.lines_value_eur - r.lines_used_value_eur),
            }
            for r in rows
            if r.lines_id is not None
        ],
    }
