"""API clients: customs and other systems. Their own principals with hashed, scoped, revocable tokens."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

SCOPES = ("licences:read", "licences:use", "evaluate", "applications")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return "dls_" + secrets.token_urlsafe(32)


class ApiClient(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    token_prefix = models.CharField(max_length=12)
    scopes = models.JSONField(default=list)
    organisation = models.ForeignKey(  # set for an exporter's own system (applications over REST)
        "licensing.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="api_clients"
    )
    rate = models.CharField(max_length=32, blank=True)  # e.g. "600/minute"; blank = default
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    webhook_url = models.URLField(blank=True)
    webhook_secret = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    # DRF treats the authenticated principal like a user.
    is_authenticated = True
    is_anonymous = False
    is_exporter = False
    is_officer = False

    def has_scope(self, scope: str) -> bool:
        return self.is_active and scope in self.scopes
