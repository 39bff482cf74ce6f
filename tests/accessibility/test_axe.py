"""Accessibility: axe-core (the engine behind Lighthouse's and GOV.UK's checks) over the pages each audience
uses most, in Debian's Chromium, in English and Dutch. Serious and critical violations fail the test."""

import re

import pytest

axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "dualis-demo-a11y"
BLOCKING = {"serious", "critical"}

PUBLIC = ["/accounts/login/", "/controllist/", "/controllist/search/?q=surveillance", "/controllist/entry/5A001.j/"]
EXPORTER = ["/portal/", "/portal/applications/", "/portal/applications/new/", "/portal/licences/", "/whatif/"]
OFFICER = ["/backoffice/", "/backoffice/queues/", "/backoffice/cases/", "/backoffice/licences/", "/registers/countries/",
           "/registers/countries/CN/", "/registers/end-users/", "/registers/denials/"]


@pytest.fixture
def page(live_server, reference_data, browser):
    from licensing.demo import load_demo

    load_demo(password=PASSWORD)
    pg = browser.new_page()
    pg.set_default_timeout(15000)
    return pg


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("e-?mail", re.I)).fill(email)
    page.get_by_label(re.compile("password", re.I)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    page.wait_for_load_state()


def violations(page, url) -> list[str]:
    response = page.goto(url)
    assert response.status < 400, f"{url}: HTTP {response.status}"
    found = axe_sync.Axe().run(page).response["violations"]
    return [f"{url}: {v['id']} ({v['impact']}) {v['help']} — e.g. {v['nodes'][0]['html'][:160]}"
            for v in found if v["impact"] in BLOCKING]


def test_public_pages_in_both_languages(page, live_server):
    base = live_server.url
    problems = []
    for lang in ("en", "nl"):
        page.context.add_cookies([{"name": "django_language", "value": lang, "url": base}])
        for path in PUBLIC:
            problems += violations(page, base + path)
    assert not problems, "\n".join(problems)


def signed_in_violations(page, base, email, paths, list_path, link) -> list[str]:
    """Violations on `paths` for `email`, and on the first page the locator `link` finds on `list_path`."""
    sign_in(page, base, email)
    problems = [p for path in paths for p in violations(page, base + path)]
    page.goto(base + list_path)
    first = link.first
    if first.count():
        problems += violations(page, base + first.get_attribute("href"))
    return problems


def test_exporter_pages(page, live_server):
    detail = page.locator("a[href*='/portal/applications/']").filter(has_text=re.compile(r"DU-|\d"))
    problems = signed_in_violations(page, live_server.url, "exporter@acme.example", EXPORTER,
                                    "/portal/applications/", detail)
    assert not problems, "\n".join(problems)


def test_officer_pages(page, live_server):
    problems = signed_in_violations(page, live_server.url, "officer@dualis.example", OFFICER,
                                    "/backoffice/queues/", page.locator("a[href*='/backoffice/cases/']"))
    assert not problems, "\n".join(problems)


def test_the_check_catches_a_known_violation(page):
    """The check itself works: an unlabelled input and an image without text are reported."""
    page.set_content('<html lang="en"><title>x</title><main><img src="x.png"><input type="text"></main></html>')
    found = {v["id"] for v in axe_sync.Axe().run(page).response["violations"]}
    assert {"image-alt", "label"} <= found
