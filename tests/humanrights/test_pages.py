"""Register and screening pages: officer-only, audited writes, user's input kept on errors."""

import pytest
from django.urls import reverse

from humanrights import screening
from humanrights.models import CountryMeasure, Denial, Disposition, EndUserConcern, ScreeningHit, ScreeningList
from licensing.models import AuditEvent

from .conftest import FIXTURES
from .factories import end_user_app

pytestmark = pytest.mark.django_db

PAGES = [
    ("humanrights:countries", []), ("humanrights:country_detail", ["CN"]), ("humanrights:end_user_concerns", []),
    ("humanrights:denials", []), ("humanrights:lists", []), ("humanrights:list_import", []),
    ("humanrights:denial_import", []), ("humanrights:end_user_concern_create", []),
    ("humanrights:measure_create", ["CN"]), ("humanrights:concern_create", ["CN"]), ("humanrights:denial_create", []),
]


@pytest.mark.parametrize("name,args", PAGES)
def test_anonymous_is_sent_to_login(client, demo, name, args):
    res = client.get(reverse(name, args=args))
    assert res.status_code == 302 and "/accounts/login/" in res["Location"]


@pytest.mark.parametrize("name,args", PAGES)
def test_exporters_are_refused(exporter_client, name, args):
    assert exporter_client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize("name,args", PAGES)
def test_officers_see_the_pages(officer_client, name, args):
    assert officer_client.get(reverse(name, args=args)).status_code == 200


def test_country_profile_shows_measures_concern_and_overview(officer_client):
    end_user_app("Some Bureau", "CN")
    res = officer_client.get(reverse("humanrights:country_detail", args=["cn"]))
    text = res.content.decode()
    assert "China" in text and "Serious" in text and "HR-TEST-" in text
    assert officer_client.get(reverse("humanrights:country_detail", args=["XX"])).status_code == 404
    listing = officer_client.get(reverse("humanrights:countries")).content.decode()
    assert "Russian Federation" in listing or "Russia" in listing
    assert officer_client.get(reverse("humanrights:countries") + "?country=ae")["Location"].endswith("/AE/")


def test_officer_adds_and_edits_a_measure_with_audit(officer_client, officer):
    url = reverse("humanrights:measure_create", args=["AF"])
    res = officer_client.post(url, {"measure": "telecom_monitoring_ban", "scope": "full",
                                    "legal_basis": "Council Regulation (EU) 2026/1 (example)",
                                    "since": "2026-01-01", "source_url": "https://eur-lex.europa.eu/"})
    assert res.status_code == 302
    m = CountryMeasure.objects.get(country="AF", measure="telecom_monitoring_ban", since="2026-01-01")
    assert m.updated_by == officer
    event = AuditEvent.objects.filter(action="register.CountryMeasure.created").latest("id")
    assert event.actor == officer and event.object_id == str(m.pk) and "legal_basis" in event.changes

    edit = reverse("humanrights:measure_edit", args=["AF", m.pk])
    res = officer_client.post(edit, {"measure": "telecom_monitoring_ban", "scope": "partial",
                                     "legal_basis": m.legal_basis, "since": "2026-01-01"})
    assert res.status_code == 302
    event = AuditEvent.objects.filter(action="register.CountryMeasure.updated").latest("id")
    assert event.changes["scope"] == ["full", "partial"]
    # a measure of another country is not reachable through this country's URL
    assert officer_client.get(reverse("humanrights:measure_edit", args=["CN", m.pk])).status_code == 404


def test_duplicate_measure_is_refused_not_a_500(officer_client):
    res = officer_client.post(reverse("humanrights:measure_create", args=["BY"]), {
        "measure": "dual_use_export_ban", "scope": "full", "legal_basis": "x", "since": "2022-03-02"})
    assert res.status_code == 200 and "already registered" in res.content.decode()


def test_invalid_measure_keeps_the_input_and_names_the_field(officer_client):
    res = officer_client.post(reverse("humanrights:measure_create", args=["AF"]), {
        "measure": "dual_use_export_ban", "scope": "full", "legal_basis": "My typed basis",
        "since": "2022-03-02", "until": "2021-01-01"})
    assert res.status_code == 200
    text = res.content.decode()
    assert "The end date must be after the start date." in text and "My typed basis" in text
    assert not CountryMeasure.objects.filter(country="AF", measure="dual_use_export_ban").exists()


def test_end_user_concern_create_with_aliases(officer_client):
    res = officer_client.post(reverse("humanrights:end_user_concern_create"), {
        "name": "Rosoboronexport", "aliases": "Рособоронэкспорт\nRosoboroneksport\n", "kind": "organisation",
        "country": "RU", "basis": "Arms export agency", "source": "Officer's research"})
    assert res.status_code == 302
    concern = EndUserConcern.objects.get(name="Rosoboronexport")
    assert concern.aliases == ["Рособоронэкспорт", "Rosoboroneksport"]
    assert AuditEvent.objects.filter(action="register.EndUserConcern.created", object_id=str(concern.pk)).exists()
    assert "Rosoboronexport" in officer_client.get(reverse("humanrights:end_user_concerns") + "?q=rosob").content.decode()


