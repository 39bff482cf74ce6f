"""Bearer-token authentication for API clients (customs and other systems).

Cheap on every request: each worker process remembers the clients whose tokens it has seen (token hash ->
the client's row) for API_CLIENT_CACHE_SECONDS (default 1 s), so a busy client costs at most one query per
second per process, not one per request. Every save or delete of an ApiClient (created, rotated, revoked,
edited in the admin) empties this process's memory at once and again on commit; other processes notice a
revoked or rotated token within API_CLIENT_CACHE_SECONDS. Unknown tokens are never remembered, so a new
client works at once. Last use goes to the Django cache (Redis when configured) at most once per
API_CLIENT_LAST_USED_SECONDS (default 60 s) per client per process; a request never writes to the database.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from licensing.models import ApiClient
from licensing.models.apiclients import hash_token

_FIELDS = tuple(f.attname for f in ApiClient._meta.concrete_fields)
_SCOPES = _FIELDS.index("scopes")
_MAX_REMEMBERED = 10_000  # tokens per process; beyond that the memory starts again (bounded, never stale)

_clients: dict[str, tuple[float, tuple]] = {}  # token hash -> (monotonic time loaded, row values in _FIELDS order)
_last_used: dict[int, float] = {}  # client id -> monotonic time last use was written to the cache
_lock = threading.Lock()  # gthread workers: only for clearing/bounding; single dict operations are atomic


def cache_seconds() -> float:
    return getattr(settings, "API_CLIENT_CACHE_SECONDS", 1.0)


def last_used_seconds() -> float:
    return getattr(settings, "API_CLIENT_LAST_USED_SECONDS", 60.0)


def last_used_key(client_id: int) -> str:
    return f"api-client-last-used:{client_id}"


def forget_clients() -> None:
    """Forget every remembered client in this process (the next request with each token reads the database)."""
    with _lock:
        _clients.clear()


def _forget_on_change(sender, instance, **kwargs):
    # At once (this process, this transaction) and again after commit: a request on another thread may
    # have re-read the row before the change was committed.
    forget_clients()
    transaction.on_commit(forget_clients, using=kwargs.get("using"))


post_save.connect(_forget_on_change, sender=ApiClient, dispatch_uid="api-client-auth-forget-save")
post_delete.connect(_forget_on_change, sender=ApiClient, dispatch_uid="api-client-auth-forget-delete")


def active_client(token: str) -> ApiClient | None:
    """The active client holding `token`, as a fresh instance (never shared between requests), or None."""
    token_hash = hash_token(token)
    now = time.monotonic()
    hit = _clients.get(token_hash)
    if hit is None or now - hit[0] >= cache_seconds():
        row = ApiClient.objects.filter(token_hash=token_hash, is_active=True).values_list(*_FIELDS).first()
        if row is None:
            _clients.pop(token_hash, None)
            return None
        hit = (now, row)
        with _lock:
            if len(_clients) >= _MAX_REMEMBERED:
                _clients.clear()
            _clients[token_hash] = hit
    values = list(hit[1])
    values[_SCOPES] = list(values[_SCOPES])
    return ApiClient.from_db(ApiClient.objects.db, _FIELDS, values)


def note_use(client: ApiClient) -> None:
    """Keep the client's last use in the cache, at most once per API_CLIENT_LAST_USED_SECONDS per process."""
    now = time.monotonic()
    written = _last_used.get(client.pk)
    if written is not None and now - written < last_used_seconds():
        return
    _last_used[client.pk] = now
    cache.set(last_used_key(client.pk), timezone.now().isoformat(), timeout=None)


class ApiClientAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if not parts or parts[0] != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Authorization header must be 'Bearer <token>'."))
        client = active_client(parts[1])
        if client is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        note_use(client)
        return (client, client)

    def authenticate_header(self, request):
        return self.keyword


class ApiClientAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "licensing.api.authentication.ApiClientAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "API client token (create_api_client)."}
