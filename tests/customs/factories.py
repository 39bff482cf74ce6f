"""Licences with lines and API clients for the customs tests (the back office issues real ones)."""

from decimal import Decimal

from rest_framework.test import APIClient

from licensing.models import Licence
from licensing.services import api_clients
from tests.factories import LicenceFactory, LicenceLineFactory


def licence_with_lines(*specs, **fields) -> Licence:
    """specs: (quantity, value_eur) per line, numbered 1, 2, …"""
    licence = LicenceFactory(**fields)
    for i, (quantity, value) in enumerate(specs or [(100, 100000)], start=1):
        LicenceLineFactory(licence=licence, line=i, quantity=Decimal(quantity), value_eur=Decimal(value))
    return licence


def api_client(name="customs-test", scopes="licences:read,licences:use", **kwargs):
    """(ApiClient, token)"""
    return api_clients.create_client(name, scopes, **kwargs)


def bearer(token: str) -> APIClient:
    """A DRF test client sending `Authorization: Bearer <token>`."""
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return c
