"""The background tests use their own organisation, so the demo data's cases never count in a job."""

import pytest

from licensing.models import Organisation, OrganisationRole, Role, User


@pytest.fixture
def acme(reference_data):
    return Organisation.objects.create(name="Background Test Exports B.V.", eori_number="NL899999999", has_icp=True)


@pytest.fixture
def acme_user(acme):
    return User.objects.create_user("exporter@background.example", "pw", role=Role.EXPORTER, organisation=acme,
                                    organisation_role=OrganisationRole.ADMIN)


@pytest.fixture
def admin_user(reference_data):
    return User.objects.create_user("admin@background.example", "pw", role=Role.ADMINISTRATOR)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
