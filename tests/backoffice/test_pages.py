"""Officer pages render for officers; documents open in the browser; history and precedents; issued documents
are stored once."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from licensing.models import Document, IssuedDocument
from licensing.pdf import issue_document
from licensing.services import casework, decisions
from licensing.services.licences import max_valid_until

from .factories import cyber_case, deny_case, submitted_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name,query", [
    ("dashboard", ""), ("queues", "?queue=mine"), ("queues", "?queue=consultation&sort=consultation_due"),
    ("cases", "?q=DU&status=submitted"), ("licences", "?status=active"), ("audit", "?verify=1"),
])
def test_officer_pages_render(officer_client, exporter, name, query):
    deny_case(exporter)
    response = officer_client.get(reverse(f"backoffice:{name}") + query)
    assert response.status_code == 200


def test_uploaded_document_opens_inline_for_officers_only(client, officer, exporter):
    app = cyber_case(exporter, evaluate=False)
    doc = Document(application=app, kind="end_user_statement", original_name="eus.pdf", content_type="application/pdf",
                   size=9, sha256="x" * 64, uploaded_by=exporter)
    doc.file.save("eus.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    url = reverse("backoffice:document_view", args=[app.pk, doc.pk])
    client.force_login(exporter)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    other = cyber_case(exporter, evaluate=False)
    assert client.get(reverse("backoffice:document_view", args=[other.pk, doc.pk])).status_code == 404


def test_history_and_precedents_on_the_case_page(officer_client, officer, exporter):
    earlier = deny_case(exporter)
    decisions.decide(earlier, officer, outcome="deny", justification="Prohibited by Regulation 36/2012.",
                     grounds=["Reg. 36/2012"])
    casework.reclassify_item(earlier.items.get(), "5A001.j.1", officer, reason="More precise")
    current = deny_case(exporter)
    html = officer_client.get(reverse("backoffice:case_detail", args=[current.pk])).content.decode()
    assert earlier.reference in html  # same exporter and same end user
    assert "Earlier classifications of the same product" in html


def test_precedent_decisions_to_the_same_destination(officer_client, officer, senior, exporter):
    earlier = deny_case(exporter)
    decision = decisions.decide(earlier, officer, outcome="deny", justification="Internal repression risk.",
                                grounds=["Criterion 2"])
    decisions.countersign(decision, senior)
    current = deny_case(exporter, end_user={"name": "Another Syrian operator", "type": "commercial"})
    html = officer_client.get(reverse("backoffice:case_detail", args=[current.pk])).content.decode()
    section = html[html.index("Earlier decisions on similar items"):]
    assert earlier.reference in section and "Internal repression risk." in section


def test_issued_documents_are_never_regenerated(officer, exporter):
    app = deny_case(exporter)
    first = issue_document("refusal_letter", application=app, actor=officer)
    again = issue_document("refusal_letter", application=app, actor=officer)
    assert again.pk == first.pk and again.sha256 == first.sha256
    assert IssuedDocument.objects.filter(application=app).count() == 1
    assert len(first.verification_code) == 14


def test_licence_validity_limits():
    assert max_valid_until(date(2026, 3, 1), large_project=False) == date(2028, 3, 1)
    assert max_valid_until(date(2026, 3, 1), large_project=True) == date(2030, 3, 1)
    assert max_valid_until(date(2028, 2, 29), large_project=False) == date(2030, 2, 28)


def test_reclassification_refused_for_closed_case(officer_client, officer, exporter):
    app = submitted_case(exporter, destination="BR")
    decisions.decide(app, officer, outcome="approve", justification="Fine.")
    response = officer_client.post(reverse("backoffice:item_reclassify", args=[app.pk, app.items.get().pk]),
                                   {"control_entry": "", "reason": ""})
    assert response.status_code == 400 and "This case is closed" in response.content.decode()


def test_verify_document_by_code(officer_client, officer, exporter):
    app = deny_case(exporter)
    doc = issue_document("refusal_letter", application=app, actor=officer)
    url = reverse("backoffice:verify_document")
    html = officer_client.get(url, {"code": doc.verification_code.lower()}).content.decode()
    assert "Genuine" in html and app.reference in html
    assert "No document was issued" in officer_client.get(url, {"code": "AAAA-BBBB-CCCC"}).content.decode()
    with open(doc.file.path, "ab") as fh:  # tampering with the stored file is detected
        fh.write(b"x")
    assert "no longer matches" in officer_client.get(url, {"code": doc.verification_code}).content.decode()
    assert officer_client.get(reverse("backoffice:issued_document", args=[doc.pk])).status_code == 409


def test_expire_licences_command(officer, exporter):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from licensing.models import Licence

    app = submitted_case(exporter, destination="BR")
    decisions.decide(app, officer, outcome="approve", justification="Fine.")
    past = timezone.localdate() - timedelta(days=30)
    Licence.objects.filter(application=app).update(valid_from=past, valid_until=past + timedelta(days=1))
    call_command("expire_licences")
    assert Licence.objects.get(application=app).status == "expired"


def test_every_backoffice_action_refuses_exporters_and_anonymous(client, officer, senior, exporter):
    from licensing.models import Consultation, Decision, Licence

    app = deny_case(exporter)
    decisions.decide(app, officer, outcome="deny", justification="Prohibited.", grounds=["Reg. 36/2012"])
    decision = Decision.objects.get(application=app)
    consultation = casework.open_consultation(app, kind="foreign_affairs", consulted_party="MFA", question="?",
                                              actor=officer)
    approved = submitted_case(exporter, destination="BR")
    decisions.decide(approved, officer, outcome="approve", justification="Fine.")
    licence = Licence.objects.get(application=approved)
    doc = IssuedDocument.objects.get(licence=licence)
    posts = [
        (reverse("backoffice:case_assign", args=[app.pk]), {"assign_to_me": "1"}),
        (reverse("backoffice:case_note", args=[app.pk]), {"text": "x"}),
        (reverse("backoffice:item_reclassify", args=[app.pk, app.items.get().pk]), {"control_entry": ""}),
        (reverse("backoffice:case_information", args=[app.pk]), {"question": "x"}),
        (reverse("backoffice:case_consultation", args=[app.pk]), {"kind": "other", "consulted_party": "x",
                                                                  "question": "x"}),
        (reverse("backoffice:consultation_reply", args=[consultation.pk]), {"reply": "x"}),
        (reverse("backoffice:case_decide", args=[app.pk]), {"outcome": "approve", "justification": "x"}),
        (reverse("backoffice:decision_countersign", args=[decision.pk]), {"action": "countersign"}),
        (reverse("backoffice:licence_status", args=[licence.pk]), {"action": "revoke", "reason": "x"}),
        (reverse("backoffice:licence_amend", args=[licence.pk]), {"valid_until": "2027-01-01", "reason": "x"}),
    ]
    gets = [reverse("backoffice:issued_document", args=[doc.pk]), reverse("backoffice:verify_document"),
            reverse("backoffice:licence_detail", args=[licence.pk]), reverse("backoffice:denial_export", args=["csv"])]
    for url, data in posts:
        assert client.post(url, data).status_code == 302  # anonymous: to the login page
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(exporter)
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    for url in gets:
        assert client.get(url).status_code == 403, url
    decision.refresh_from_db()
    licence.refresh_from_db()
    assert not decision.effective and licence.status == "active"
    assert not Consultation.objects.filter(application=app, kind="other").exists()
    assert not app.notes.exists()
