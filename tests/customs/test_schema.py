"""The published OpenAPI schema tells the truth: schemathesis calls the running API (live_server) with data
generated from /api/schema/ as the demo customs client; no 5xx, and every response conforms to the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from licensing.demo_customs import DEMO_LICENCE_NUMBER, load_customs_demo
from tests.factories import OrganisationFactory


@pytest.fixture
def demo_customs(transactional_db):
    return load_customs_demo({"acme": OrganisationFactory(name="Acme Photonics B.V.")}, password="dualis-demo")


@pytest.fixture
def customs_schema(live_server, demo_customs):
    return schemathesis.from_uri(f"{live_server.url}/api/schema/", base_url=live_server.url).include(
        path_regex="^/api/v1/customs/"
    )


schema = schemathesis.from_pytest_fixture("customs_schema")


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_customs_api_conforms_to_its_schema(case, demo_customs):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {demo_customs['token']}"},
        checks=(not_a_server_error, response_schema_conformance),
        timeout=30,
    )


def test_schema_and_docs_pages(client, db):
    r = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for path in ("/api/v1/customs/licences/{number}/", "/api/v1/customs/licences/{number}/usages/",
                 "/api/v1/customs/usages/{usage_id}/reverse/"):
        assert path in paths
        for operation in paths[path].values():
            assert {"401", "403", "404", "429"} <= set(operation["responses"]), path
    usages = paths["/api/v1/customs/licences/{number}/usages/"]["post"]
    assert {"201", "400", "409", "422"} <= set(usages["responses"])
    assert any(p["name"] == "Idempotency-Key" and p["required"] for p in usages["parameters"])
    assert DEMO_LICENCE_NUMBER == "DEMO-LIC-0001"
    assert client.get("/api/docs/").status_code == 200
