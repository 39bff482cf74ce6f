"""Links that leave the site (e-mails, PDFs): absolute, on the installation's SITE_URL setting."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``/portal/applications/3/`` -> ``https://dualis.example.nl/portal/applications/3/``."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")
