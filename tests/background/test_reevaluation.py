"""The re-evaluation job, eagerly: every open case once, changes reported and flagged, chunks idempotent,
a constant number of queries per chunk."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from licensing.models import (
    Application,
    Evaluation,
    JobChunk,
    JobStatus,
    Licence,
    ReevaluationJob,
    ReevaluationResult,
    Status,
)
from licensing.reevaluation import processing, selectors, services

from .factories import evaluated_ids, make_case, make_licence

pytestmark = pytest.mark.django_db


def _cases(acme, user):
    """Stored recommendations: two right, two out of date, one draft and one decided (not re-evaluated)."""
    return {
        "jp_ok": make_case(acme, user, destination="JP", recommendation="general_authorisation"),
        "br_ok": make_case(acme, user, destination="BR", recommendation="approve"),
        "ru_stale": make_case(acme, user, destination="RU", recommendation="approve"),
        "cn_stale": make_case(acme, user, destination="CN", items=((None, True),), end_user_type="police_security",
                              recommendation="no_licence_required", status=Status.UNDER_REVIEW),
        "draft": make_case(acme, user, destination="RU", status=Status.DRAFT, reference=None, submitted_at=None),
        "decided": make_case(acme, user, destination="RU", recommendation="approve", status=Status.APPROVED),
    }


def test_job_evaluates_each_open_case_once_and_flags_the_changed_ones(acme, acme_user):
    cases = _cases(acme, acme_user)
    job = services.run_inline(services.create_job(trigger="manual"))

    assert job.status == JobStatus.COMPLETED
    assert job.done == job.total == 4
    assert job.changed == 2
    assert sorted(evaluated_ids(job)) == sorted(cases[k].pk for k in ("jp_ok", "br_ok", "ru_stale", "cn_stale"))
    results = {r.application_id: r for r in ReevaluationResult.objects.filter(job=job)}
    assert set(results) == {cases[k].pk for k in ("ru_stale", "cn_stale")}  # a report row per changed case only
    ru = results[cases["ru_stale"].pk]
    assert (ru.old_recommendation, ru.new_recommendation, ru.changed) == ("approve", "deny", True)
    assert "sanctions_prohibition" in ru.cause or "arms_embargo" in ru.cause
    assert ru.evaluation is not None and ru.evaluation.trigger == "reference_change"
    assert results[cases["cn_stale"].pk].new_recommendation == "ad_hoc_licence_required"
    assert all(r.changed for r in results.values())
    every = {r.application.pk: r for r in selectors.results(job, changed_only=False)[0:10]}
    assert set(every) == set(evaluated_ids(job))
    jp = every[cases["jp_ok"].pk]
    assert (jp.old_recommendation, jp.new_recommendation, jp.changed) == ("general_authorisation",) * 2 + (False,)
    assert every[cases["ru_stale"].pk].pk == results[cases["ru_stale"].pk].pk  # the changed case's own row

    app = Application.objects.get(pk=cases["ru_stale"].pk)
    assert app.recommendation == "deny"
    assert "approve → deny" in app.flagged_reason
    assert app.latest_evaluation_id == ru.evaluation_id
    assert Application.objects.get(pk=cases["jp_ok"].pk).flagged_reason == ""
    assert Application.objects.get(pk=cases["decided"].pk).recommendation == "approve"
    summary = selectors.summary(job)
    assert summary["evaluated"] == 4 and summary["changed"] == 2
    assert {"old": "approve", "new": "deny", "count": 1} in summary["transitions"]


@override_settings(REEVALUATION_CHUNK_SIZE=2)
def test_cases_are_split_in_id_ranges_and_progress_counts_each_chunk_once(acme, acme_user):
    _cases(acme, acme_user)
    job = services.create_job(trigger="manual")
    chunk_ids = services.plan(job)
    assert services.plan(job) == chunk_ids  # planning twice creates nothing new
    chunks = list(JobChunk.objects.filter(job=job).order_by("number"))
    assert [c.size for c in chunks] == [2, 2]
    assert chunks[0].last_id < chunks[1].first_id

    assert processing.process_chunk(chunk_ids[0]) == 2
    assert processing.process_chunk(chunk_ids[0]) == 0  # redelivered after it was stored: nothing happens
    job.refresh_from_db()
    assert (job.done, job.status) == (2, JobStatus.RUNNING)
    assert selectors.progress(job)["percent"] == 50.0

    processing.process_chunk(chunk_ids[1])
    job.refresh_from_db()
    assert (job.done, job.total, job.status) == (4, 4, JobStatus.COMPLETED)
    assert job.rate and job.finished_at
    assert len(evaluated_ids(job)) == len(set(evaluated_ids(job))) == 4
    every = selectors.results(job, changed_only=False)
    assert len(every) == 4
    assert [r.application.pk for r in every[1:3]] == evaluated_ids(job)[1:3]  # a page across two chunks
    assert ReevaluationResult.objects.filter(job=job).count() == job.changed == 2
    assert JobChunk.objects.get(pk=chunk_ids[0]).attempts == 1


def test_a_chunk_that_fails_while_storing_leaves_nothing_and_succeeds_on_retry(acme, acme_user, monkeypatch):
    _cases(acme, acme_user)
    job = services.create_job(trigger="manual")
    [chunk_id] = services.plan(job)
    real_update = ReevaluationJob.objects.filter

    def broken(*args, **kwargs):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(processing, "_finish", broken)
    with pytest.raises(RuntimeError):
        processing.process_chunk(chunk_id)
    assert ReevaluationResult.objects.filter(job=job).count() == 0
    assert not JobChunk.objects.get(pk=chunk_id).done and JobChunk.objects.get(pk=chunk_id).case_ids == []
    assert Evaluation.objects.filter(trigger="reference_change").count() == 0
    assert real_update(pk=job.pk).get().done == 0

    monkeypatch.undo()
    assert processing.process_chunk(chunk_id) == 4
    job.refresh_from_db()
    assert (job.done, job.changed, job.status) == (4, 2, JobStatus.COMPLETED)
    assert JobChunk.objects.get(pk=chunk_id).attempts == 2


def _chunk_queries(job):
    from licensing.rules import loader

    [chunk_id] = services.plan(job)
    loader.get_snapshot()  # the snapshot is built once per process, not per chunk
    with CaptureQueriesContext(connection) as ctx:
        processing.process_chunk(chunk_id)
    return [q["sql"][:60] for q in ctx.captured_queries if "reference" not in q["sql"].lower()]


@override_settings(REEVALUATION_CHUNK_SIZE=1000)
def test_queries_per_chunk_do_not_grow_with_the_number_of_cases(acme, acme_user):
    for n in range(3):
        make_case(acme, acme_user, destination="RU", recommendation="approve", items=(("2B001.a", False),) * (n + 1))
    small = _chunk_queries(services.create_job(trigger="manual"))
    for n in range(30):
        make_case(acme, acme_user, destination=("RU", "JP", "CN")[n % 3], recommendation="approve",
                  items=(("2B001.a", False), (None, n % 2 == 0)))
    large = _chunk_queries(services.create_job(trigger="manual"))
    assert len(small) == len(large), (small, large)
    assert len(large) < 25


def test_a_register_change_re_evaluates_only_the_affected_countries(acme, acme_user):
    cases = _cases(acme, acme_user)
    job = services.run_inline(services.create_job(trigger="country_measures", countries=["ru"]))
    assert job.countries == ["RU"]
    assert evaluated_ids(job) == [cases["ru_stale"].pk]
    assert list(ReevaluationResult.objects.filter(job=job).values_list("application_id", flat=True)) == [
        cases["ru_stale"].pk]


def test_active_licences_are_re_evaluated_and_a_refusal_is_reported(acme, acme_user):
    make_licence(acme, destination="RU", number="LIC-BG-RU")
    make_licence(acme, destination="BR", number="LIC-BG-BR")
    job = services.run_inline(services.create_job(trigger="manual"))
    licences = dict(Licence.objects.values_list("number", "pk"))
    assert sorted(evaluated_ids(job, "licence")) == sorted([licences["LIC-BG-RU"], licences["LIC-BG-BR"]])
    results = {r.licence.number: r for r in ReevaluationResult.objects.filter(job=job, licence__isnull=False)}
    assert set(results) == {"LIC-BG-RU"}  # the licence that stays valid is not a changed case
    assert results["LIC-BG-RU"].changed and results["LIC-BG-RU"].new_recommendation == "deny"


def test_reevaluate_command_prints_the_summary(acme, acme_user):
    _cases(acme, acme_user)
    out = call_command_output("reevaluate", "--all")
    assert "Cases evaluated: 4 (4 applications, 0 licences)" in out
    assert "Recommendations changed: 2" in out
    assert "approve -> deny: 1" in out
    assert ReevaluationJob.objects.get().trigger == "manual"


def test_reevaluate_command_refuses_an_unknown_version(acme, acme_user):
    with pytest.raises(CommandError, match="no control-list version 'NOPE'"):
        call_command("reevaluate", "--version", "NOPE")
    assert not ReevaluationJob.objects.exists()


def test_reevaluate_command_for_a_version_attributes_changes_to_the_list(acme, acme_user):
    # 2021 -> 2025: a case whose stored answer came from the 2021 list.
    make_case(acme, acme_user, destination="BR", recommendation="no_licence_required")
    out = call_command_output("reevaluate", "--version", "02021R0821-20251115")
    assert "Recommendations changed: 1" in out
    job = ReevaluationJob.objects.get()
    assert job.previous_version_id and job.trigger == "list_version"


def call_command_output(*args):
    from io import StringIO

    buf = StringIO()
    call_command(*args, stdout=buf, stderr=StringIO())
    return buf.getvalue()


def test_bulk_requests_equal_the_single_case_request(acme, acme_user):
    from licensing.models import ApplicationItem, Party
    from licensing.reevaluation.requests import application_rows
    from licensing.services.evaluation import application_request

    app = make_case(acme, acme_user, destination="CN", items=(("5A002.a.2", False), (None, True)),
                    end_use="Monitoring", intra_group=True, declaration_wmd=True)
    ApplicationItem.objects.filter(application=app, position=0).update(officer_control_entry="5A002",
                                                                       officer_classified=True)
    Party.objects.create(application=app, role="consignee", name="Forwarder Ltd", country="HK")
    no_parties = make_case(acme, acme_user, destination="JP")
    Party.objects.filter(application=no_parties).delete()
    day = timezone.localdate()
    rows = {r.id: r for r in application_rows(Application.objects.filter(pk__in=[app.pk, no_parties.pk]), day)}
    for case in (app, no_parties):
        fresh = Application.objects.select_related("organisation").get(pk=case.pk)
        assert rows[case.pk].body == application_request(fresh, as_of=day)


def test_the_chunk_evaluates_exactly_the_request_the_engine_would_get(acme, acme_user):
    """The cheap copies in processing._run equal dataclasses.replace, and the answers equal evaluate()'s."""
    import dataclasses

    from licensing.reevaluation.requests import application_rows
    from licensing.rules import loader
    from licensing.rules.engine import evaluate
    from licensing.rules.validation import parse_request

    make_case(acme, acme_user, destination="CN", items=(("5A002.a.2", False), (None, True)), end_use="Monitoring")
    make_case(acme, acme_user, destination="RU", recommendation="approve")
    snapshot, day = loader.get_snapshot(), timezone.localdate()
    for row in application_rows(Application.objects.all(), day):
        request, errors = parse_request(row.body, snapshot, day)
        assert not errors
        expected = dataclasses.replace(request, items=tuple(
            dataclasses.replace(i, description="", quantity=None, value_eur=None) for i in request.items))
        assert tuple(processing._bare(i) for i in request.items) == expected.items
        assert processing._run(row.body, snapshot, day) == (evaluate(expected, snapshot, audience="officer"), None)


