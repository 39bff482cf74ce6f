"""Case work: assigning, notes, re-classification, information requests, consultations, licences."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from licensing.models import CaseNote, Consultation, Evaluation, InformationRequest, Licence, Status
from licensing.services import decisions, licences
from licensing.services.applications import answer_information_request

from .conftest import pdf_text
from .factories import cyber_case, submitted_case

pytestmark = pytest.mark.django_db


def _case_url(app, name="case_detail", *extra):
    return reverse(f"backoffice:{name}", args=[app.pk, *extra])


def test_assign_to_me_and_notes(officer_client, officer, exporter):
    app = submitted_case(exporter, destination="BR")
    assert officer_client.post(_case_url(app, "case_assign"), {"assign_to_me": "1"}).status_code == 302
    app.refresh_from_db()
    assert app.assigned_to == officer
    assert officer_client.post(_case_url(app, "case_note"), {"text": ""}).status_code == 400
    officer_client.post(_case_url(app, "case_note"), {"text": "Checked the end user's website."})
    assert CaseNote.objects.get(application=app).author == officer
    assert "Checked the end user&#x27;s website." in officer_client.get(_case_url(app)).content.decode()


def test_officer_reclassification_reruns_the_evaluation(officer_client, exporter):
    app = submitted_case(exporter, destination="BR")
    item = app.items.get()
    response = officer_client.post(_case_url(app, "item_reclassify", item.pk), {"control_entry": "5Z999", "reason": ""})
    assert response.status_code == 400 and "5Z999" in response.content.decode()
    response = officer_client.post(_case_url(app, "item_reclassify", item.pk),
                                   {"control_entry": "", "reason": "Below the 6A003 thresholds."})
    assert response.status_code == 302
    item.refresh_from_db()
    app.refresh_from_db()
    assert item.officer_classified and item.effective_control_entry == ""
    evaluation = Evaluation.objects.filter(application=app).first()
    assert evaluation.trigger == "reclassification" and app.recommendation == "no_licence_required"
    assert item.control_entry == "6A003.b.4"  # the exporter's own classification is kept


def test_information_request_round_trip(officer_client, officer, exporter):
    app = cyber_case(exporter)
    response = officer_client.post(_case_url(app, "case_information"), {"question": ""})
    assert response.status_code == 400
    officer_client.post(_case_url(app, "case_information"), {"question": "Who will operate the software?"})
    app.refresh_from_db()
    assert app.status == Status.INFORMATION_REQUESTED
    req = InformationRequest.objects.get(application=app)
    assert req.due_on > timezone.localdate()
    assert "Awaiting information" in officer_client.get(reverse("backoffice:queues"), {"queue": "information"}).content.decode()
    answer_information_request(req, exporter, "The provincial police.")
    app.refresh_from_db()
    assert app.status == Status.UNDER_REVIEW
    assert "The provincial police." in officer_client.get(_case_url(app)).content.decode()


def test_consultations_with_due_dates_and_replies(officer_client, exporter):
    app = cyber_case(exporter)
    officer_client.post(_case_url(app, "case_consultation"), {
        "kind": "art_16_5", "consulted_party": "Germany (BAFA)", "question": "Your denial DE-2025-17?"})
    consultation = Consultation.objects.get(application=app)
    assert (consultation.due_on - timezone.localdate()).days >= 14  # 10 working days
    response = officer_client.post(reverse("backoffice:consultation_reply", args=[consultation.pk]),
                                   {"reply": "Denied for an essentially identical transaction."})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.replied_at and "essentially identical" in consultation.reply


def _licence(officer, exporter):
    app = submitted_case(exporter, destination="BR", end_user={"name": "Universidade de Sao Paulo"})
    decisions.decide(app, officer, outcome="approve", justification="Civil research.")
    return Licence.objects.get(application=app)


def test_licence_suspend_reinstate_revoke(officer_client, officer, exporter):
    licence = _licence(officer, exporter)
    url = reverse("backoffice:licence_status", args=[licence.pk])
    assert officer_client.post(url, {"action": "suspend", "reason": ""}).status_code == 400
    officer_client.post(url, {"action": "suspend", "reason": "Investigation by FIOD."})
    licence.refresh_from_db()
    assert licence.status == "suspended"
    response = officer_client.post(url, {"action": "suspend", "reason": "again"})
    assert response.status_code == 400 and "cannot be moved" in response.content.decode()
    officer_client.post(url, {"action": "reinstate", "reason": "Investigation closed."})
    officer_client.post(url, {"action": "revoke", "reason": "End user changed."})
    licence.refresh_from_db()
    assert licence.status == "revoked"
    actions = list(licence.application.audit_events.filter(object_type="Licence").values_list("action", flat=True))
    assert actions == ["licence.issue", "licence.suspend", "licence.reinstate", "licence.revoke"]


def test_licence_amendment_limits_validity_and_issues_new_version(officer_client, officer, exporter):
    licence = _licence(officer, exporter)
    url = reverse("backoffice:licence_amend", args=[licence.pk])
    too_long = licence.valid_from + timedelta(days=800)
    response = officer_client.post(url, {"valid_until": too_long, "conditions": "", "reason": "Longer"})
    assert response.status_code == 400 and "at most two years" in response.content.decode()
    new_until = licence.valid_from + timedelta(days=365)
    officer_client.post(url, {"valid_until": new_until, "conditions": "Report each shipment.", "reason": "Shorter"})
    licence.refresh_from_db()
    assert licence.valid_until == new_until
    docs = list(licence.issued_documents.order_by("version"))
    assert [d.version for d in docs] == [1, 2] and docs[0].sha256 != docs[1].sha256
    text = pdf_text(officer_client.get(reverse("backoffice:issued_document", args=[docs[1].pk])).content)
    assert "Report each shipment." in text


def test_licences_expire_when_validity_ends(officer, exporter):
    licence = _licence(officer, exporter)
    licences.expire_due(today=licence.valid_until)
    licence.refresh_from_db()
    assert licence.status == "active"  # valid through its last day
    assert licences.expire_due(today=licence.valid_until + timedelta(days=1)) >= 1
    licence.refresh_from_db()
    assert licence.status == "expired"
    assert licence.application.audit_events.filter(action="licence.expire").exists()
