"""Work queues: which cases each queue shows, filters, deadlines, and a constant number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from licensing.models import Application, ApplicationItem, Party
from licensing.services import casework
from licensing.services.deadlines import add_working_days, service_level_due, working_days_between

from .factories import cyber_case, deny_case, submitted_case

pytestmark = pytest.mark.django_db


def _queue(client, **params):
    response = client.get(reverse("backoffice:queues"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_queues_show_the_right_cases(officer_client, officer, exporter):
    new = submitted_case(exporter, destination="BR")
    mine = deny_case(exporter)
    casework.assign(mine, officer, officer)
    waiting = cyber_case(exporter)
    casework.request_information(waiting, "Send the end-user statement.", officer)
    consulted = submitted_case(exporter, destination="BR")
    casework.open_consultation(consulted, kind="foreign_affairs", consulted_party="Ministry of Foreign Affairs",
                               question="Human-rights advice?", actor=officer)

    page = _queue(officer_client, queue="new")
    assert new.reference in page and consulted.reference in page and waiting.reference not in page
    assert mine.reference not in page  # assigned: under review, no longer new
    page = _queue(officer_client, queue="mine")
    assert mine.reference in page and new.reference not in page
    page = _queue(officer_client, queue="team")
    assert mine.reference in page
    page = _queue(officer_client, queue="information")
    assert waiting.reference in page and new.reference not in page
    page = _queue(officer_client, queue="consultation")
    assert consulted.reference in page and new.reference not in page


def test_queue_filters(officer_client, exporter):
    br = submitted_case(exporter, destination="BR")
    sy = deny_case(exporter)
    cn = cyber_case(exporter)
    page = _queue(officer_client, queue="new", destination="SY")
    assert sy.reference in page and br.reference not in page
    page = _queue(officer_client, queue="new", cyber="yes")
    assert cn.reference in page and sy.reference in page and br.reference not in page
    page = _queue(officer_client, queue="new", recommendation="ad_hoc_licence_required")
    assert cn.reference in page and sy.reference not in page
    page = _queue(officer_client, queue="new", control_entry="5A001")
    assert sy.reference in page and br.reference not in page and cn.reference not in page
    Application.objects.filter(pk=br.pk).update(submitted_at=timezone.now() - timedelta(days=20))
    page = _queue(officer_client, queue="new", min_age_days=10)
    assert br.reference in page and sy.reference not in page
    page = _queue(officer_client, queue="new", sort="newest")
    assert page.index(cn.reference) < page.index(sy.reference)


def test_working_days_skip_weekends_and_dutch_holidays():
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)  # Christmas, Boxing Day, weekend
    assert add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)  # King's Day Monday 27 April
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 28)) == 1
    assert add_working_days(date(2026, 11, 23), 10) == date(2026, 12, 7)


def test_service_level_clock_stops_while_exporter_owes_an_answer(officer, exporter):
    app = submitted_case(exporter, destination="BR")
    before = service_level_due(app.submitted_at, [])
    req = casework.request_information(app, "Which firmware version?", officer)
    req.asked_at = timezone.now() - timedelta(days=14)
    assert service_level_due(app.submitted_at, [req]) > before


def test_queue_page_runs_a_constant_number_of_queries(officer_client, exporter, officer):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            response = officer_client.get(reverse("backoffice:queues"), {"queue": "new", "cyber": "no"})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    for _ in range(3):
        submitted_case(exporter, destination="BR", evaluate=False)
    few = count_queries()
    now = timezone.now()
    apps = Application.objects.bulk_create([
        Application(organisation=exporter.organisation, created_by=exporter, status="submitted", destination="BR",
                    reference=f"DU-BULK-{i:05d}", submitted_at=now - timedelta(hours=i), recommendation="approve",
                    assigned_to=officer if i % 3 == 0 else None, title=f"Bulk {i}")
        for i in range(10_000)
    ], batch_size=2000)
    Party.objects.bulk_create([Party(application=a, role="end_user", name=f"End user {a.pk}", country="BR")
                               for a in apps], batch_size=2000)
    ApplicationItem.objects.bulk_create([ApplicationItem(application=a, description="Camera", control_entry="6A003",
                                                         quantity=1, value_eur=1) for a in apps], batch_size=2000)
    many = count_queries()
    assert many == few, f"{few} queries with 3 cases, {many} with 10,003"
    page = officer_client.get(reverse("backoffice:queues"), {"queue": "new"}).content.decode()
    total = Application.objects.filter(status="submitted").count()
    assert total >= 10_003 and f"of {total} results" in page


# --- cases flagged by a re-evaluation (a list or register change altered their answer) ---------------------

FLAG = "Re-evaluation 7 (New control-list version): recommendation approve → deny. new finding arms_embargo (RU)"


def _flagged(exporter):
    flagged = submitted_case(exporter, destination="BR")
    Application.objects.filter(pk=flagged.pk).update(flagged_reason=FLAG)
    return flagged, submitted_case(exporter, destination="BR")


def test_queues_badge_flagged_cases_and_filter_on_the_flag(officer_client, exporter):
    dashboard = reverse("backoffice:dashboard")
    before = officer_client.get(dashboard).context["flagged"]
    flagged, plain = _flagged(exporter)
    page = officer_client.get(dashboard)
    assert page.context["flagged"] == before + 1
    assert f'href="{reverse("backoffice:cases")}?flagged=on"' in page.content.decode()
    page = _queue(officer_client, queue="new")
    assert flagged.reference in page and plain.reference in page
    assert page.count(">Flagged by list change</span>") == 1  # one badge, on the flagged case
    assert f'title="{FLAG}"' in page  # the reason on hover
    page = _queue(officer_client, queue="new", flagged="on")
    assert flagged.reference in page and plain.reference not in page
    page = officer_client.get(reverse("backoffice:cases"), {"flagged": "on"}).content.decode()
    assert flagged.reference in page and plain.reference not in page


def test_case_page_shows_the_flag_and_an_officer_clears_it_with_an_audited_note(officer_client, officer, exporter):
    from licensing.models import AuditEvent

    flagged, plain = _flagged(exporter)
    url = reverse("backoffice:case_detail", args=[flagged.pk])
    page = officer_client.get(url).content.decode()
    assert FLAG in page and reverse("backoffice:case_flag_clear", args=[flagged.pk]) in page
    assert reverse("backoffice:case_flag_clear", args=[plain.pk]) not in \
        officer_client.get(reverse("backoffice:case_detail", args=[plain.pk])).content.decode()

    clear = reverse("backoffice:case_flag_clear", args=[flagged.pk])
    assert officer_client.get(clear).status_code == 405  # a GET never writes
    response = officer_client.post(clear, {"note": "Checked the embargo; decision follows."})
    assert response.status_code == 302 and response["Location"] == url
    assert Application.objects.get(pk=flagged.pk).flagged_reason == ""
    event = AuditEvent.objects.filter(action="application.flag_cleared", application=flagged).get()
    assert event.actor == officer
    assert event.changes == {"flagged_reason": FLAG, "note": "Checked the embargo; decision follows."}
    page = officer_client.get(url).content.decode()
    assert "Re-evaluation flag cleared" in page and clear not in page
    assert flagged.reference not in _queue(officer_client, queue="new", flagged="on")

    again = officer_client.post(clear, {"note": ""})
    assert again.status_code == 400
    assert "This case is not flagged: the flag may have been cleared already." in again.content.decode()
    assert AuditEvent.objects.filter(action="application.flag_cleared").count() == 1


def test_only_officers_clear_a_flag_and_notes_are_bounded(officer_client, exporter_client, exporter):
    flagged, _plain = _flagged(exporter)
    clear = reverse("backoffice:case_flag_clear", args=[flagged.pk])
    assert exporter_client.post(clear).status_code == 403
    response = officer_client.post(clear, {"note": "x" * 501})
    assert response.status_code == 400 and "at most 500 characters" in response.content.decode()
    assert Application.objects.get(pk=flagged.pk).flagged_reason == FLAG


def test_officers_have_a_link_to_list_changes_and_re_evaluation(officer_client):
    page = officer_client.get(reverse("backoffice:queues")).content.decode()
    jobs = reverse("backoffice:reevaluation:jobs")
    assert f'href="{jobs}"' in page
    listing = officer_client.get(jobs)
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Cases flagged by list change" in body
    assert reverse("backoffice:reevaluation:version_upload") not in body  # administrators only