def test_a_changed_case_is_explained_against_its_stored_evaluation(acme, acme_user):
    """Chunks read only the stored response's items for every case, and the whole response for changed ones."""
    from licensing.reevaluation import causes
    from licensing.reevaluation.requests import application_rows
    from licensing.rules import loader

    app = make_case(acme, acme_user, destination="RU", recommendation="approve",
                    items=(("2B001.a", False), (None, True)))
    snapshot, day = loader.get_snapshot(), timezone.localdate()
    [row] = application_rows(Application.objects.filter(pk=app.pk), day)
    now, _errors = processing._run(row.body, snapshot, day)
    assert now["recommendation"] == "deny" and now["findings"]
    stored = {**now, "recommendation": "approve", "findings": []}  # the answer before the register changed
    stored["items"] = [{**i, "licence_required": False} for i in now["items"]]
    evaluation = Evaluation.objects.create(application=app, request=row.body, response=stored, recommendation="approve",
                                           control_list_version=now["control_list_version"], sha256="0" * 64)
    Application.objects.filter(pk=app.pk).update(latest_evaluation=evaluation)

    job = services.run_inline(services.create_job(trigger="country_measures", countries=["RU"]))
    result = ReevaluationResult.objects.get(job=job, application=app)
    assert result.old_items == causes.classification(stored) != result.new_items
    expected, sources = causes.explain(body=row.body, before=stored, after=now, entry_changes={}, version_label="")
    assert (result.cause, result.cause_entries) == (expected, sources)
    assert "new finding" in result.cause
