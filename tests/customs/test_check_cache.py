"""Repeated licence checks are answered from the worker's memory, and never show what has changed since:
not in this worker, not in another (the change stamp in Redis), and at most CUSTOMS_CHECK_CACHE_SECONDS late
where the stamp cannot tell (a licence edited outside the services)."""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from licensing.api.throttling import redis_client
from licensing.customs import check_cache

from .factories import api_client, bearer, licence_with_lines

pytestmark = pytest.mark.django_db


def url(number):
    return f"/api/v1/customs/licences/{number}/"


@pytest.fixture(autouse=True)
def _empty_memory():
    check_cache._entries.clear()
    yield
    check_cache._entries.clear()


def used(api, licence):
    return api.get(url(licence.number)).json()["lines"][0]["used_quantity"]


def queries_for(api, licence) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url(licence.number)).status_code == 200
    return len(queries)


def stamp_key(licence):
    return cache.make_and_validate_key(check_cache.stamp_key(licence.number))


def test_a_change_made_in_another_worker_is_seen_on_the_next_check(api, licence):
    assert redis_client() is not None, "the tests run against Redis"
    assert used(api, licence) == "0.000"
    assert queries_for(api, licence) == 0  # from memory
    # another worker writes off: the database changes and the stamp moves; this worker's memory is untouched
    licence.lines.filter(line=1).update(used_quantity=7)
    redis_client().incr(stamp_key(licence))
    assert used(api, licence) == "7.000"


def test_without_a_stamp_the_database_answers(api, licence):
    assert used(api, licence) == "0.000"
    assert queries_for(api, licence) == 0
    redis_client().delete(stamp_key(licence))  # Redis restarted
    licence.lines.filter(line=1).update(used_quantity=3)
    assert queries_for(api, licence) == 1  # read again, stamp set again
    assert used(api, licence) == "3.000"
    assert queries_for(api, licence) == 0


def test_an_edit_the_stamp_does_not_know_of_shows_within_the_bound(api, licence, settings):
    settings.CUSTOMS_CHECK_CACHE_SECONDS = 0.3
    assert used(api, licence) == "0.000"
    licence.lines.filter(line=1).update(used_quantity=5)  # outside the services: the stamp does not move
    time.sleep(0.35)
    assert used(api, licence) == "5.000"


def test_write_offs_reversals_and_status_changes_move_the_stamp(api, licence, django_user_model):
    from licensing.services import licences

    officer = django_user_model.objects.create_user(email="o2@dualis.example", password="x" * 12, role="officer")
    assert used(api, licence) == "0.000"
    before = redis_client().get(stamp_key(licence))
    r = api.post(url(licence.number) + "usages/", {"declaration_reference": "D1", "lines": [
        {"line": 1, "quantity": "4", "value_eur": "40"}]}, format="json", HTTP_IDEMPOTENCY_KEY="stamp-1")
    assert r.status_code == 201
    after_write_off = redis_client().get(stamp_key(licence))
    assert after_write_off != before
    assert used(api, licence) == "4.000"
    assert api.post(f"/api/v1/customs/usages/{r.json()['id']}/reverse/").status_code == 200
    assert redis_client().get(stamp_key(licence)) != after_write_off
    assert used(api, licence) == "0.000"
    licences.change_status(licence, "suspend", officer, reason="Investigation")
    assert api.get(url(licence.number)).json()["status"] == "suspended"


def test_a_refused_write_off_leaves_the_memory_valid(api, licence):
    assert used(api, licence) == "0.000"
    r = api.post(url(licence.number) + "usages/", {"declaration_reference": "D2", "lines": [
        {"line": 1, "quantity": "1000", "value_eur": "1"}]}, format="json", HTTP_IDEMPOTENCY_KEY="stamp-2")
    assert r.status_code == 409
    assert queries_for(api, licence) == 0


def test_each_client_sees_only_what_it_may_see(api, licence):
    assert used(api, licence) == "0.000"  # the customs system's view is in memory now
    _other_client, token = api_client("holder-system", organisation=licence_with_lines((1, 1)).holder)
    other = bearer(token)
    assert other.get(url(licence.number)).status_code == 404  # another holder's own system


def test_the_stamp_travels_with_the_rate_limit_count(api, licence, monkeypatch):
    assert used(api, licence) == "0.000"
    monkeypatch.setattr(check_cache, "_stamp", lambda number: pytest.fail("stamp read in a second round trip"))
    assert queries_for(api, licence) == 0
    licence.lines.filter(line=1).update(used_quantity=2)
    redis_client().incr(stamp_key(licence))
    assert used(api, licence) == "2.000"
