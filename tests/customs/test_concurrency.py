"""Simultaneous write-offs on real PostgreSQL, each thread on its own connection: never an overdraw, and the sum
of accepted usages equals what was written off."""

import threading
import time
import uuid
from decimal import Decimal

import pytest
import requests
from django.db import connection, connections
from django.db.models import Sum

from licensing.models import LicenceLine, Usage, UsageLine
from licensing.services import customs as service

from .factories import api_client, licence_with_lines

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 60


def run_simultaneously(n, fn):
    """Run fn(i) in n threads released together; each opens and finally closes its own DB connection."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def worker(i):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            results[i] = fn(i)
        except Exception as exc:  # noqa: BLE001 — reported by the assertion below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a write-off hung (deadlock?)"
    return results


def write_off(client, number, key, lines, ref="26NL0000000000001A"):
    try:
        return service.write_off(
            client, number, key=key, declaration_reference=ref,
            lines=[service.RequestedLine(n, Decimal(q), Decimal(v)) for n, q, v in lines],
        ).status_code
    except service.CustomsError as exc:
        return exc.status_code


def assert_consistent(licence):
    for line in LicenceLine.objects.filter(licence=licence):
        total = UsageLine.objects.filter(licence_line=line, usage__reversed_at__isnull=True).aggregate(
            q=Sum("quantity"), v=Sum("value_eur"))
        assert line.used_quantity == (total["q"] or 0)
        assert line.used_value_eur == (total["v"] or 0)
        assert line.used_quantity <= line.quantity and line.used_value_eur <= line.value_eur


def test_sixty_simultaneous_write_offs_never_overdraw_one_line():
    licence = licence_with_lines((40, 40000))
    client, _ = api_client()
    results = run_simultaneously(THREADS, lambda i: write_off(client, licence.number, f"k-{i}", [(1, 1, 1000)]))
    assert sorted(set(map(str, results))) == ["201", "409"], results
    assert results.count(201) == 40 and results.count(409) == THREADS - 40
    line = LicenceLine.objects.get(licence=licence, line=1)
    assert (line.used_quantity, line.used_value_eur) == (40, 40000)
    assert Usage.objects.filter(licence=licence).count() == 40
    assert_consistent(licence)


def test_uneven_simultaneous_write_offs_sum_to_what_was_accepted():
    licence = licence_with_lines((100, 100000))
    client, _ = api_client()
    sizes = [(i % 7) + 1 for i in range(THREADS)]  # 1..7 units: far more asked than authorised
    results = run_simultaneously(
        THREADS, lambda i: write_off(client, licence.number, f"u-{i}", [(1, sizes[i], sizes[i] * 100)]))
    assert set(results) <= {201, 409}, results
    accepted = sum(size for size, status in zip(sizes, results, strict=True) if status == 201)
    line = LicenceLine.objects.get(licence=licence, line=1)
    assert line.used_quantity == accepted <= 100
    assert line.used_value_eur == accepted * 100
    assert 100 - accepted < 7, "a refused write-off must have been too big for what remained"
    assert_consistent(licence)


def test_multi_line_write_offs_in_opposite_orders_do_not_deadlock():
    licence = licence_with_lines((1000, 1000000), (1000, 1000000))
    client, _ = api_client()

    def fn(i):
        lines = [(1, 1, 1), (2, 1, 1)] if i % 2 else [(2, 1, 1), (1, 1, 1)]
        return write_off(client, licence.number, f"m-{i}", lines)

    results = run_simultaneously(THREADS, fn)
    assert results == [201] * THREADS
    assert_consistent(licence)
    assert LicenceLine.objects.get(licence=licence, line=2).used_quantity == THREADS


def test_the_same_key_sent_simultaneously_writes_once():
    licence = licence_with_lines((100, 100000))
    client, _ = api_client()
    results = run_simultaneously(20, lambda i: write_off(client, licence.number, "one-key", [(1, 2, 2)]))
    assert results == [201] * 20
    assert Usage.objects.filter(licence=licence).count() == 1
    assert LicenceLine.objects.get(licence=licence, line=1).used_quantity == 2


def test_fifty_simultaneous_write_offs_over_http(live_server):
    licence = licence_with_lines((30, 30000))
    _, token = api_client()
    url = f"{live_server.url}/api/v1/customs/licences/{licence.number}/usages/"
    body = {"declaration_reference": "26NL0000000000002B", "lines": [{"line": 1, "quantity": 1, "value_eur": 1000}]}

    def fn(i):
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())}
        for _attempt in range(10):  # the test server's listen backlog is small: retry with the SAME key
            try:
                r = requests.post(url, json=body, timeout=60, headers=headers)
                return r.status_code, r.json()
            except requests.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("no connection to the live server")

    results = run_simultaneously(50, fn)
    statuses = [r[0] for r in results]
    assert statuses.count(201) == 30 and statuses.count(409) == 20, statuses
    refusal = next(body for status, body in results if status == 409)
    assert refusal["lines"][0]["remaining_quantity"] == "0.000"
    assert_consistent(licence)
    assert sum(Decimal(b["lines"][0]["quantity"]) for s, b in results if s == 201) == 30


def test_reversals_racing_write_offs_stay_consistent():
    licence = licence_with_lines((30, 30000))
    client, _ = api_client()
    first = [service.write_off(client, licence.number, key=f"pre-{i}", declaration_reference=f"PRE{i}",
                               lines=[service.RequestedLine(1, Decimal(1), Decimal(1000))]).usage.pk
             for i in range(20)]

    def fn(i):
        if i < 40:  # every earlier usage reversed by two threads at once
            return service.reverse(client, first[i % 20]).status_code
        return write_off(client, licence.number, f"race-{i}", [(1, 1, 1000)])

    results = run_simultaneously(60, fn)
    assert results[:40] == [200] * 40
    accepted = results[40:].count(201)
    assert 10 <= accepted <= 20 and set(results[40:]) <= {201, 409}
    assert Usage.objects.filter(pk__in=first, reversed_at__isnull=False).count() == 20
    line = LicenceLine.objects.get(licence=licence, line=1)
    assert line.used_quantity == accepted
    assert_consistent(licence)
