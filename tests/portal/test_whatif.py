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


def test_whatif_states_purpose_free_zone_and_the_end_users_country(exporter_client):
    """The optional request fields are on the page too: EU004 for an exhibition, a free warehouse bars EU001,
    an end user in Russia behind a US consignee is caught by the sanctions."""
    base = {**QUERY, "destination": "BR", "end_user_name": "Feira", "end_user_type": "commercial",
            "items-0-description": "", "items-0-cyber_surveillance": "", "items-1-control_entry": "6A003.b.4"}
    html = exporter_client.get("/whatif/", {**base, "purpose": "exhibition"}).content.decode()
    assert "export authorisation EU004 (" in html
    assert "export authorisation EU004 (" not in exporter_client.get("/whatif/", base).content.decode()
    us = {**base, "destination": "US", "items-1-control_entry": "5A002.a.2"}
    assert "export authorisation EU001 (" in exporter_client.get("/whatif/", us).content.decode()
    r = exporter_client.get("/whatif/", {**us, "free_zone": "on"})
    assert "free warehouse" in r.content.decode()
    r = exporter_client.get("/whatif/", {**us, "end_user_country": "RU"})
    assert r.status_code == 200 and "833/2014" in r.content.decode()
    r = exporter_client.get("/whatif/", {**base, "purpose": "holiday"})
    assert r.status_code == 400


def test_whatif_new_fields_in_dutch(exporter_client):
    html = exporter_client.get("/whatif/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Doel van de uitvoer" in html and "Land van de eindgebruiker" in html and "vrij entrepot" in html
