"""Deciding and countersigning through the back-office pages: four eyes, denial record, letters, audit."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse

from humanrights.models import Denial
from licensing.models import AuditEvent, Consultation, Decision, IssuedDocument, Licence, Status

from .conftest import pdf_text
from .factories import cyber_case, deny_case, submitted_case

pytestmark = pytest.mark.django_db


def _decide(client, app, **data):
    return client.post(reverse("backoffice:case_decide", args=[app.pk]), data)


def _countersign(client, decision, action="countersign", comment=""):
    return client.post(reverse("backoffice:decision_countersign", args=[decision.pk]),
                       {"action": action, "comment": comment})


def _deny(client, app):
    grounds = [f"{f['legal_basis']} — {f['rule']}" for f in app.latest_evaluation.response["findings"][:1]]
    return _decide(client, app, outcome="deny", justification="Clear risk of use for internal repression.",
                   grounds=grounds)


def test_case_page_answers_should_we_grant(officer_client, exporter):
    app = cyber_case(exporter)
    response = officer_client.get(reverse("backoffice:case_detail", args=[app.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert app.reference in html
    assert "catch_all_cyber_surveillance" in html and "Article 5" in html
    assert "Ministry of Public Security" in html
    assert "Emotion-recognition software" in html


@pytest.mark.parametrize("name,args", [
    ("dashboard", []), ("queues", []), ("cases", []), ("licences", []), ("audit", []),
])
def test_officer_pages_refuse_exporters_and_anonymous(client, exporter, name, args):
    url = reverse(f"backoffice:{name}", args=args)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(exporter)
    assert client.get(url).status_code == 403


def test_exporter_cannot_see_or_decide_a_case(client, exporter):
    app = deny_case(exporter)
    client.force_login(exporter)
    assert client.get(reverse("backoffice:case_detail", args=[app.pk])).status_code == 403
    assert _deny(client, app).status_code == 403
    assert client.get(reverse("backoffice:denial_export", args=["json"])).status_code == 403
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED and not Decision.objects.exists()


def test_refusal_waits_for_countersignature_then_creates_denial_and_letter(client, officer, senior, exporter):
    app = deny_case(exporter)
    client.force_login(officer)
    response = _deny(client, app)
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.AWAITING_COUNTERSIGNATURE
    decision = Decision.objects.get(application=app)
    assert decision.requires_countersignature and not decision.effective
    assert not Denial.objects.filter(application=app).exists()

    page = client.get(reverse("backoffice:queues") + "?queue=countersignature").content.decode()
    assert app.reference in page
    # an officer who is not senior cannot countersign
    assert _countersign(client, decision).status_code == 403

    client.force_login(senior)
    assert _countersign(client, decision, comment="Agreed.").status_code == 302
    app.refresh_from_db()
    decision.refresh_from_db()
    assert app.status == Status.DENIED and decision.effective and decision.countersigned_by == senior

    denial = Denial.objects.get(application=app)
    assert denial.origin == "own" and denial.destination == "SY"
    assert denial.control_entries == ["5A001.j"]
    assert denial.end_user == "Syrian Telecommunications Establishment"
    assert denial.review_due_on == date(denial.denied_on.year + 3, denial.denied_on.month, denial.denied_on.day)

    letter = IssuedDocument.objects.get(application=app, kind="refusal_letter")
    url = reverse("backoffice:issued_document", args=[letter.pk])
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    text = pdf_text(first.content)
    assert app.reference in text and letter.verification_code in text
    assert "How to object" in text and "Bezwaar" in text
    assert "Clear risk of use for internal repression." in text
    assert client.get(url).content == first.content  # stored, never regenerated

    actions = list(AuditEvent.objects.filter(application=app).values_list("action", flat=True))
    for expected in ("decision.propose", "application.propose_decision", "decision.countersign", "application.deny",
                     "denial.create", "document.issue"):
        assert expected in actions


def test_author_cannot_countersign_own_refusal(client, senior, second_senior, exporter):
    app = deny_case(exporter)
    client.force_login(senior)
    _deny(client, app)
    decision = Decision.objects.get(application=app)
    page = client.get(reverse("backoffice:case_detail", args=[app.pk])).content.decode()
    assert "another senior officer must countersign" in page
    assert _countersign(client, decision).status_code == 403
    app.refresh_from_db()
    assert app.status == Status.AWAITING_COUNTERSIGNATURE
    client.force_login(second_senior)
    assert _countersign(client, decision).status_code == 302
    app.refresh_from_db()
    assert app.status == Status.DENIED


def test_audit_events_and_issued_documents_are_append_only_in_the_database(officer, exporter):
    from licensing.pdf import issue_document

    app = deny_case(exporter)
    event = AuditEvent.objects.filter(application=app).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="application.approve")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    doc = issue_document("refusal_letter", application=app, actor=officer)
    with pytest.raises(DatabaseError), transaction.atomic():
        IssuedDocument.objects.filter(pk=doc.pk).update(sha256="0" * 64)
    with pytest.raises(DatabaseError), transaction.atomic():
        IssuedDocument.objects.filter(pk=doc.pk).delete()


def test_database_refuses_self_countersignature(officer, exporter):
    app = deny_case(exporter)
    decision = Decision.objects.create(application=app, outcome="deny", justification="x", decided_by=officer,
                                       requires_countersignature=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(countersigned_by=officer)


def test_justification_is_mandatory_and_input_is_kept(officer_client, exporter):
    app = deny_case(exporter)
    response = _decide(officer_client, app, outcome="deny", justification="", other_grounds="Criterion 2")
    assert response.status_code == 400
    html = response.content.decode()
    assert "A written justification is required" in html or "This field is required" in html
    assert "Criterion 2" in html
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_departing_from_the_recommendation_needs_grounds_and_countersignature(officer_client, exporter):
    app = deny_case(exporter)  # recommendation: deny
    response = _decide(officer_client, app, outcome="approve", justification="End user is legitimate.")
    assert response.status_code == 400
    assert "departs from the recommendation" in response.content.decode()
    response = _decide(officer_client, app, outcome="approve", justification="End user is legitimate.",
                       other_grounds="Ministerial assurance of 1 May")
    assert response.status_code == 302
    decision = Decision.objects.get(application=app)
    assert decision.departs_from_recommendation and decision.requires_countersignature and not decision.effective
    app.refresh_from_db()
    assert app.status == Status.AWAITING_COUNTERSIGNATURE
    assert not Licence.objects.filter(application=app).exists()


def test_approval_following_the_recommendation_issues_licence(officer_client, exporter):
    app = submitted_case(exporter, destination="BR", end_user={"name": "Universidade de Sao Paulo"})
    assert app.recommendation == "approve"
    response = _decide(officer_client, app, outcome="approve", justification="Civil research use.",
                       conditions="No re-export without consent.")
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.APPROVED
    licence = Licence.objects.get(application=app)
    assert licence.number.startswith("NL-DU-") and licence.number.endswith("-00001")
    assert licence.conditions == "No re-export without consent."
    assert licence.lines.count() == 1 and licence.destinations == ["BR"]
    doc = IssuedDocument.objects.get(licence=licence, kind="licence")
    text = pdf_text(officer_client.get(reverse("backoffice:issued_document", args=[doc.pk])).content)
    assert licence.number in text and "Dual-use export licence" in text and "Uitvoervergunning" in text


def test_ad_hoc_requirement_notifies_exporter_and_member_states(client, officer, senior, exporter):
    app = cyber_case(exporter)
    client.force_login(officer)
    grounds = [f"{f['legal_basis']} — {f['rule']}" for f in app.latest_evaluation.response["findings"]
               if f["rule"] == "catch_all_cyber_surveillance"]
    response = _decide(client, app, outcome="ad_hoc_requirement", justification="Risk of internal repression.",
                       grounds=grounds)
    assert response.status_code == 302
    client.force_login(senior)
    _countersign(client, Decision.objects.get(application=app))
    app.refresh_from_db()
    assert app.status == Status.AD_HOC_REQUIREMENT_IMPOSED and app.licence_requirement_notified
    notice = IssuedDocument.objects.get(application=app, kind="ad_hoc_notice")
    text = pdf_text(client.get(reverse("backoffice:issued_document", args=[notice.pk])).content)
    assert "5(1)" in text and app.reference in text
    consultation = Consultation.objects.get(application=app, kind="art_5_4")
    assert (consultation.due_on - consultation.sent_at.date()).days >= 40  # 30 working days


def test_ad_hoc_requirement_refused_for_listed_items(officer_client, exporter):
    app = deny_case(exporter)
    response = _decide(officer_client, app, outcome="ad_hoc_requirement", justification="x", other_grounds="y")
    assert response.status_code == 400
    assert "only to non-listed items" in response.content.decode()


def test_senior_can_refuse_to_countersign(client, officer, senior, exporter):
    app = deny_case(exporter)
    client.force_login(officer)
    _deny(client, app)
    decision = Decision.objects.get(application=app)
    client.force_login(senior)
    assert _countersign(client, decision, action="reject", comment="").status_code == 302
    decision.refresh_from_db()
    assert not decision.countersign_rejected  # a reason is required
    _countersign(client, decision, action="reject", comment="Ask for the end-user statement first.")
    decision.refresh_from_db()
    app.refresh_from_db()
    assert decision.countersign_rejected and not decision.effective
    assert app.status == Status.UNDER_REVIEW
    assert not Denial.objects.filter(application=app).exists()


def test_denial_export_csv_and_json(client, officer, senior, exporter):
    app = deny_case(exporter)
    client.force_login(officer)
    _deny(client, app)
    client.force_login(senior)
    _countersign(client, Decision.objects.get(application=app))
    data = client.get(reverse("backoffice:denial_export", args=["json"])).json()
    row = next(r for r in data["denials"] if r["reference"] == f"NL-DEN-{app.reference}")
    assert row["destination"] == "SY" and row["control_entries"] == ["5A001.j"] and row["review_due_on"]
    csv_text = client.get(reverse("backoffice:denial_export", args=["csv"])).content.decode()
    assert csv_text.splitlines()[0].startswith("reference,member_state,denied_on")
    assert f"NL-DEN-{app.reference}" in csv_text


def test_verify_audit_chain_command_detects_tampering(officer_client, exporter):
    app = deny_case(exporter)
    _deny(officer_client, app)
    call_command("verify_audit_chain")
    event = AuditEvent.objects.filter(application=app).order_by("id").first()
    with connection.cursor() as cursor:  # someone with database rights bypasses the append-only triggers
        cursor.execute("SET LOCAL session_replication_role = replica")
        AuditEvent.objects.filter(pk=event.pk).update(changes={"status": ["submitted", "approved"]})
        cursor.execute("SET LOCAL session_replication_role = origin")
    with pytest.raises(CommandError) as exc:
        call_command("verify_audit_chain")
    assert exc.value.returncode == 1 and f"event {event.pk}" in str(exc.value)


def test_case_page_shows_screening_hits_per_party(officer_client, exporter):
    from django.utils import timezone

    from humanrights.models import ScreeningHit

    app = cyber_case(exporter, evaluate=False)
    party = app.parties.get()
    ScreeningHit.objects.create(party=party, record_type="end_user_concern", record_id=1, score=97.0,
                                record_label="Ministry of Public Security (PRC)", matched_name=party.name,
                                reason="Name and country match a registered concern.", last_seen_at=timezone.now())
    html = officer_client.get(reverse("backoffice:case_detail", args=[app.pk])).content.decode()
    assert "Ministry of Public Security (PRC)" in html and "Name and country match a registered concern." in html


def test_countersigned_approval_issues_licence_with_the_proposed_terms(client, officer, senior, exporter):
    from datetime import timedelta

    from django.utils import timezone

    app = deny_case(exporter)  # recommendation deny: approving departs from it
    client.force_login(officer)
    too_late = timezone.localdate() + timedelta(days=3 * 365)
    response = _decide(client, app, outcome="approve", justification="Assurances received.", other_grounds="Note",
                       valid_until=too_late)
    assert response.status_code == 400 and "at most two years" in response.content.decode()
    until = timezone.localdate() + timedelta(days=180)
    _decide(client, app, outcome="approve", justification="Assurances received.", other_grounds="Diplomatic note",
            conditions="Post-shipment verification within 3 months.", valid_until=until)
    assert not Licence.objects.filter(application=app).exists()
    client.force_login(senior)
    _countersign(client, Decision.objects.get(application=app))
    licence = Licence.objects.get(application=app)
    assert licence.valid_until == until and licence.conditions == "Post-shipment verification within 3 months."
