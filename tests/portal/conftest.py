import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def api(exporter):
    c = Client()
    c.force_login(exporter)
    return c


@pytest.fixture
def other_api(other_exporter):
    c = Client()
    c.force_login(other_exporter)
    return c
