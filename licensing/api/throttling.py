"""Per-client rate limits: each API client's own `rate` (e.g. "600/minute"), else the "api_client" default.

A fixed-window counter in the Django cache (Redis when REDIS_URL is set, so every gunicorn worker shares it):
one atomic INCR per request, whatever the rate. (DRF's SimpleRateThrottle keeps a list of every request time in
the window and re-writes it on each request, which costs milliseconds at thousands of requests per minute.)
A client may send up to twice its rate across a window boundary; the limit protects capacity, not accounting.
Signed-in people are not throttled here."""

import time

from django.conf import settings
from django.core.cache import cache
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
        try:
            count = cache.incr(key)
        except ValueError:  # first request in this window
            count = 1 if cache.add(key, 1, timeout=period + 5) else cache.incr(key)
        self.wait_seconds = (window + 1) * period - now
        return count <= limit

    def wait(self):
        return self.wait_seconds
