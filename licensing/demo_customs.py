"""Demo data for customs (idempotent, development only): licence DEMO-LIC-0001 held by Acme, and the API client
"demo-customs" whose token is derived from DEMO_PASSWORD: dls_demo_customs_<DEMO_PASSWORD>
(with the default password: dls_demo_customs_dualis-demo)."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import ApiClient, Licence, LicenceLine, LicenceStatus
from .models.apiclients import hash_token
from .services import api_clients

DEMO_LICENCE_NUMBER = "DEMO-LIC-0001"
DEMO_CLIENT_NAME = "demo-customs"
DEMO_CLIENT_SCOPES = "licences:read,licences:use,evaluate"


def demo_token(password: str) -> str:
    return f"dls_demo_customs_{password}"


def _two_years_from(day: date) -> date:
    try:
        return day.replace(year=day.year + 2) - timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 2, day=28)


@transaction.atomic
def load_customs_demo(orgs: dict, password: str) -> dict:
    """orgs: the demo organisations by key ("acme" is used). Returns the licence, client, token and lines to print."""
    today = timezone.localdate()
    licence, _ = Licence.objects.get_or_create(
        number=DEMO_LICENCE_NUMBER,
        defaults={
            "holder": orgs["acme"], "licence_type": "individual", "status": LicenceStatus.ACTIVE,
            "valid_from": today, "valid_until": _two_years_from(today), "destinations": ["JP"],
            "end_users": ["Hamamatsu Research Institute"],
            "conditions": "Demo licence for the customs API. Not valid for real exports.",
        },
    )
    LicenceLine.objects.get_or_create(
        licence=licence, line=1,
        defaults={"control_entry": "6A003.b.4.b", "description": "Uncooled thermal imaging cameras",
                  "quantity": Decimal("100"), "value_eur": Decimal("100000.00")},
    )
    token = demo_token(password)
    client = ApiClient.objects.filter(name=DEMO_CLIENT_NAME).first()
    if client is None:
        client, _ = api_clients.create_client(DEMO_CLIENT_NAME, DEMO_CLIENT_SCOPES, token=token)
    elif client.token_hash != hash_token(token):
        ApiClient.objects.filter(pk=client.pk).update(token_hash=hash_token(token), token_prefix=token[:12])
    return {
        "licence": licence, "client": client, "token": token,
        "lines": [
            f"Customs API: licence {DEMO_LICENCE_NUMBER} (Acme, line 1: 100 units, EUR 100,000); "
            f"client {DEMO_CLIENT_NAME!r}, header  Authorization: Bearer {token}",
            f"  curl -H 'Authorization: Bearer {token}' http://127.0.0.1:8000/api/v1/customs/licences/"
            f"{DEMO_LICENCE_NUMBER}/",
        ],
    }
