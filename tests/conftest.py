"""Shared fixtures. Reference data is loaded once into the test database and re-loaded if a
transactional test flushed it."""

import os

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium, driven by Playwright (browsers cannot be downloaded here)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


@pytest.fixture
def browser():
    """A headless Chromium for the browser tests (marked `browser`); skipped where it is not installed."""
    playwright_sync = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's Chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it are fine.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_sync.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_snapshot(request):
    """Each test sees the reference data as it is in the database now, in English unless it asks otherwise."""
    from django.utils import translation

    from licensing.rules import loader

    loader.invalidate()
    translation.activate("en")
    yield
    translation.deactivate()
    loader.invalidate()


@pytest.fixture
def reference_data(db):
    from controllists.models import ControlListVersion

    if not ControlListVersion.objects.exists():
        call_command("load_reference_data", verbosity=0)
    from licensing.rules import loader

    loader.invalidate()


@pytest.fixture
def demo(db, reference_data):
    from licensing.demo import load_demo

    return load_demo(password="dualis-demo")


@pytest.fixture
def officer(demo):
    from licensing.models import User

    return User.objects.get(email="officer@dualis.example")


@pytest.fixture
def senior(demo):
    from licensing.models import User

    return User.objects.get(email="senior@dualis.example")


@pytest.fixture
def exporter(demo):
    from licensing.models import User

    return User.objects.get(email="exporter@acme.example")


@pytest.fixture
def other_exporter(demo):
    from licensing.models import User

    return User.objects.get(email="exporter@globex.example")


@pytest.fixture
def officer_client(officer):
    from django.test import Client

    c = Client()
    c.force_login(officer)
    return c


@pytest.fixture
def exporter_client(exporter):
    from django.test import Client

    c = Client()
    c.force_login(exporter)
    return c
