"""API clients (customs and other systems): create, rotate the token, revoke. Tokens are shown once, stored hashed."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing.api.throttling import valid_rate
from licensing.models import ApiClient
from licensing.models.apiclients import SCOPES, hash_token, new_token
from licensing.services import audit


def clean_scopes(scopes) -> list[str]:
    if isinstance(scopes, str):
        scopes = [s for s in (part.strip() for part in scopes.split(",")) if s]
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise ValidationError(
            {"scopes": _("Unknown scope(s): %(unknown)s. Known scopes: %(known)s.") % {
                "unknown": ", ".join(unknown), "known": ", ".join(SCOPES)}}
        )
    return sorted(set(scopes))


def clean_rate(rate: str) -> str:
    rate = (rate or "").strip()
    if rate and not valid_rate(rate):
        raise ValidationError({"rate": _("Write the rate as <number>/<second|minute|hour|day>, e.g. 600/minute.")})
    return rate


def new_webhook_secret() -> str:
    return secrets.token_hex(32)


def _set_token(client: ApiClient, token: str) -> None:
    client.token_hash = hash_token(token)
    client.token_prefix = token[:12]


def create_client(
    name: str, scopes, *, rate: str = "", organisation=None, webhook_url: str = "", actor=None, token: str | None = None
) -> tuple[ApiClient, str]:
    """Create a client; returns it with its token, which is never stored and cannot be shown again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the client a name.")})
    if ApiClient.objects.filter(name=name).exists():
        raise ValidationError({"name": _("An API client named %(name)s already exists.") % {"name": name}})
    client = ApiClient(name=name, scopes=clean_scopes(scopes), rate=clean_rate(rate), organisation=organisation,
                       webhook_url=webhook_url)
    return client, register(client, actor=actor, token=token)


@transaction.atomic
def register(client: ApiClient, *, actor=None, token: str | None = None) -> str:
    """Save a new (unsaved) client with a fresh token and, when it has a webhook URL, a signing secret."""
    token = token or new_token()
    _set_token(client, token)
    if client.webhook_url and not client.webhook_secret:
        client.webhook_secret = new_webhook_secret()
    client.full_clean()
    client.save()
    audit.record(actor, "api_client.created", client, changes={
        "name": client.name, "scopes": client.scopes, "rate": client.rate, "webhook_url": client.webhook_url})
    return token


@transaction.atomic
def rotate_token(client: ApiClient, *, actor=None) -> str:
    """Replace the token: the old one stops working at once. Returns the new token (shown once)."""
    token = new_token()
    _set_token(client, token)
    client.save(update_fields=["token_hash", "token_prefix"])
    audit.record(actor, "api_client.token_rotated", client, changes={"token_prefix": client.token_prefix})
    return token


@transaction.atomic
def revoke(client: ApiClient, *, actor=None) -> None:
    """Revoke the client: its token is refused from now on (401)."""
    if not client.is_active:
        return
    client.is_active = False
    client.revoked_at = timezone.now()
    client.save(update_fields=["is_active", "revoked_at"])
    audit.record(actor, "api_client.revoked", client)


def store_last_use() -> int:
    """Copy each client's last use from the cache (where requests leave it, never writing the database) into
    ``ApiClient.last_used_at``, so the portal and the admin show it and it survives a cache restart.
    Returns the number of clients updated. Run by celery beat (``scheduled.store_api_client_last_use``)."""
    from datetime import datetime

    from django.core.cache import cache

    from licensing.api.authentication import last_used_key

    clients = dict(ApiClient.objects.values_list("pk", "last_used_at"))
    seen = cache.get_many([last_used_key(pk) for pk in clients])
    updated = 0
    for pk, stored in clients.items():
        value = seen.get(last_used_key(pk))
        try:
            used = datetime.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            continue
        if used is not None and (stored is None or used > stored):
            # update(), not save(): no signal, so the workers' remembered tokens stay as they are
            updated += ApiClient.objects.filter(pk=pk).update(last_used_at=used)
    return updated
