"""Licence checks answered from each web worker's memory while the licence has not changed.

A check reads the licence and its lines in one query (selectors.check_rows). Most checks ask about a licence
that has not changed since the last one, so each worker keeps the rows it read, and keeps using them only
while both hold:

- the licence's change stamp in Redis (read with the rate limit's count, in the one round trip of a repeated
  check) is the one that was read just before the rows were read; every change to a licence or its balances moves the stamp
  (``changed()``: at the change, and again once it is committed), so the next check in any worker reads
  the database again;
- the rows are younger than ``CUSTOMS_CHECK_CACHE_SECONDS`` (1 s): the bound on staleness where the stamp
  cannot help (Redis unreachable at the moment of a change, or a licence edited outside the services).

No stamp yet (first check, or Redis restarted): the rows are read, then a first stamp is set (only if there
is still none) and the rows kept under it. No Redis answer: the database answers and nothing is kept. The response is built per request from
the rows, so "expired" is still worked out from today's date. Write-offs never use this: they read and lock
the licence lines themselves (licensing/services/customs.py).
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from licensing.api.throttling import redis_client

log = logging.getLogger(__name__)

MAX_ENTRIES = 20_000  # licences kept per worker; past this the memory starts again

_entries: dict[tuple[str, int | None], tuple[object, float, list]] = {}  # (number, scope) -> (stamp, read at, rows)


UNREAD = object()  # the stamp has not been read yet


def max_age() -> float:
    return float(getattr(settings, "CUSTOMS_CHECK_CACHE_SECONDS", 1.0))


def stamp_key(number: str) -> str:
    """The cache key of the licence's change stamp (the view reads it with the rate limit's count)."""
    return f"licence-stamp:{number}"


def _stamp(number: str):
    """The licence's change stamp, or None (none yet, or Redis does not answer)."""
    try:
        client = redis_client()
        if client is None:  # local-memory cache (no REDIS_URL): one process, the cache API
            return cache.get(stamp_key(number))
        return client.get(cache.make_and_validate_key(stamp_key(number)))
    except Exception:  # noqa: BLE001 - the database answers instead
        log.warning("licence stamp for %s unreadable; checking the database", number, exc_info=True)
        return None


def _move(number: str) -> None:
    """Give the licence a stamp no worker has seen: one more, or a random start where there is none (never
    back to a value an earlier life of the key had)."""
    start = secrets.randbits(62)
    client = redis_client()
    if client is None:
        if not cache.add(stamp_key(number), start, timeout=None):
            cache.incr(stamp_key(number))
        return
    key = cache.make_and_validate_key(stamp_key(number))
    pipe = client.pipeline(transaction=False)
    pipe.set(key, start, nx=True)
    pipe.incr(key)
    pipe.execute()


def _seed(number: str):
    """Set a first stamp where there is none; returns it, or None when another was there first."""
    start = secrets.randbits(62)
    client = redis_client()
    if client is None:
        return start if cache.add(stamp_key(number), start, timeout=None) else None
    if client.set(cache.make_and_validate_key(stamp_key(number)), start, nx=True):
        return str(start).encode()  # as GET returns it
    return None


def check_rows(client, number: str, read: Callable, *, stamp=UNREAD) -> list:
    """``read(client, number)``, or the rows it gave last time in this worker if the licence has not changed.
    `stamp`: the licence's stamp if it has just been read (before anything of the licence was read)."""
    scope = (number, client.organisation_id)
    if stamp is UNREAD:
        stamp = _stamp(number)
    now = time.monotonic()
    entry = _entries.get(scope)
    if stamp is not None and entry is not None and entry[0] == stamp and now - entry[1] < max_age():
        return entry[2]
    rows = read(client, number)
    if stamp is None:
        # Read before the stamp exists: any change from now on moves the stamp away from this one.
        try:
            stamp = _seed(number)
        except Exception:  # noqa: BLE001
            log.warning("licence stamp for %s not set", number, exc_info=True)
    if stamp is None:
        _entries.pop(scope, None)
    elif rows:
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[scope] = (stamp, now, rows)
    return rows


def _moved(number: str) -> None:
    for scope in [s for s in _entries if s[0] == number]:
        _entries.pop(scope, None)
    try:
        _move(number)
    except Exception:  # noqa: BLE001 - the change itself stands; checks may lag it by max_age() at most
        log.warning("licence stamp for %s not moved; checks may be up to %s s behind", number, max_age(),
                    exc_info=True)


def changed(number: str) -> None:
    """Licence `number` or its balances change in the current transaction: move its stamp now (so the rest of
    this transaction, and tests, see it) and again once committed (so no worker keeps rows read in between)."""
    _moved(number)
    transaction.on_commit(lambda: _moved(number))
