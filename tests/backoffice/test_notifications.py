"""The exporter is told by e-mail when the authority asks a question and when a decision takes effect."""

import pytest
from django.conf import settings
from django.db import transaction

from licensing.services import casework, decisions

from .factories import submitted_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_information_request_mails_the_exporter(officer, exporter, mailoutbox, reference_data):
    app = submitted_case(exporter)
    mailoutbox.clear()
    with transaction.atomic():
        casework.request_information(app, "Which firmware version?", officer)
    assert len(mailoutbox) == 1
    assert app.reference in mailoutbox[0].subject and "exporter@acme.example" in mailoutbox[0].to
    assert f"{settings.SITE_URL}/portal/applications/{app.pk}/" in mailoutbox[0].body  # a link that works from a mailbox


def test_decision_mails_the_exporter_once_it_takes_effect(officer, exporter, mailoutbox, reference_data):
    app = submitted_case(exporter)
    assert app.recommendation in ("approve", "general_authorisation", "no_licence_required")
    mailoutbox.clear()
    outcome = "approve" if app.recommendation == "approve" else "no_licence_required"
    with transaction.atomic():
        decisions.decide(app, officer, outcome=outcome, justification="Meets the criteria.", grounds=[])
    assert len(mailoutbox) == 1 and app.reference in mailoutbox[0].subject
