"""An administrator uploads a new control-list version, previews it, schedules it; on activation every open
case is re-evaluated and officers read which cases changed and why. Permissions both ways."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from controllists.models import ControlListVersion, VersionStatus
from controllists.services import DATA_DIR
from licensing.models import Application, Licence, ListActivation, ReevaluationJob, ReevaluationResult
from licensing.models.applications import OPEN_STATUSES
from licensing.reevaluation import activation, services

from .factories import evaluated_ids, make_case

pytestmark = pytest.mark.django_db


def _next_version(valid_from, version_id="02021R0821-TEST-NEXT", drop="2B001", amend="5A002"):
    data = json.loads((DATA_DIR / "annex_i_2025-11-15.json").read_bytes())
    data["corpus_version"] = version_id
    data["valid_from"] = valid_from.isoformat()
    data["entries"] = [e for e in data["entries"] if e["entry_code"] != drop]
    for e in data["entries"]:
        if e["entry_code"] == amend:
            e["verbatim_text"] = e["verbatim_text"].replace("cryptography", "cryptography or quantum cryptography", 1)
    data.pop("index", None)
    return SimpleUploadedFile("annex_i_next.json", json.dumps(data).encode(), content_type="application/json")


def test_upload_preview_schedule_and_report(admin_client, client, officer, acme, acme_user,
                                            django_capture_on_commit_callbacks):
    machine_tool = make_case(acme, acme_user, destination="BR", recommendation="approve")
    unaffected = make_case(acme, acme_user, destination="BR", items=((None, False),),
                           recommendation="no_licence_required")

    response = admin_client.post(reverse("backoffice:reevaluation:version_upload"),
                                 {"dataset": _next_version(timezone.localdate()), "amending_act": "Test act"})
    version = ControlListVersion.objects.get(version_id="02021R0821-TEST-NEXT")
    assert response.status_code == 302 and version.status == VersionStatus.DRAFT
    preview = admin_client.get(response["Location"])
    assert preview.status_code == 200
    assert "1 removed, 1 amended" in preview.content.decode()
    assert "2B001" in preview.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("backoffice:reevaluation:version_schedule", args=[version.pk]))
    version.refresh_from_db()
    assert version.status == VersionStatus.ACTIVE
    job = ReevaluationJob.objects.get(version=version)
    assert response["Location"] == reverse("backoffice:reevaluation:job_detail", args=[job.pk])
    job.refresh_from_db()
    # every open application and licence in force (the demo data has some too), each once
    open_cases = Application.objects.filter(status__in=OPEN_STATUSES).count() + Licence.objects.filter(
        status="active", valid_until__gte=job.as_of).count()
    assert (job.status, job.done, job.previous_version_id) == ("completed", open_cases, "02021R0821-20251115")
    assert len(evaluated_ids(job)) + len(evaluated_ids(job, "licence")) == open_cases
    assert unaffected.pk in evaluated_ids(job)
    assert not ReevaluationResult.objects.filter(job=job, application=unaffected).exists()  # unchanged: no row

    result = ReevaluationResult.objects.get(job=job, application=machine_tool)
    assert result.changed and result.new_recommendation == ""
    assert "Annex I entry 2B001 was removed in 02021R0821-TEST-NEXT" in result.cause
    assert "annex-i:2B001:removed" in result.cause_entries
    assert "2B001 was removed" in Application.objects.get(pk=machine_tool.pk).flagged_reason
    assert Application.objects.get(pk=unaffected.pk).flagged_reason == ""

    detail = admin_client.get(reverse("backoffice:reevaluation:job_detail", args=[job.pk]))
    assert detail.status_code == 200 and "job-progress-bar" in detail.content.decode()
    progress = admin_client.get(reverse("backoffice:reevaluation:job_progress", args=[job.pk])).json()
    assert progress["done"] == progress["total"] == open_cases and progress["finished"] is True

    client.force_login(officer)
    report = client.get(reverse("backoffice:reevaluation:job_report", args=[job.pk]))
    assert report.status_code == 200
    body = report.content.decode()
    assert str(machine_tool) in body and str(unaffected) not in body
    assert "2B001 was removed" in body
    every = client.get(reverse("backoffice:reevaluation:job_report", args=[job.pk]), {"show": "all"})
    body = every.content.decode()
    assert every.status_code == 200 and str(machine_tool) in body and str(unaffected) in body


def test_a_future_version_waits_for_its_date_and_the_beat_task_activates_it(admin_user, acme, acme_user):
    make_case(acme, acme_user, destination="BR", recommendation="approve")
    day = timezone.localdate() + timedelta(days=10)
    result = activation.import_upload(_next_version(day, "02021R0821-TEST-LATER"), actor=admin_user)
    scheduled = activation.schedule(result.version, actor=admin_user)
    assert scheduled.activated_at is None
    assert activation.activate_due() == []
    result.version.refresh_from_db()
    assert result.version.status == VersionStatus.DRAFT

    [job_id] = activation.activate_due(today=day)
    assert activation.activate_due(today=day) == []  # once
    result.version.refresh_from_db()
    assert result.version.status == VersionStatus.ACTIVE
    job = services.run_inline(ReevaluationJob.objects.get(pk=job_id))
    assert job.as_of == day and job.done == len(evaluated_ids(job)) + len(evaluated_ids(job, "licence")) >= 1
    assert job.changed >= 1
    assert ListActivation.objects.get(version=result.version).job_id == job_id


def test_a_malformed_upload_is_refused_with_the_reason(admin_client):
    before = ControlListVersion.objects.count()
    bad = SimpleUploadedFile("bad.json", b'{"corpus_version": "X"}', content_type="application/json")
    response = admin_client.post(reverse("backoffice:reevaluation:version_upload"), {"dataset": bad})
    assert response.status_code == 400
    assert "missing field(s): valid_from, entries" in response.content.decode()
    assert ControlListVersion.objects.count() == before


def test_scheduling_a_version_in_force_is_refused(admin_client):
    active = ControlListVersion.objects.get(status=VersionStatus.ACTIVE)
    response = admin_client.post(reverse("backoffice:reevaluation:version_schedule", args=[active.pk]), follow=True)
    assert "already in force" in response.content.decode()
    assert not ListActivation.objects.exists()


@pytest.mark.parametrize("name", ["version_upload"])
def test_admin_pages_refuse_anonymous_officers_and_exporters(client, officer, exporter, name):
    url = reverse(f"backoffice:reevaluation:{name}")
    assert client.get(url).status_code == 302
    client.force_login(officer)
    assert client.get(url).status_code == 403
    client.force_login(exporter)
    assert client.get(url).status_code == 403


def test_officers_follow_jobs_but_only_administrators_act(client, officer, exporter, admin_user):
    url = reverse("backoffice:reevaluation:jobs")
    upload = reverse("backoffice:reevaluation:version_upload")
    assert client.get(url).status_code == 302
    client.force_login(exporter)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    page = client.get(url)
    assert page.status_code == 200 and upload not in page.content.decode()
    client.force_login(admin_user)
    assert upload in client.get(url).content.decode()


def test_progress_and_report_permissions(client, officer, exporter, admin_user):
    job = services.create_job(trigger="manual")
    progress = reverse("backoffice:reevaluation:job_progress", args=[job.pk])
    report = reverse("backoffice:reevaluation:job_report", args=[job.pk])
    assert client.get(report).status_code == 302
    client.force_login(exporter)
    assert client.get(report).status_code == 403
    client.force_login(officer)
    assert client.get(progress).json()["status"] == "pending"  # officers follow progress too
    assert client.get(report).status_code == 200
    client.force_login(admin_user)
    assert client.get(progress).json()["status"] == "pending"
    assert client.get(reverse("backoffice:reevaluation:job_progress", args=[job.pk + 999])).status_code == 404


def test_starting_a_manual_job_needs_a_post_by_an_administrator(client, officer, admin_user,
                                                                django_capture_on_commit_callbacks):
    url = reverse("backoffice:reevaluation:job_start")
    client.force_login(officer)
    assert client.post(url).status_code == 403
    client.force_login(admin_user)
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = ReevaluationJob.objects.get()
    assert response["Location"] == reverse("backoffice:reevaluation:job_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "completed" and job.created_by == admin_user
