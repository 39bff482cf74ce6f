"""Customs write-offs against licence lines: atomic across lines, exactly once, never overdrawn.

Concurrency design (PostgreSQL, READ COMMITTED), keeping the time a licence line is locked short:
- Before any transaction: the idempotency key is looked up (an earlier request with it is replayed, or refused
  with 422 when its body differed), and the licence and the requested lines are read and checked (404, 409 not
  usable, 400 unknown line) in one query.
- In the transaction, the idempotency key is inserted first. A concurrent request with the same key blocks on
  the unique index until the first commits, then gets an IntegrityError, rolls back and replays the stored
  response (or 422 when the body differs). A refused write-off rolls back everything, the key included, so the
  client may retry with the same key.
- The usage and its lines are inserted next, before any lock (their foreign keys take KEY SHARE locks, which do
  not wait on FOR NO KEY UPDATE).
- Only then is each licence line taken, in id order (no deadlocks between multi-line write-offs), with one
  conditional UPDATE … SET used = used + q WHERE used + q <= authorised RETURNING the new balance; the row lock
  it takes is held for that, the key's response and the commit. When a line has too little left, the lines not
  yet taken are locked (SELECT … FOR NO KEY UPDATE, id order) and checked, so the refusal names every short
  line with what remains. The CheckConstraints used <= authorised are the last line of defence: if they ever
  fire, the write-off is refused (409), never a 500.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing.customs import check_cache, statements
from licensing.customs.selectors import check_rows, licences_visible_to, status_on
from licensing.models import ApiClient, Licence, LicenceLine, LicenceStatus, Usage, UsageLine
from licensing.services import audit

QUANTITY_PLACES = Decimal("0.001")
VALUE_PLACES = Decimal("0.01")
WRITE_OFF_SCOPE = "customs.usage"


# --- Errors: each carries the HTTP status and the JSON body the API returns. -------------------------------


class CustomsError(Exception):
    status_code = 400

    def __init__(self, body: dict):
        super().__init__(body.get("detail", ""))
        self.body = body


class LicenceNotFound(CustomsError):
    status_code = 404


class UsageNotFound(CustomsError):
    status_code = 404


class LicenceNotUsable(CustomsError):
    status_code = 409


class InsufficientBalance(CustomsError):
    status_code = 409


class UnknownLines(CustomsError):
    status_code = 400


class IdempotencyMismatch(CustomsError):
    status_code = 422


@dataclass
class Outcome:
    status_code: int
    body: dict
    replayed: bool = False
    usage: Usage | None = field(default=None, repr=False)


@dataclass(frozen=True)
class RequestedLine:
    line: int
    quantity: Decimal
    value_eur: Decimal


# --- Licence status -------------------------------------------------------------------------------------------


def effective_status(licence: Licence, today: date | None = None) -> str:
    """The status customs sees: an active licence past its end date is expired."""
    return status_on(licence.status, licence.valid_until, today or timezone.localdate())


def refusal_reason(licence: Licence, today: date | None = None) -> tuple[str, str] | None:
    """(reason code, explanation) when goods may not be written off against the licence today, else None."""
    today = today or timezone.localdate()
    status = effective_status(licence, today)
    if status == LicenceStatus.SUSPENDED:
        return "suspended", _("Licence %(number)s is suspended.") % {"number": licence.number}
    if status == LicenceStatus.REVOKED:
        return "revoked", _("Licence %(number)s has been revoked.") % {"number": licence.number}
    if status == LicenceStatus.EXPIRED:
        return "expired", _("Licence %(number)s expired on %(date)s.") % {
            "number": licence.number, "date": licence.valid_until.isoformat()}
    if today < licence.valid_from:
        return "not_yet_valid", _("Licence %(number)s is valid only from %(date)s.") % {
            "number": licence.number, "date": licence.valid_from.isoformat()}
    return None


def find_licence(client: ApiClient, number: str) -> Licence:
    licence = licences_visible_to(client).prefetch_related("lines").filter(number=number).first()
    if licence is None:
        raise LicenceNotFound({"detail": _("No licence with number %(number)s.") % {"number": number}})
    return licence


# --- Receipts (the stored and replayed response bodies) ------------------------------------------------------


def _dec(value: Decimal, places: Decimal) -> str:
    return str(Decimal(value).quantize(places))


def receipt(usage: Usage, lines: list[tuple[UsageLine, LicenceLine]]) -> dict:
    return {
        "id": usage.pk,
        "licence": usage.licence.number,
        "declaration_reference": usage.declaration_reference,
        "created_at": usage.created_at.isoformat(),
        "reversed_at": usage.reversed_at.isoformat() if usage.reversed_at else None,
        "lines": [
            {
                "line": ll.line,
                "quantity": _dec(ul.quantity, QUANTITY_PLACES),
                "value_eur": _dec(ul.value_eur, VALUE_PLACES),
                "remaining_quantity": _dec(ll.quantity - ll.used_quantity, QUANTITY_PLACES),
                "remaining_value_eur": _dec(ll.value_eur - ll.used_value_eur, VALUE_PLACES),
            }
            for ul, ll in lines
        ],
    }


def request_hash(number: str, declaration_reference: str, lines: list[RequestedLine]) -> str:
    canonical = {
        "licence": number,
        "declaration_reference": declaration_reference,
        "lines": sorted(
            [ln.line, _dec(ln.quantity, QUANTITY_PLACES), _dec(ln.value_eur, VALUE_PLACES)] for ln in lines
        ),
    }
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


# --- Write-off ------------------------------------------------------------------------------------------------


def _earlier(client: ApiClient, key: str, digest: str) -> Outcome | None:
    """The Outcome of the earlier request that used this key (replayed), or None when the key is unused."""
    earlier = statements.find_key(client.pk, WRITE_OFF_SCOPE, key)
    if earlier is None:
        return None
    if earlier[0] != digest:
        raise IdempotencyMismatch({
            "detail": _("Idempotency-Key %(key)s was already used with a different request body.") % {"key": key},
        })
    return Outcome(earlier[1], earlier[2], replayed=True)


class _KeyTaken(Exception):
    """A simultaneous request with the same Idempotency-Key committed first."""


def write_off(
    client: ApiClient, number: str, *, key: str, declaration_reference: str, lines: list[RequestedLine]
) -> Outcome:
    """Write off quantities and values against licence lines, all lines or none. See the module docstring."""
    digest = request_hash(number, declaration_reference, lines)
    while True:
        earlier = _earlier(client, key, digest)
        if earlier is not None:
            return earlier
        licence, line_ids = _usable_lines(client, number, lines)
        try:
            return _write_off(client, licence, key, digest, declaration_reference, lines, line_ids)
        except _KeyTaken:
            continue  # replay what the simultaneous request stored
        except IntegrityError as exc:  # the no-overdraw constraints fired: refuse, never a 500
            raise _not_enough(number) from exc


def _not_enough(number: str) -> InsufficientBalance:
    return InsufficientBalance({
        "detail": _("Not enough left on licence %(number)s; nothing was written off.") % {"number": number},
        "reason": "insufficient_balance",
        "lines": [],
    })


def _usable_lines(client: ApiClient, number: str, lines: list[RequestedLine]) -> tuple[Licence, dict[int, int]]:
    """The licence (id, number, status and validity only) and {line number: line id} of the requested lines,
    or the reason why nothing can be written off (404, 409, 400)."""
    rows = check_rows(client, number)
    if not rows:
        raise LicenceNotFound({"detail": _("No licence with number %(number)s.") % {"number": number}})
    first = rows[0]
    licence = Licence(id=first.id, number=first.number, status=first.status, valid_from=first.valid_from,
                      valid_until=first.valid_until)
    refusal = refusal_reason(licence)
    if refusal:
        raise LicenceNotUsable({"detail": refusal[1], "reason": refusal[0], "status": effective_status(licence)})
    line_ids = {r.lines_line: r.lines_id for r in rows if r.lines_id is not None}
    unknown = sorted({ln.line for ln in lines} - set(line_ids))
    if unknown:
        raise UnknownLines({
            "detail": _("Licence %(number)s has no line %(lines)s.") % {
                "number": number, "lines": ", ".join(map(str, unknown))},
            "lines": unknown,
        })
    return licence, {ln.line: line_ids[ln.line] for ln in lines}


def _write_off(client, licence, key, digest, declaration_reference, lines, line_ids) -> Outcome:
    requested = {ln.line: ln for ln in lines}
    now = timezone.now()
    with transaction.atomic():
        # The key first: a simultaneous request with the same key waits on its unique index. The usage and its
        # lines are written before the licence lines are taken, so their locks are held as briefly as possible.
        try:
            key_id, usage_id = statements.claim_key_and_insert_usage(
                client.pk, WRITE_OFF_SCOPE, key, digest, now, licence.pk, declaration_reference,
                [(line_ids[n], want.quantity, want.value_eur) for n, want in requested.items()])
        except IntegrityError as exc:  # the key is taken (or the licence has just gone): look again
            raise _KeyTaken from exc
        taken = _take_lines(licence, line_ids, requested)
        usage = Usage(id=usage_id, licence=licence, declaration_reference=declaration_reference, client=client,
                      created_at=now)
        usage._state.adding = False
        body = receipt(usage, [
            (UsageLine(usage=usage, licence_line_id=ll.pk, quantity=requested[ll.line].quantity,
                       value_eur=requested[ll.line].value_eur), ll)
            for ll in sorted(taken, key=lambda ll: ll.line)
        ])
        statements.store_response(key_id, 201, body)
        check_cache.changed(licence.number)
    return Outcome(201, body, usage=usage)


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))  # SQLite returns numbers


def _take_lines(licence: Licence, line_ids: dict[int, int], requested: dict[int, RequestedLine]) -> list[LicenceLine]:
    """Add each requested amount to its line's use, in line id order, each only if it fits and the licence is
    still usable; the lines with their new balances. Refuses (LicenceNotUsable when the licence was suspended,
    revoked or ended since it was checked; InsufficientBalance naming every short line) otherwise."""
    number, today = licence.number, timezone.localdate()
    pending = sorted((line_id, n) for n, line_id in line_ids.items())
    taken, locked = [], False
    while pending:
        line_id, n = pending[0]
        row = statements.take_line(line_id, requested[n].quantity, requested[n].value_eur, today)
        if row is None:  # not taken: the licence is no longer usable, or too little is left
            _refuse_if_not_usable(licence.pk, today)
        if row is None:  # too little left: lock what is not yet taken, then name every short line
            if locked:  # locked and checked, yet refused: the database's arithmetic (SQLite floats) decides
                raise _not_enough(number)
            rest = LicenceLine.objects.select_for_update(no_key=True).filter(pk__in=[i for i, _n in pending])
            _check_balances(number, list(rest.order_by("id")), requested)
            locked = True
            continue  # enough was given back meanwhile: the line is locked now, take it
        line, quantity, used_quantity, value_eur, used_value_eur = row
        taken.append(LicenceLine(
            id=line_id, line=line, quantity=_decimal(quantity), used_quantity=_decimal(used_quantity),
            value_eur=_decimal(value_eur), used_value_eur=_decimal(used_value_eur)))
        pending.pop(0)
    return taken


def _refuse_if_not_usable(licence_id: int, today: date) -> None:
    """LicenceNotUsable if the licence, as committed now, may not be written off against today."""
    now = Licence.objects.only("number", "status", "valid_from", "valid_until").get(pk=licence_id)
    refusal = refusal_reason(now, today)
    if refusal:
        raise LicenceNotUsable({"detail": refusal[1], "reason": refusal[0], "status": effective_status(now, today)})


def _check_balances(number: str, locked: list[LicenceLine], requested: dict[int, RequestedLine]) -> None:
    short = []
    for ll in sorted(locked, key=lambda x: x.line):
        want = requested[ll.line]
        remaining_q = ll.quantity - ll.used_quantity
        remaining_v = ll.value_eur - ll.used_value_eur
        if want.quantity > remaining_q or want.value_eur > remaining_v:
            short.append({
                "line": ll.line,
                "requested_quantity": _dec(want.quantity, QUANTITY_PLACES),
                "remaining_quantity": _dec(remaining_q, QUANTITY_PLACES),
                "requested_value_eur": _dec(want.value_eur, VALUE_PLACES),
                "remaining_value_eur": _dec(remaining_v, VALUE_PLACES),
            })
    if short:
        named = "; ".join(
            _("line %(line)s: %(q)s units and EUR %(v)s remain") % {
                "line": s["line"], "q": s["remaining_quantity"], "v": s["remaining_value_eur"]}
            for s in short
        )
        raise InsufficientBalance({
            "detail": _("Not enough left on licence %(number)s (%(lines)s); nothing was written off.") % {
                "number": number, "lines": named},
            "reason": "insufficient_balance",
            "lines": short,
        })


# --- Reversal -------------------------------------------------------------------------------------------------


def reverse(client: ApiClient, usage_id: int) -> Outcome:
    """Give back what a usage wrote off (cancelled declaration). Reversing twice returns the same result."""
    with transaction.atomic():
        usage = (
            Usage.objects.select_for_update(of=("self",)).select_related("licence")
            .filter(pk=usage_id, client=client).first()
        )
        if usage is None:
            raise UsageNotFound({"detail": _("No usage with id %(id)s for this client.") % {"id": usage_id}})
        usage_lines = list(usage.lines.all())
        lines = LicenceLine.objects.filter(pk__in=[ul.licence_line_id for ul in usage_lines]).order_by("id")
        if usage.reversed_at is None:
            lines = lines.select_for_update(no_key=True)
        by_id = {ll.pk: ll for ll in lines}
        pairs = sorted(((ul, by_id[ul.licence_line_id]) for ul in usage_lines), key=lambda p: p[1].line)
        if usage.reversed_at is not None:
            return Outcome(200, receipt(usage, pairs), replayed=True, usage=usage)
        for ul, ll in pairs:
            LicenceLine.objects.filter(pk=ll.pk).update(
                used_quantity=F("used_quantity") - ul.quantity, used_value_eur=F("used_value_eur") - ul.value_eur
            )
            ll.used_quantity -= ul.quantity
            ll.used_value_eur -= ul.value_eur
        usage.reversed_at = timezone.now()
        usage.save(update_fields=["reversed_at"])
        check_cache.changed(usage.licence.number)
        audit.record(client, "licence.usage_reversed", usage.licence, changes={
            "usage": usage.pk, "declaration_reference": usage.declaration_reference,
            "lines": {str(ll.line): [str(ul.quantity), str(ul.value_eur)] for ul, ll in pairs},
        })
    return Outcome(200, receipt(usage, pairs), usage=usage)
