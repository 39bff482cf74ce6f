"""An officer's change of a register re-evaluates the open cases of the countries it concerns (a scoped
job, run eagerly here) and screens again the parties the changed record matches, now or before."""

import pytest
from django.urls import reverse

from humanrights.models import CountryMeasure, Denial, EndUserConcern, ScreeningHit
from licensing.models import Organisation, ReevaluationJob, ReevaluationResult, User
from tests.background.factories import make_case

from .factories import end_user_app

pytestmark = pytest.mark.django_db


def _case(destination, **kw):
    org = Organisation.objects.first()
    return make_case(org, User.objects.filter(organisation=org).first(), destination=destination, **kw)


def _post(client, capture, url, data):
    with capture(execute=True):
        res = client.post(url, data)
    assert res.status_code == 302, res.content.decode()[:2000]
    return ReevaluationJob.objects.latest("id")


MEASURE = {"measure": "dual_use_export_ban", "scope": "full", "legal_basis": "Council Regulation (EU) 2026/9 (example)",
           "since": "2026-01-01", "source_url": "https://eur-lex.europa.eu/"}


def test_new_measure_reevaluates_the_cases_of_its_country_and_reports_them(
        officer_client, django_capture_on_commit_callbacks):
    argentina = _case("AR", recommendation="approve")
    japan = _case("JP", recommendation="approve")
    job = _post(officer_client, django_capture_on_commit_callbacks,
                reverse("humanrights:measure_create", args=["AR"]), MEASURE)

    assert (job.trigger, job.countries, job.status) == ("country_measures", ["AR"], "completed")
    assert "AR dual_use_export_ban" in job.reason
    evaluated = set(ReevaluationResult.objects.filter(job=job).values_list("application_id", flat=True))
    assert argentina.pk in evaluated and japan.pk not in evaluated
    argentina.refresh_from_db()
    assert argentina.recommendation == "deny"

    report = officer_client.get(reverse("backoffice:reevaluation:job_report", args=[job.pk])).content.decode()
    assert argentina.reference in report and japan.reference not in report


def test_ending_a_measure_reevaluates_again(officer_client, officer, django_capture_on_commit_callbacks):
    _post(officer_client, django_capture_on_commit_callbacks,
          reverse("humanrights:measure_create", args=["AR"]), MEASURE)
    case = _case("AR", recommendation="deny")
    measure = CountryMeasure.objects.get(country="AR", measure="dual_use_export_ban")
    job = _post(officer_client, django_capture_on_commit_callbacks,
                reverse("humanrights:measure_edit", args=["AR", measure.pk]), {**MEASURE, "until": "2026-02-01"})

    assert (job.trigger, job.countries, job.created_by) == ("country_measures", ["AR"], officer)
    result = ReevaluationResult.objects.get(job=job, application=case)
    assert (result.old_recommendation, result.changed) == ("deny", True) and result.new_recommendation != "deny"


def test_end_user_concern_reevaluates_old_and_new_country_and_rescreens_its_parties(
        officer_client, django_capture_on_commit_callbacks):
    matching = end_user_app("Example Surveillance Works", "CN")
    other = end_user_app("Harmless Garden Tools", "CN")
    data = {"name": "Example Surveillance Works", "aliases": "", "kind": "organisation", "country": "CN",
            "basis": "Test basis", "source": "Officer's research"}
    job = _post(officer_client, django_capture_on_commit_callbacks,
                reverse("humanrights:end_user_concern_create"), data)
    assert (job.trigger, job.countries, job.status) == ("concern_register", ["CN"], "completed")
    assert list(ScreeningHit.objects.filter(party__application=matching).values_list("record_type", flat=True)) == [
        "end_user_concern"]
    assert not ScreeningHit.objects.filter(party__application=other).exists()

    concern = EndUserConcern.objects.get(name="Example Surveillance Works")
    job = _post(officer_client, django_capture_on_commit_callbacks,
                reverse("humanrights:end_user_concern_edit", args=[concern.pk]),
                {**data, "name": "Completely Different Holdings", "country": "HK"})
    assert job.countries == ["CN", "HK"]
    # the party that matched the old name is screened again: its undecided hit is gone
    assert not ScreeningHit.objects.filter(party__application=matching).exists()


def test_received_denial_reevaluates_destination_and_end_user_country(
        officer_client, django_capture_on_commit_callbacks):
    app = end_user_app("Gulf Example Trading FZE", "AE")
    job = _post(officer_client, django_capture_on_commit_callbacks, reverse("humanrights:denial_create"), {
        "reference": "SE-2026-7", "member_state": "SE", "control_entries": "5A001.j", "end_user":
        "Gulf Example Trading FZE", "end_user_country": "AE", "destination": "IR", "denied_on": "2026-01-31"})
    assert (job.trigger, job.countries) == ("concern_register", ["AE", "IR"])
    assert "SE-2026-7" in job.reason
    denial = Denial.objects.get(reference="SE-2026-7")
    assert list(ScreeningHit.objects.filter(party__application=app).values_list("record_type", "record_id")) == [
        ("denial", denial.pk)]


def test_saving_a_record_unchanged_starts_no_job(officer_client, django_capture_on_commit_callbacks):
    first = _post(officer_client, django_capture_on_commit_callbacks,
                  reverse("humanrights:measure_create", args=["AR"]), MEASURE)
    measure = CountryMeasure.objects.get(country="AR", measure="dual_use_export_ban")
    assert _post(officer_client, django_capture_on_commit_callbacks,
                 reverse("humanrights:measure_edit", args=["AR", measure.pk]), MEASURE) == first


def test_saving_without_committing_starts_nothing(officer_client):
    # the page test client runs in the test's transaction: the job row exists, its work waits for the commit
    officer_client.post(reverse("humanrights:measure_create", args=["AR"]), MEASURE)
    assert ReevaluationJob.objects.get().status == "pending"
