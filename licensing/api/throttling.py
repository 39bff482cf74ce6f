"""Per-client rate limits: each API client's own `rate` (e.g. "600/minute"), else the "api_client" default.

Counters live in the Django cache, which is Redis when REDIS_URL is set, so every gunicorn worker shares them.
Signed-in people are not throttled here (their sessions are protected elsewhere)."""

from rest_framework.throttling import SimpleRateThrottle

from .permissions import is_api_client


def valid_rate(rate: str) -> bool:
    try:
        num, period = rate.split("/")
        return int(num) > 0 and period[:1] in ("s", "m", "h", "d")
    except (AttributeError, ValueError):
        return False


class ApiClientRateThrottle(SimpleRateThrottle):
    scope = "api_client"

    def allow_request(self, request, view):
        principal = request.user
        if is_api_client(principal) and valid_rate(principal.rate):
            self.rate = principal.rate
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        principal = request.user
        if not is_api_client(principal):
            return None
        ident = f"{principal.pk}-{int(principal.created_at.timestamp())}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
