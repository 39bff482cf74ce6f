"""Per-client rate limits: each API client's own `rate` (e.g. "600/minute"), else the "api_client" default.

A fixed-window counter in the Django cache (Redis when REDIS_URL is set, so every gunicorn worker shares it):
one Redis round trip per request, whatever the rate: an INCR on one Redis client kept per process, plus an
EXPIRE on a window's first request (the cache API's incr() costs two round trips and a new client each time).
(DRF's SimpleRateThrottle keeps a list of every request time in the window and re-writes it on each request,
which costs milliseconds at thousands of requests per minute.)
A client may send up to twice its rate across a window boundary; the limit protects capacity, not accounting.
Signed-in people are not throttled here."""

import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import BaseThrottle

from .permissions import is_api_client

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def valid_rate(rate: str) -> bool:
    try:
        num, period = rate.split("/")
        return int(num) > 0 and period[:1] in PERIODS
    except (AttributeError, ValueError):
        return False


def parse_rate(rate: str) -> tuple[int, int]:
    num, period = rate.split("/")
    return int(num), PERIODS[period[0]]


def default_rate() -> str:
    return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get("api_client") or "6000/minute"


class ApiClientRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        principal = request.user
        if not is_api_client(principal):
            return True
        limit, period = parse_rate(principal.rate if valid_rate(principal.rate) else default_rate())
        now = time.time()
        window = int(now // period)
        key = f"throttle:api_client:{principal.pk}-{int(principal.created_at.timestamp())}:{period}:{window}"
        # A view may have cache keys read in the same round trip (the licence check reads its change stamp).
        wanted = view.read_with_throttle(request) if hasattr(view, "read_with_throttle") else ()
        count, values = hit_and_read(key, timeout=period + 5, read=wanted)
        request.read_with_throttle = dict(zip(wanted, values, strict=True))
        self.wait_seconds = (window + 1) * period - now
        return count <= limit

    def wait(self):
        return self.wait_seconds


_redis = {}  # cache backend location -> one Redis client per process (thread-safe, fork-safe connection pool)


def redis_client():
    """This process's Redis client for the default cache, or None when the cache is not Redis."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    client = _redis.get(backend._servers[0])
    if client is None:
        client = _redis[backend._servers[0]] = backend._cache.get_client(write=True)
    return client


def hit(key: str, *, timeout: int) -> int:
    """Count one request under `key` (created with `timeout` seconds to live) and return the count so far."""
    return hit_and_read(key, timeout=timeout)[0]


def hit_and_read(key: str, *, timeout: int, read=()) -> tuple[int, list]:
    """hit(), and the values of the cache keys `read` (None where there is none), in the same round trip."""
    client = redis_client()
    if client is None:  # local-memory cache (no REDIS_URL): the cache API
        try:
            count = cache.incr(key)
        except ValueError:  # first request in this window
            count = 1 if cache.add(key, 1, timeout=timeout) else cache.incr(key)
        values = cache.get_many(read) if read else {}
        return count, [values.get(k) for k in read]
    full_key = cache.make_and_validate_key(key)
    if not read:
        count = client.incr(full_key)
        values = []
    else:
        pipe = client.pipeline(transaction=False)
        pipe.incr(full_key)
        for k in read:
            pipe.get(cache.make_and_validate_key(k))
        count, *values = pipe.execute()
    if count == 1:  # first request in this window (the key names its window, so it is never reused)
        client.expire(full_key, timeout)
    return count, values
