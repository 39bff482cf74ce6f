"""The write-off's statements as SQL: customs' hottest write path, where compiling each ORM statement cost more
CPU than the database spent running it (about 2.5 ms of ORM work per write-off). Values go through the
connection's own adapters (connection.ops), as the ORM would send them; RETURNING needs PostgreSQL or
SQLite 3.35+. Used only by licensing.services.customs.write_off, inside its transaction where it says so.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from django.db import connections, router

from licensing.models import IdempotencyKey, Licence, LicenceLine, LicenceStatus, Usage, UsageLine


def _connection(model):
    return connections[router.db_for_write(model)]


def _table(connection, model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _json(value):
    """What JSONField.from_db_value does (PostgreSQL hands the ORM jsonb as text)."""
    return json.loads(value) if isinstance(value, str) else value


def find_key(client_id: int, scope: str, key: str) -> tuple[str, int, dict] | None:
    """(request hash, response status, response body) stored under this client's key, or None."""
    connection = connections[router.db_for_read(IdempotencyKey)]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT request_hash, response_status, response_body FROM {_table(connection, IdempotencyKey)} "
            f"WHERE client_id = %s AND scope = %s AND {qn('key')} = %s",
            [client_id, scope, key],
        )
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1], _json(row[2]))


def insert_key(client_id: int, scope: str, key: str, request_hash: str, now: datetime) -> int:
    """Claim the key (no response yet); raises IntegrityError when another request holds it."""
    connection = _connection(IdempotencyKey)
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(connection, IdempotencyKey)} "
            f"(client_id, {qn('key')}, scope, request_hash, response_status, response_body, created_at) "
            "VALUES (%s, %s, %s, %s, 0, %s, %s) RETURNING id",
            [client_id, key, scope, request_hash, connection.ops.adapt_json_value({}, None),
             connection.ops.adapt_datetimefield_value(now)],
        )
        return cursor.fetchone()[0]


def claim_key_and_insert_usage(client_id: int, scope: str, key: str, request_hash: str, now: datetime,
                               licence_id: int, declaration_reference: str,
                               lines: list[tuple[int, Decimal, Decimal]]) -> tuple[int, int]:
    """Claim the key, then insert the usage and its lines (licence line id, quantity, value); returns (key id,
    usage id). On PostgreSQL one statement does all three (one round trip instead of three). Raises
    IntegrityError when another request holds the key (or the licence has gone)."""
    connection = _connection(Usage)
    if connection.vendor != "postgresql":
        key_id = insert_key(client_id, scope, key, request_hash, now)
        return key_id, insert_usage(licence_id, declaration_reference, client_id, now, lines)
    ops = connection.ops
    values = ", ".join(["(%s::bigint, %s::numeric, %s::numeric)"] * len(lines))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH k AS (INSERT INTO {_table(connection, IdempotencyKey)} "
            f"(client_id, {ops.quote_name('key')}, scope, request_hash, response_status, response_body, created_at) "
            "VALUES (%s, %s, %s, %s, 0, %s, %s) RETURNING id), "
            f"u AS (INSERT INTO {_table(connection, Usage)} "
            "(licence_id, declaration_reference, client_id, created_at, reversed_at) "
            "VALUES (%s, %s, %s, %s, NULL) RETURNING id), "
            f"l AS (INSERT INTO {_table(connection, UsageLine)} (usage_id, licence_line_id, quantity, value_eur) "
            f"SELECT u.id, v.line_id, v.quantity, v.value_eur FROM u, (VALUES {values}) AS v(line_id, quantity, "
            "value_eur)) "
            "SELECT k.id, u.id FROM k, u",
            [client_id, key, scope, request_hash, ops.adapt_json_value({}, None), now,
             licence_id, declaration_reference, client_id, now,
             *(value for line_id, quantity, value_eur in lines for value in (line_id, quantity, value_eur))],
        )
        key_id, usage_id = cursor.fetchone()
    return key_id, usage_id


def store_response(key_id: int, status: int, body: dict) -> None:
    connection = _connection(IdempotencyKey)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table(connection, IdempotencyKey)} SET response_status = %s, response_body = %s WHERE id = %s",
            [status, connection.ops.adapt_json_value(body, None), key_id],
        )


def insert_usage(licence_id: int, declaration_reference: str, client_id: int, now: datetime,
                 lines: list[tuple[int, Decimal, Decimal]]) -> int:
    """The usage and its lines (licence line id, quantity, value); returns the usage id."""
    connection = _connection(Usage)
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(connection, Usage)} (licence_id, declaration_reference, client_id, created_at, "
            "reversed_at) VALUES (%s, %s, %s, %s, NULL) RETURNING id",
            [licence_id, declaration_reference, client_id, ops.adapt_datetimefield_value(now)],
        )
        usage_id = cursor.fetchone()[0]
        cursor.execute(
            f"INSERT INTO {_table(connection, UsageLine)} (usage_id, licence_line_id, quantity, value_eur) VALUES "
            + ", ".join(["(%s, %s, %s, %s)"] * len(lines)),
            [value for line_id, quantity, value_eur in lines for value in (
                usage_id, line_id, ops.adapt_decimalfield_value(quantity, 14, 3),
                ops.adapt_decimalfield_value(value_eur, 14, 2))],
        )
    return usage_id


def take_line(line_id: int, quantity: Decimal, value_eur: Decimal, today: date) -> tuple | None:
    """Add to the line's use only if it stays within what is authorised and its licence is usable today (active,
    within its validity), in one conditional UPDATE, which locks the row until commit; returns (line,
    quantity, used_quantity, value_eur, used_value_eur) as now stored, or None when the line was not taken.
    The licence is looked at again here, inside the transaction, so a suspension or revocation committed
    after the checks made before it is never written off against."""
    connection = _connection(LicenceLine)
    ops = connection.ops
    q, v = ops.adapt_decimalfield_value(quantity, 14, 3), ops.adapt_decimalfield_value(value_eur, 14, 2)
    day = ops.adapt_datefield_value(today)
    lines, licences = _table(connection, LicenceLine), _table(connection, Licence)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {lines} "
            "SET used_quantity = used_quantity + %s, used_value_eur = used_value_eur + %s "
            "WHERE id = %s AND used_quantity + %s <= quantity AND used_value_eur + %s <= value_eur "
            f"AND EXISTS (SELECT 1 FROM {licences} l WHERE l.id = {lines}.licence_id AND l.status = %s "
            "AND l.valid_from <= %s AND l.valid_until >= %s) "
            "RETURNING line, quantity, used_quantity, value_eur, used_value_eur",
            [q, v, line_id, q, v, LicenceStatus.ACTIVE.value, day, day],
        )
        return cursor.fetchone()
