"""The officer journey in a real browser: open a submitted case, request information, decide to deny, see it
wait for countersignature, countersign as the senior officer, download the refusal letter and read it."""


import pytest

from .conftest import pdf_text
from .factories import deny_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def _sign_in(browser, live_server, email):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", "dualis-demo")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()
    return page


def test_officer_refuses_and_senior_countersigns(browser, live_server, demo, exporter):
    from licensing.models import InformationRequest
    from licensing.services.applications import answer_information_request

    app = deny_case(exporter)
    page = _sign_in(browser, live_server, "officer@dualis.example")

    # the new case is in the "new" queue; open it
    page.goto(f"{live_server.url}/backoffice/queues/?queue=new")
    page.get_by_role("link", name=app.reference).click()
    assert page.get_by_role("heading", name="Recommendation: Deny").is_visible() or "Deny" in page.content()

    # request information
    page.get_by_text("Request information from the exporter").click()
    page.get_by_label("Question to the exporter").fill("Please upload the signed end-user statement.")
    page.get_by_role("button", name="Send request").click()
    assert "Information requested" in page.content()
    answer_information_request(InformationRequest.objects.get(application=app), exporter, "Attached, signed.")

    # decide deny, citing the first finding's legal basis
    page.reload()
    page.get_by_role("link", name="Decide").click()
    page.get_by_label("Deny").check()
    page.get_by_label("Justification").fill("Export prohibited by restrictive measures; risk of repression.")
    page.locator("input[name=grounds]").first.check()
    page.get_by_role("button", name="Record decision").click()
    assert "Decision awaiting countersignature" in page.content()
    assert "Awaiting countersignature" in page.content()
    assert page.get_by_role("button", name="Countersign", exact=True).count() == 0  # an officer cannot countersign

    # the senior officer countersigns
    senior = _sign_in(browser, live_server, "senior@dualis.example")
    senior.goto(f"{live_server.url}/backoffice/queues/?queue=countersignature")
    senior.get_by_role("link", name=app.reference).click()
    senior.get_by_label("Comment").fill("Agreed.")
    senior.get_by_role("button", name="Countersign", exact=True).click()
    assert "Countersigned: the decision is in effect." in senior.content()

    # download the refusal letter and read it
    with senior.expect_download() as info:
        senior.locator("a[data-download=refusal_letter]").click()
    with open(info.value.path(), "rb") as fh:
        text = pdf_text(fh.read())
    assert app.reference in text
    assert "Export prohibited by restrictive measures; risk of repression." in text
    assert "How to object" in text and "Bezwaar" in text
