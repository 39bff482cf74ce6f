"""The applications API as an exporter's own system uses it."""

import pytest
from django.core import mail

from licensing.models import ApiClient, AuditEvent, Status
from licensing.models.apiclients import hash_token
from tests.factories import InformationRequestFactory

from .factories import EXAMPLE_BODY, complete_draft, docx, pdf, submitted

pytestmark = pytest.mark.django_db

URL = "/api/v1/applications/"


def test_create_draft_with_contract_fields(api, exporter):
    r = api.post(URL, EXAMPLE_BODY, content_type="application/json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["status"] == "draft" and body["reference"] is None
    assert body["destination"] == "IN"
    assert body["end_user"]["name"] == "Indian Institute of Science"
    assert [i["control_entry"] for i in body["items"]] == ["6A003.b.4", None]
    assert body["consignees"][0]["name"] == "Bangalore Freight Pvt Ltd"
    assert body["exporter"]["eori_number"] == exporter.organisation.eori_number
    assert body["missing"] == {"documents": ["Upload the end-user statement: an individual licence requires one."]}


def test_invalid_fields_named(api):
    body = {"destination": "XX", "items": [{"description": "x", "control_entry": "5A999", "quantity": -1,
                                             "value_eur": 1}], "end_user": {"name": "A", "country": "ZZ"}}
    r = api.post(URL, body, content_type="application/json")
    assert r.status_code == 400
    errors = r.json()
    assert "destination" in errors
    item = errors["items"]["0"]
    assert "5A999" in item["control_entry"][0] and "quantity" in item
    assert "country" in errors["end_user"]


def test_patch_replaces_items_and_keeps_the_rest(api):
    app_id = api.post(URL, EXAMPLE_BODY, content_type="application/json").json()["id"]
    r = api.patch(f"{URL}{app_id}/", {"destination": "JP", "items": [
        {"description": "Camera", "control_entry": "6a003.b.4.", "quantity": 1, "value_eur": 10}]},
        content_type="application/json")
    assert r.status_code == 200, r.json()
    assert r.json()["destination"] == "JP"
    assert [i["control_entry"] for i in r.json()["items"]] == ["6A003.b.4"]
    assert r.json()["end_user"]["name"] == "Indian Institute of Science"


def test_upload_submit_and_evaluation(api, django_capture_on_commit_callbacks):
    app_id = api.post(URL, EXAMPLE_BODY, content_type="application/json").json()["id"]
    r = api.post(f"{URL}{app_id}/submit/")
    assert r.status_code == 400
    assert "documents" in r.json()
    r = api.post(f"{URL}{app_id}/documents/", {"kind": "end_user_statement", "file": pdf()})
    assert r.status_code == 201, r.json()
    assert len(r.json()["sha256"]) == 64 and r.json()["content_type"] == "application/pdf"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post(f"{URL}{app_id}/submit/")
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["status"] == "submitted"
    assert body["reference"].startswith("DU-") and len(body["reference"]) == len("DU-2026-000001")
    assert "recommendation" not in body["evaluation"]
    assert [i["listed"] for i in body["evaluation"]["items"]] == [True, False]
    assert "general_authorisation" in body["evaluation"]
    assert all(not f.get("officer_only") for f in body["evaluation"]["findings"])
    assert len(mail.outbox) == 1 and body["reference"] in mail.outbox[0].subject
    # locked after submission
    assert api.patch(f"{URL}{app_id}/", {"title": "x"}, content_type="application/json").status_code == 409
    assert api.delete(f"{URL}{app_id}/").status_code == 409
    assert api.post(f"{URL}{app_id}/documents/", {"kind": "other", "file": pdf()}).status_code == 409
    assert api.post(f"{URL}{app_id}/submit/").status_code == 409


def test_incomplete_submission_lists_everything(api):
    app_id = api.post(URL, {"licence_type": "individual"}, content_type="application/json").json()["id"]
    r = api.post(f"{URL}{app_id}/submit/")
    assert r.status_code == 400
    assert set(r.json()) >= {"items", "destination", "end_user", "end_use", "declarations", "documents"}


def test_global_licence_requires_icp(other_api):
    body = {**EXAMPLE_BODY, "licence_type": "global"}
    app_id = other_api.post(URL, body, content_type="application/json").json()["id"]
    r = other_api.post(f"{URL}{app_id}/submit/")
    assert r.status_code == 400 and "licence_type" in r.json()


def test_references_are_unique_and_sequential(exporter):
    a, b = submitted(exporter), submitted(exporter)
    assert a.reference != b.reference
    assert int(b.reference[-6:]) == int(a.reference[-6:]) + 1


def test_document_type_checked_by_content(api, exporter, settings):
    app = complete_draft(exporter)
    fake = pdf(name="statement.pdf", content=b"MZ\x90\x00 not a pdf")
    r = api.post(f"{URL}{app.pk}/documents/", {"kind": "other", "file": fake})
    assert r.status_code == 400 and "file" in r.json()
    assert api.post(f"{URL}{app.pk}/documents/", {"kind": "technical_specification", "file": docx()}).status_code == 201
    settings.DOCUMENT_MAX_BYTES = 10
    r = api.post(f"{URL}{app.pk}/documents/", {"kind": "other", "file": pdf()})
    assert r.status_code == 400 and "maximum" in r.json()["file"][0]


def test_delete_draft_and_download_document(api, exporter):
    app = complete_draft(exporter)
    doc = app.documents.get()
    r = api.get(f"{URL}{app.pk}/documents/{doc.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    assert api.delete(f"{URL}{app.pk}/").status_code == 204
    assert api.get(f"{URL}{app.pk}/").status_code == 404


def test_withdraw_and_copy(api, exporter):
    app = submitted(exporter)
    r = api.post(f"{URL}{app.pk}/withdraw/", {"reason": "Order cancelled"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    assert api.post(f"{URL}{app.pk}/withdraw/").status_code == 409
    r = api.post(f"{URL}{app.pk}/copy/")
    assert r.status_code == 201
    assert r.json()["status"] == "draft" and len(r.json()["items"]) == 2 and r.json()["documents"] == []


def test_information_request_reply(api, exporter, officer):
    from licensing import workflow

    app = submitted(exporter)
    info = InformationRequestFactory(application=app, asked_by=officer)
    workflow.transition(app, "request_information", officer)
    r = api.get(f"{URL}{app.pk}/information-requests/")
    assert r.status_code == 200 and r.json()[0]["question"].startswith("Please")
    url = f"{URL}{app.pk}/information-requests/{info.pk}/reply/"
    assert api.post(url, {"reply": ""}).status_code == 400
    r = api.post(url, {"reply": "Contract attached.", "files": [pdf("contract.pdf")]})
    assert r.status_code == 200, r.json()
    app.refresh_from_db()
    assert app.status == Status.UNDER_REVIEW
    assert app.documents.filter(information_request=info).count() == 1
    assert api.post(url, {"reply": "again"}).status_code == 409


def test_officer_and_anonymous_refused(officer_client):
    from django.test import Client

    assert Client().get(URL).status_code in (401, 403)
    assert officer_client.get(URL).status_code == 403


def test_api_client_token_scoped_to_its_organisation(client, exporter, other_exporter):
    ApiClient.objects.create(name="acme-erp", token_hash=hash_token("tok-acme"), token_prefix="tok",
                             scopes=["applications"], organisation=exporter.organisation)
    ApiClient.objects.create(name="customs", token_hash=hash_token("tok-customs"), token_prefix="tok",
                             scopes=["licences:read"])
    mine, theirs = complete_draft(exporter), complete_draft(other_exporter)
    auth = {"HTTP_AUTHORIZATION": "Bearer tok-acme"}
    ids = [a["id"] for a in client.get(URL, **auth).json()["results"]]
    assert mine.pk in ids and theirs.pk not in ids
    assert client.get(f"{URL}{theirs.pk}/", **auth).status_code == 404
    r = client.post(URL, EXAMPLE_BODY, content_type="application/json", **auth)
    assert r.status_code == 201
    assert client.post(f"{URL}{mine.pk}/submit/", **auth).status_code == 200
    assert AuditEvent.objects.filter(actor_label="api-client:acme-erp", action="application.submit").exists()
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer tok-customs").status_code == 403


def test_openapi_documents_the_endpoints(api):
    r = api.get("/api/schema/?format=json")
    paths = r.json()["paths"]
    for p in ("/api/v1/applications/", "/api/v1/applications/{id}/", "/api/v1/applications/{id}/submit/",
              "/api/v1/applications/{id}/withdraw/", "/api/v1/applications/{application_pk}/documents/"):
        assert p in paths, p


def test_officer_only_findings_never_shown_to_exporter(api, exporter):
    """A denial by another member state is an officer-only finding: it is in the stored evaluation, but
    neither the API, the review page nor the case page shows it to the exporter."""
    import datetime

    from humanrights.models import Denial
    from licensing.rules import loader

    Denial.objects.create(reference="DE-SECRET-77", origin="received", member_state="DE",
                          control_entries=["6A003"], end_user="Indian Institute of Science", end_user_country="IN",
                          destination="IN", denied_on=datetime.date(2025, 6, 1),
                          review_due_on=datetime.date(2028, 6, 1))
    loader.invalidate()
    app = complete_draft(exporter)
    review = api.get(f"/portal/applications/{app.pk}/edit/review/").content.decode()
    assert "DE-SECRET-77" not in review
    from licensing.services.applications import submit

    submit(app, exporter)
    app.refresh_from_db()
    stored = [f["rule"] for f in app.latest_evaluation.response["findings"]]
    assert "denial_consultation" in stored  # the officer sees it
    body = api.get(f"{URL}{app.pk}/").json()
    assert "DE-SECRET-77" not in str(body) and "denial_consultation" not in str(body)
    assert "DE-SECRET-77" not in api.get(f"/portal/applications/{app.pk}/").content.decode()
