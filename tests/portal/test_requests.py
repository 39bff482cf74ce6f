"""Exporters' requests after submission and around the organisation: questions, objections, amendments,
ICP, invitations, notifications."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from licensing import workflow
from licensing.models import Application, Invitation, Licence, Objection, Status, User
from tests.factories import InformationRequestFactory

from .factories import EXAMPLE_BODY, complete_draft, pdf, submitted

pytestmark = pytest.mark.django_db


def decided(user, officer, days_ago=0):
    app = submitted(user)
    workflow.transition(app, "approve", officer,
                        decided_at=timezone.now() - datetime.timedelta(days=days_ago))
    return app


def test_answer_question_in_portal(exporter_client, exporter, officer):
    app = submitted(exporter)
    info = InformationRequestFactory(application=app, asked_by=officer)
    workflow.transition(app, "request_information", officer)
    html = exporter_client.get(reverse("portal:application_detail", args=[app.pk])).content.decode()
    assert "signed contract" in html and "Send answer" in html
    url = reverse("portal:information_reply", args=[app.pk, info.pk])
    r = exporter_client.post(url, {"reply": "", "file": pdf("contract.pdf")})
    assert r.status_code == 400
    r = exporter_client.post(url, {"reply": "Signed contract attached.", "file": pdf("contract.pdf")})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.UNDER_REVIEW
    assert app.documents.filter(original_name="contract.pdf").exists()
    html = exporter_client.get(reverse("portal:application_detail", args=[app.pk])).content.decode()
    assert "Information provided" in html and "Licensing authority" in html
    assert officer.email not in html  # officers are not named to exporters


def test_objection_within_six_weeks(exporter_client, exporter, officer):
    app = decided(exporter, officer, days_ago=10)
    url = reverse("portal:objection_new", args=[app.pk])
    assert exporter_client.get(url).status_code == 200
    assert exporter_client.post(url, {"grounds": ""}).status_code == 200
    assert exporter_client.post(url, {"grounds": "The end user is a university."}).status_code == 302
    assert Objection.objects.filter(application=app).count() == 1
    # only once
    assert exporter_client.post(url, {"grounds": "again"}).status_code == 302
    assert Objection.objects.filter(application=app).count() == 1


def test_objection_refused_after_six_weeks_or_before_decision(exporter_client, exporter, officer):
    late = decided(exporter, officer, days_ago=43)
    exporter_client.post(reverse("portal:objection_new", args=[late.pk]), {"grounds": "late"})
    pending = submitted(exporter)
    exporter_client.post(reverse("portal:objection_new", args=[pending.pk]), {"grounds": "early"})
    assert not Objection.objects.exists()


def test_amendment_request_creates_prefilled_draft(exporter_client, exporter, officer):
    app = decided(exporter, officer)
    licence = Licence.objects.create(number="NL-DU-AMEND-1", application=app, holder=exporter.organisation,
                                     valid_from=datetime.date(2026, 1, 1), valid_until=datetime.date(2027, 1, 1))
    r = exporter_client.post(reverse("portal:licence_amend", args=[licence.pk]))
    draft = Application.objects.get(amends_licence=licence)
    assert r["Location"] == reverse("portal:application_step", args=[draft.pk, "general"])
    assert draft.items.count() == 2 and draft.destination == app.destination and draft.is_draft


def test_icp_upload_enables_global_licence(other_exporter):
    client = Client()
    client.force_login(other_exporter)
    body = {**EXAMPLE_BODY, "licence_type": "global"}
    app_id = client.post("/api/v1/applications/", body, content_type="application/json").json()["id"]
    assert "licence_type" in client.post(f"/api/v1/applications/{app_id}/submit/").json()
    r = client.post(reverse("portal:icp_upload"), {"icp_description": "Screening of all orders",
                                                   "icp_document": pdf("icp.pdf")})
    assert r.status_code == 302
    other_exporter.organisation.refresh_from_db()
    assert other_exporter.organisation.has_icp and len(other_exporter.organisation.icp_document_sha256) == 64
    assert client.post(f"/api/v1/applications/{app_id}/submit/").status_code == 200


def test_invitation_flow(exporter_client, exporter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = exporter_client.post(reverse("portal:invitation_create"),
                                 {"email": "new.applicant@acme.example", "organisation_role": "applicant"})
    assert r.status_code == 302
    link = next(w for w in mail.outbox[-1].body.split() if "/portal/invitations/" in w)
    assert link.startswith(settings.SITE_URL + "/portal/invitations/")  # absolute: it is read outside the site
    link = link[len(settings.SITE_URL):]
    anonymous = Client()
    assert anonymous.get(link).status_code == 200
    r = anonymous.post(link, {"full_name": "New Applicant", "password": "correct-horse-battery-9"})
    assert r.status_code == 302
    user = User.objects.get(email="new.applicant@acme.example")
    assert user.organisation == exporter.organisation and user.organisation_role == "applicant"
    assert anonymous.get(link).status_code == 404  # used once
    assert Invitation.objects.get(email=user.email).accepted_at is not None


def test_applicant_cannot_change_organisation(exporter):
    applicant = User.objects.create_user("applicant@acme.example", "x" * 12, role="exporter",
                                         organisation=exporter.organisation, organisation_role="applicant")
    client = Client()
    client.force_login(applicant)
    assert client.get(reverse("portal:organisation")).status_code == 200
    assert client.post(reverse("portal:organisation"), {"name": "Hijacked"}).status_code == 403
    assert client.post(reverse("portal:invitation_create"), {"email": "a@b.example"}).status_code == 403


def test_eori_validated_by_format(exporter_client, exporter):
    r = exporter_client.post(reverse("portal:organisation"), {"name": "Acme", "eori_number": "12-34",
                                                             "chamber_of_commerce_number": "123"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "EORI number is a two-letter country code" in html and "8 digits" in html


def test_dutch_error_messages(exporter_client, exporter):
    app = complete_draft(exporter)
    r = exporter_client.post(reverse("portal:application_step", args=[app.pk, "general"]),
                             {"licence_type": "bogus", "title": "Mijn aanvraag", "go": "next"},
                             HTTP_ACCEPT_LANGUAGE="nl")
    html = r.content.decode()
    assert r.status_code == 200 and "geldige keuze" in html and "Mijn aanvraag" in html


def test_notification_email_on_submission(exporter, django_capture_on_commit_callbacks):
    from licensing.services.applications import submit

    app = complete_draft(exporter)
    with django_capture_on_commit_callbacks(execute=True):
        submit(app, exporter)
    app.refresh_from_db()
    message = mail.outbox[-1]
    assert message.to == [exporter.email] and app.reference in message.subject
    assert f"/portal/applications/{app.pk}/" in message.body


def test_admin_creates_token_for_own_system(exporter_client, exporter, other_exporter):
    r = exporter_client.post(reverse("portal:api_access"), {"name": "ERP"})
    assert r.status_code == 200
    token = r.context["token"]
    client = Client()
    theirs = complete_draft(other_exporter)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/v1/applications/", **auth).status_code == 200
    assert client.get(f"/api/v1/applications/{theirs.pk}/", **auth).status_code == 404
    from licensing.models import ApiClient

    api_client = ApiClient.objects.get(organisation=exporter.organisation, is_active=True, name__endswith="ERP")
    assert exporter_client.post(reverse("portal:api_access_revoke", args=[api_client.pk])).status_code == 302
    assert client.get("/api/v1/applications/", **auth).status_code == 401
    # another organisation's admin cannot revoke it, applicants cannot manage tokens
    other = Client()
    other.force_login(other_exporter)
    assert other.post(reverse("portal:api_access_revoke", args=[api_client.pk])).status_code == 404


def test_decision_shown_to_exporter(exporter_client, exporter, officer):
    from licensing.models import Decision

    app = decided(exporter, officer)
    Decision.objects.create(application=app, outcome="approve", justification="Civil research end use verified.",
                            decided_by=officer, effective=True)
    html = exporter_client.get(reverse("portal:application_detail", args=[app.pk])).content.decode()
    assert "Civil research end use verified." in html and "Lodge an objection" in html