def test_received_denial_by_hand_gets_its_review_date(officer_client):
    res = officer_client.post(reverse("humanrights:denial_create"), {
        "reference": "SE-2026-1", "member_state": "SE", "control_entries": "5a001.J, 5D001", "end_user": "X Corp",
        "destination": "AE", "end_user_country": "", "denied_on": "2026-01-31"})
    assert res.status_code == 302, res.content.decode()[:3000]
    d = Denial.objects.get(reference="SE-2026-1")
    assert (d.origin, d.control_entries, str(d.review_due_on)) == ("received", ["5A001.j", "5D001"], "2029-01-31")
    bad = officer_client.post(reverse("humanrights:denial_create"), {
        "reference": "SE-2026-2", "member_state": "SE", "control_entries": "5Z001", "end_user": "X Corp",
        "destination": "AE", "denied_on": "2026-01-31"})
    assert bad.status_code == 200 and "5Z001" in bad.content.decode()


def test_own_denials_are_not_edited_here(officer_client):
    app = end_user_app("X", "AE", status="denied")
    own = Denial.objects.create(reference="NL-1", origin="own", member_state="NL", end_user="X", destination="AE",
                                denied_on="2025-01-01", review_due_on="2028-01-01", application=app)
    assert officer_client.get(reverse("humanrights:denial_edit", args=[own.pk])).status_code == 404


def test_list_import_page(officer_client, officer):
    with open(FIXTURES / "eu_fsf_sample.xml", "rb") as fh:
        res = officer_client.post(reverse("humanrights:list_import"), {"name": "EU", "format": "eu-fsf", "file": fh})
    assert res.status_code == 302
    lst = ScreeningList.objects.get(name="EU")
    assert lst.entry_count == 7 and lst.imported_by == officer
    assert "Zhu Hailun" in officer_client.get(reverse("humanrights:list_detail", args=[lst.pk])).content.decode()
    assert AuditEvent.objects.filter(action="screening_list.imported", actor=officer).exists()


def test_list_import_page_malformed_file(officer_client, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<export><sanctionEntity></export>")
    with open(bad, "rb") as fh:
        res = officer_client.post(reverse("humanrights:list_import"), {"name": "EU", "format": "eu-fsf", "file": fh})
    assert res.status_code == 400
    assert "not well-formed XML" in res.content.decode() and not ScreeningList.objects.exists()


def test_denial_import_page(officer_client, tmp_path):
    with open(FIXTURES / "denials_received.json", "rb") as fh:
        res = officer_client.post(reverse("humanrights:denial_import"), {"format": "json", "file": fh})
    assert res.status_code == 302 and Denial.objects.filter(reference="IT-2025-0311").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("reference,member_state,end_user,destination,denied_on\nA,XX,B,AE,2025-01-01\n")
    with open(bad, "rb") as fh:
        res = officer_client.post(reverse("humanrights:denial_import"), {"format": "csv", "file": fh})
    assert res.status_code == 400 and "line 2: member_state" in res.content.decode()


# --- hits on the case page ---------------------------------------------------------------------


def _screened():
    app = end_user_app("XPCC PSB", "CN")
    screening.screen_application(app.pk)
    return app, ScreeningHit.objects.get(party__application=app)


def test_hits_page_and_disposition(officer_client, officer):
    app, hit = _screened()
    page = reverse("humanrights:application_hits", args=[app.pk])
    text = officer_client.get(page).content.decode()
    assert "Xinjiang Production and Construction Corps Public Security Bureau" in text and "score 100" in text
    res = officer_client.post(reverse("humanrights:hit_decide", args=[hit.pk]),
                              {"disposition": "false_positive", "note": "Different body", "next": page})
    assert res.status_code == 302 and res["Location"] == f"{page}#hit-{hit.pk}"
    hit.refresh_from_db()
    assert (hit.disposition, hit.decided_by, hit.note) == (Disposition.FALSE_POSITIVE, officer, "Different body")
    event = AuditEvent.objects.filter(action="screening_hit.decided").latest("id")
    assert event.application_id == app.pk and event.changes["disposition"] == ["open", "false_positive"]


def test_disposition_refuses_get_exporters_and_bad_input(client, exporter, officer_client):
    app, hit = _screened()
    url = reverse("humanrights:hit_decide", args=[hit.pk])
    assert officer_client.get(url).status_code == 405
    officer_client.post(url, {"disposition": "maybe"})
    hit.refresh_from_db()
    assert hit.disposition == Disposition.OPEN
    # an unsafe 'next' is ignored
    res = officer_client.post(url, {"disposition": "true_match", "next": "https://evil.example/"})
    assert "evil.example" not in res["Location"]
    client.force_login(exporter)
    assert client.post(url, {"disposition": "false_positive"}).status_code == 403
    assert client.get(reverse("humanrights:application_hits", args=[app.pk])).status_code == 403


def test_country_profiles_are_named_in_the_officers_language(officer_client):
    url = reverse("humanrights:country_detail", args=["DE"])
    assert "Germany (DE)" in officer_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    html = officer_client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Duitsland (DE)" in html and "Germany" not in html
    assert "Wit-Rusland (BY)" in officer_client.get(reverse("humanrights:countries"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
