"""Bearer-token authentication for API clients (customs and other systems)."""

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from licensing.models import ApiClient
from licensing.models.apiclients import hash_token


class ApiClientAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if parts[0] != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Authorization header must be 'Bearer <token>'."))
        client = ApiClient.objects.filter(token_hash=hash_token(parts[1]), is_active=True).first()
        if client is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        # Last use is kept in the cache (Redis when configured), never written on a request: a GET never writes.
        cache.set(f"api-client-last-used:{client.pk}", timezone.now().isoformat(), timeout=None)
        return (client, client)

    def authenticate_header(self, request):
        return self.keyword


class ApiClientAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "licensing.api.authentication.ApiClientAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "API client token (create_api_client)."}
