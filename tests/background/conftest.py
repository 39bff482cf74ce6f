import pytest

from licensing.models import Organisation, User


@pytest.fixture
def acme(demo):
    return Organisation.objects.get(eori_number="NL812345678")


@pytest.fixture
def acme_user(demo):
    return User.objects.get(email="exporter@acme.example")


@pytest.fixture
def admin_user(demo):
    return User.objects.get(email="admin@dualis.example")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
