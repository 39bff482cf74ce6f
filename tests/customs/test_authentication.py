"""Bearer tokens are checked without a query per request, yet a revoked, rotated or changed client is refused
at once in the process that changed it and within API_CLIENT_CACHE_SECONDS everywhere else."""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from licensing.api import authentication, throttling
from licensing.models import ApiClient
from licensing.services import api_clients

from .factories import bearer

pytestmark = pytest.mark.django_db


def url(number):
    return f"/api/v1/customs/licences/{number}/"


def test_a_remembered_token_costs_no_query(api, licence):
    assert api.get(url(licence.number)).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url(licence.number)).status_code == 200
    assert not [q for q in queries if "licensing_apiclient" in q["sql"]]


def test_revoked_elsewhere_is_refused_within_the_cache_time(api, customs, licence, settings):
    settings.API_CLIENT_CACHE_SECONDS = 0.3
    assert api.get(url(licence.number)).status_code == 200
    # Another process revokes: no signal reaches this one (a queryset update sends none either).
    ApiClient.objects.filter(pk=customs[0].pk).update(is_active=False)
    time.sleep(0.35)
    assert api.get(url(licence.number)).status_code == 401


def test_default_cache_time_is_at_most_two_seconds():
    assert 0 < authentication.cache_seconds() <= 2


def test_scope_taken_away_in_the_admin_applies_to_the_next_request(api, customs, licence):
    assert api.get(url(licence.number)).status_code == 200
    client = customs[0]
    client.scopes = ["licences:use"]
    client.save()
    assert api.get(url(licence.number)).status_code == 403


def test_rotation_in_the_admin_refuses_the_old_token_at_once(admin_client, api, customs, licence):
    assert api.get(url(licence.number)).status_code == 200
    r = admin_client.post("/admin/licensing/apiclient/", {"action": "rotate_tokens", "_selected_action": [customs[0].pk]})
    assert r.status_code == 302
    assert api.get(url(licence.number)).status_code == 401


def test_a_new_client_works_at_once_after_its_token_was_refused(licence):
    token = "dls_chosen-in-advance-token-0001"
    assert bearer(token).get(url(licence.number)).status_code == 401
    api_clients.create_client("late", "licences:read", token=token)
    assert bearer(token).get(url(licence.number)).status_code == 200


def test_each_request_gets_its_own_client_object(api, customs, licence):
    a, b = authentication.active_client(customs[1]), authentication.active_client(customs[1])
    assert a == b and a is not b and a.scopes is not b.scopes


def test_blank_authorization_header_is_401_not_500(licence):
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION="   ")
    assert c.get(url(licence.number)).status_code == 401


def test_last_use_is_kept_in_the_cache(api, customs, licence):
    cache.delete(authentication.last_used_key(customs[0].pk))
    authentication._last_used.pop(customs[0].pk, None)
    api.get(url(licence.number))
    assert cache.get(authentication.last_used_key(customs[0].pk))


def test_throttle_window_counts_and_expires():
    key = f"b2-test-window-{time.time()}"
    assert [throttling.hit(key, timeout=7) for _ in range(3)] == [1, 2, 3]
    assert cache.get(key) == 3
    redis = throttling.redis_client()
    if redis is not None:
        assert 0 < redis.ttl(cache.make_and_validate_key(key)) <= 7
