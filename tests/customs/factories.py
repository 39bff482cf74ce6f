"""Licences, lines and API clients for the customs tests (the back office issues real ones)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from rest_framework.test import APIClient

from licensing.models import Licence, LicenceLine, LicenceStatus, Organisation
from licensing.services import api_clients


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Exporter {n} B.V.")
    eori_number = factory.Sequence(lambda n: f"NL9{n:08d}")


class LicenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Licence

    number = factory.Sequence(lambda n: f"NL-TEST-{n:05d}")
    holder = factory.SubFactory(OrganisationFactory)
    status = LicenceStatus.ACTIVE
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=700))
    destinations = factory.LazyFunction(lambda: ["JP"])
    end_users = factory.LazyFunction(lambda: ["Hamamatsu Research Institute"])


class LicenceLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LicenceLine

    licence = factory.SubFactory(LicenceFactory)
    line = factory.Sequence(lambda n: n + 1)
    control_entry = "6A003.b.4.b"
    description = "Uncooled thermal imaging cameras"
    quantity = Decimal("100")
    value_eur = Decimal("100000.00")


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
