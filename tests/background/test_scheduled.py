"""Beat tasks: each reminder reaches the right people once, however often the task runs."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from humanrights.models import Denial
from licensing import tasks_scheduled
from licensing.models import (
    Application,
    ApplicationItem,
    Consultation,
    IdempotencyKey,
    InformationRequest,
    ReevaluationJob,
    Role,
    User,
)

from .factories import make_case, make_licence

pytestmark = pytest.mark.django_db


def test_licence_expiry_warning_goes_to_the_holder_once(acme, acme_user):
    licence = make_licence(acme, number="LIC-EXPIRING")
    licence.valid_until = timezone.localdate() + timedelta(days=20)
    licence.save(update_fields=["valid_until"])
    far = make_licence(acme, number="LIC-FAR")

    assert tasks_scheduled.licence_expiry_warnings.delay().get() == 1
    assert tasks_scheduled.licence_expiry_warnings.delay().get() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [acme_user.email]
    assert "LIC-EXPIRING" in mail.outbox[0].subject and far.number not in mail.outbox[0].body


def test_deadline_reminders_for_consultations_and_information_requests(acme, acme_user):
    officer = User.objects.create_user("officer@background.example", "pw", role=Role.OFFICER)
    app = make_case(acme, acme_user)
    soon = timezone.localdate() + timedelta(days=1)
    Consultation.objects.create(application=app, kind="art_5_4", consulted_party="Member states",
                                question="Objections?", due_on=soon, created_by=officer)
    InformationRequest.objects.create(application=app, question="End-user statement?", asked_by=officer,
                                      due_on=soon)
    InformationRequest.objects.create(application=app, question="Later", asked_by=officer,
                                      due_on=soon + timedelta(days=30))

    assert tasks_scheduled.deadline_reminders() == 2
    assert tasks_scheduled.deadline_reminders() == 0
    recipients = sorted(tuple(m.to) for m in mail.outbox)
    assert recipients == [(acme_user.email, officer.email), (officer.email,)]


def test_denial_review_reminder_to_senior_officers(acme, acme_user):
    senior = User.objects.create_user("senior@background.example", "pw", role=Role.SENIOR_OFFICER)
    app = make_case(acme, acme_user, status="denied")
    today = timezone.localdate()
    Denial.objects.create(reference="NL-BG-1", origin="own", member_state="NL", end_user="X", destination="RU",
                          denied_on=today - timedelta(days=3 * 365), review_due_on=today + timedelta(days=5),
                          application=app)
    Denial.objects.create(reference="NL-BG-2", origin="own", member_state="NL", end_user="Y", destination="RU",
                          denied_on=today, review_due_on=today + timedelta(days=3 * 365), application=app)
    assert tasks_scheduled.denial_reviews() == 1
    assert tasks_scheduled.denial_reviews() == 0
    assert senior.email in mail.outbox[0].to and "NL-BG-1" in mail.outbox[0].subject


def test_weekly_rescreening_starts_one_job_per_week(acme, acme_user, django_capture_on_commit_callbacks):
    make_case(acme, acme_user, destination="RU", recommendation="approve")
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks_scheduled.periodic_rescreening()
        second = tasks_scheduled.periodic_rescreening()
    assert first == second
    job = ReevaluationJob.objects.get()
    assert job.trigger == "periodic" and job.status == "completed" and job.changed >= 1


def test_expired_idempotency_keys_are_removed(acme):
    old = IdempotencyKey.objects.create(key="a", scope="POST /x", request_hash="h", response_status=201,
                                        response_body={})
    IdempotencyKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    fresh = IdempotencyKey.objects.create(key="b", scope="POST /x", request_hash="h", response_status=201,
                                          response_body={})
    assert tasks_scheduled.cleanup_idempotency_keys() == 1
    assert list(IdempotencyKey.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_api_clients_last_use_is_stored_from_the_cache(acme):
    from django.core.cache import cache
    from django.test import Client

    from licensing.api.authentication import last_used_key
    from licensing.models import ApiClient
    from licensing.services.api_clients import create_client

    client, token = create_client("Last-use check", ["licences:read"])
    cache.delete(last_used_key(client.pk))
    assert tasks_scheduled.store_api_client_last_use() == 0  # never used: nothing to store
    r = Client().get("/api/v1/customs/licences/NO-SUCH-LICENCE/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 404
    assert ApiClient.objects.get(pk=client.pk).last_used_at is None  # a request never writes the database
    assert tasks_scheduled.store_api_client_last_use() == 1
    used = ApiClient.objects.get(pk=client.pk).last_used_at
    assert used is not None and abs((timezone.now() - used).total_seconds()) < 60
    assert tasks_scheduled.store_api_client_last_use() == 0  # nothing newer


def test_the_beat_schedule_names_registered_tasks():
    from dualis.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_generate_load_data_creates_submitted_cases_with_items_and_parties(reference_data):
    before = Application.objects.count()
    call_command("generate_load_data", "--applications", "250", "--licences", "5", "--seed", "3", "--batch", "100",
                 stdout=StringIO(), stderr=StringIO())
    apps = Application.objects.order_by("-id")[:250]
    assert Application.objects.count() - before == 250
    assert all(a.reference and a.submitted_at and a.recommendation for a in apps)
    assert ApplicationItem.objects.filter(application__in=apps).count() >= 250
    assert len({a.destination for a in apps}) > 10
    assert ApplicationItem.objects.filter(application__in=apps, cyber_surveillance=True).exists()
    categories = set(ApplicationItem.objects.filter(application__in=apps).exclude(control_entry="")
                     .values_list("control_entry", flat=True))
    assert len({c[0] for c in categories}) >= 5
