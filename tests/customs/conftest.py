import pytest

from .factories import api_client, bearer, licence_with_lines


@pytest.fixture
def customs(db):
    """A customs system with read and use scopes: (ApiClient, token)."""
    return api_client()


@pytest.fixture
def api(customs):
    """A DRF test client authenticated as the customs system."""
    return bearer(customs[1])


@pytest.fixture
def licence(db):
    """Active licence with line 1: 100 units, EUR 100,000; line 2: 10 units, EUR 5,000."""
    return licence_with_lines((100, 100000), (10, 5000))

