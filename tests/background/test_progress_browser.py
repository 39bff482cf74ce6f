"""The progress bar in a real browser: it follows the job as chunks complete, and a reload shows the same state."""

import re

import pytest

from licensing.models import User
from licensing.reevaluation import processing, services

from .factories import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_progress_bar_follows_the_job_and_survives_a_reload(live_server, browser, acme, acme_user, settings):
    settings.REEVALUATION_CHUNK_SIZE = 2
    User.objects.create_user("admin-browser@background.example", "browser-pw", role="administrator")
    for destination in ("RU", "JP", "BR", "CN"):
        make_case(acme, acme_user, destination=destination, recommendation="approve")
    job = services.create_job(trigger="manual")
    first, second = services.plan(job)
    processing.process_chunk(first)

    page = browser.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile("e-?mail", re.I)).fill("admin-browser@background.example")
    page.get_by_label(re.compile("password", re.I)).fill("browser-pw")
    page.get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/backoffice/reevaluation/jobs/{job.pk}/")
    progress = page.locator("#job-progress")
    assert progress.locator("[data-field=done]").inner_text() == "2"
    assert progress.locator("[data-field=total]").inner_text() == "4"
    assert page.locator("#job-progress-bar").get_attribute("value") == "2"
    assert not page.get_by_role("link", name="Open the report").is_visible()

    processing.process_chunk(second)  # the workers finish while the page is open
    page.wait_for_function("document.querySelector('[data-field=done]').textContent === '4'")
    assert page.get_by_role("link", name="Open the report").is_visible()
    assert progress.locator("[data-field=status_label]").inner_text() == "Completed"

    page.reload()
    assert progress.locator("[data-field=done]").inner_text() == "4"
    assert page.locator("#job-progress-bar").get_attribute("value") == "4"
    page.get_by_role("link", name="Open the report").click()
    page.wait_for_load_state()
    assert "Report of re-evaluation" in page.content()
