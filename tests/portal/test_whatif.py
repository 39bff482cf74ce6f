import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

QUERY = {"destination": "CN", "export_type": "export", "end_user_name": "Ministry of Public Security",
         "end_user_type": "police_security", "end_use": "Emotion analysis",
         "items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "3",
         "items-0-description": "Emotion-recognition software", "items-0-cyber_surveillance": "on",
         "items-1-description": "Thermal camera", "items-1-control_entry": "6A003.b.4"}


def test_whatif_for_exporter_and_officer(exporter_client, officer):
    r = exporter_client.get("/whatif/")
    assert r.status_code == 200 and "What-if check" in r.content.decode()
    r = exporter_client.get("/whatif/", QUERY)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Recommendation" in html and "6A003.b.4" in html
    officer_client = Client()
    officer_client.force_login(officer)
    r = officer_client.get("/whatif/", QUERY)
    assert r.status_code == 200 and "catch_all_cyber_surveillance" in r.content.decode()


def test_whatif_errors_and_anonymous(exporter_client):
    r = exporter_client.get("/whatif/", {**QUERY, "items-1-control_entry": "5A999"})
    assert r.status_code == 400 and "5A999" in r.content.decode()
    assert Client().get("/whatif/").status_code == 302
