import pytest

pytestmark = pytest.mark.django_db


def test_tree_page(client, reference_data):
    r = client.get("/controllist/")
    assert r.status_code == 200
    assert "5A001" in r.content.decode()


def test_entry_page_shows_notes_authorisations_and_history(client, reference_data):
    page = client.get("/controllist/entry/5A004.b/").content.decode()
    assert "Debuggers, hypervisors" in page
    assert "32021R0821-proxy-02009R0428-20201215" in page
    assert "Cyber-surveillance" in page


def test_unknown_entry_page_is_404_with_suggestions(client, reference_data):
    r = client.get("/controllist/entry/5A001.j.9/")
    assert r.status_code == 404
    assert "5A001.j" in r.content.decode()


def test_search_page(client, reference_data):
    page = client.get("/controllist/search/?q=interception").content.decode()
    assert "5A001" in page


def test_compare_page(client, reference_data):
    page = client.get(
        "/controllist/versions/compare/?a=32021R0821-proxy-02009R0428-20201215&b=02021R0821-20251115"
    ).content.decode()
    assert "3A501" in page and "18 entries added" in page
