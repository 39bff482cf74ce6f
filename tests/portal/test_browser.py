"""The whole exporter journey in a real browser (Playwright driving Debian's Chromium)."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def demo_users(reference_data):
    from licensing.demo import load_demo

    load_demo(password="dualis-demo-pw")


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("e-?mail", re.I)).fill(email)
    page.get_by_label(re.compile("password", re.I)).fill("dualis-demo-pw")
    page.get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    page.wait_for_load_state()


def test_exporter_journey_and_isolation(live_server, browser, demo_users, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    statement = tmp_path / "end-user-statement.pdf"
    statement.write_bytes(PDF)
    base = live_server.url
    page = browser.new_page()
    page.set_default_timeout(10000)
    sign_in(page, base, "exporter@acme.example")

    page.goto(f"{base}/portal/applications/new/")
    page.get_by_label("Title").fill("Cameras and analytics for IISc")
    page.get_by_role("radio", name="Individual licence").check()
    page.get_by_label("Country of final destination").select_option("IN")
    page.get_by_role("button", name="Create draft and continue").click()

    # goods: one listed item, then add a non-listed one (keyboard-usable buttons, labelled fields)
    page.get_by_label("Description").fill("Uncooled thermal imaging camera core")
    page.get_by_label("Annex I entry (self-classification)").fill("6A003.b.4")
    page.get_by_label("Quantity").fill("4")
    page.get_by_label("Value in EUR").fill("18000")
    page.get_by_role("button", name="Save and add another item").click()
    item2 = page.locator("fieldset.card").nth(1)
    item2.get_by_label("Description").fill("Video analytics software")
    item2.get_by_label("Quantity").fill("1")
    item2.get_by_label("Value in EUR").fill("9000")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("Name").first.fill("Indian Institute of Science")
    page.locator("#id_end_user-country").select_option("IN")
    page.locator("#id_end_user-type").select_option("research")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("End use").fill("Infrared imaging research on building insulation")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("checkbox", name=re.compile("I declare that")).check()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("Kind of document").select_option("end_user_statement")
    page.get_by_label("File").set_input_files(str(statement))
    page.get_by_role("button", name="Upload").click()
    assert page.get_by_role("link", name="end-user-statement.pdf").is_visible()
    page.get_by_role("button", name="Save and continue").click()

    # review: self-assessment shows which items are listed
    assert page.get_by_role("heading", name="Self-assessment").is_visible()
    assert "6A003.b.4" in page.content()
    page.get_by_role("button", name="Submit application").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Timeline").is_visible()
    assert page.get_by_text("Application submitted").first.is_visible()
    reference = re.search(r"DU-\d{4}-\d{6}", page.content()).group(0)
    detail_url = page.url
    assert re.search(r"/portal/applications/\d+/$", detail_url)

    # a second organisation's user cannot open it
    other = browser.new_page()
    sign_in(other, base, "exporter@globex.example")
    response = other.goto(detail_url)
    assert response.status == 404
    assert reference not in other.content()
    other.goto(f"{base}/portal/applications/")
    assert reference not in other.content()
