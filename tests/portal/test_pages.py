"""The portal pages as an exporter uses them: the step-by-step form, review, submission, case page."""

import pytest
from django.urls import reverse

from licensing.models import Application, GeaRegistration, Product, Status
from tests.factories import ProductFactory

from .factories import complete_draft, pdf, submitted

pytestmark = pytest.mark.django_db


def step(app, name):
    return reverse("portal:application_step", args=[app.pk, name])


def test_dashboard_and_lists_render(exporter_client, exporter):
    submitted(exporter)
    for name in ("dashboard", "applications", "products", "licences", "gea_registrations", "organisation"):
        r = exporter_client.get(reverse(f"portal:{name}"))
        assert r.status_code == 200, name


def test_full_wizard_journey(exporter_client, exporter):
    r = exporter_client.post(reverse("portal:application_new"),
                             {"title": "Cameras for IISc", "licence_type": "individual", "export_type": "export",
                              "destination": "IN"})
    app = Application.objects.get(title="Cameras for IISc")
    assert r.status_code == 302 and r["Location"] == step(app, "goods")
    assert exporter_client.get(step(app, "goods")).status_code == 200
    goods = {"items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
             "items-MAX_NUM_FORMS": "50",
             "items-0-description": "Thermal camera core", "items-0-control_entry": "6a003.b.4",
             "items-0-cyber_surveillance": "no", "items-0-quantity": "4", "items-0-value_eur": "18000",
             "items-1-description": "Emotion-recognition software", "items-1-control_entry": "",
             "items-1-cyber_surveillance": "yes", "items-1-quantity": "1", "items-1-value_eur": "45000",
             "go": "next"}
    r = exporter_client.post(step(app, "goods"), goods)
    assert r.status_code == 302 and r["Location"] == step(app, "parties")
    assert [(i.control_entry, i.cyber_surveillance) for i in app.items.all()] == [("6A003.b.4", False), ("", True)]
    parties = {"end_user-name": "Indian Institute of Science", "end_user-country": "IN", "end_user-type": "research",
               "parties-TOTAL_FORMS": "1", "parties-INITIAL_FORMS": "0", "parties-MIN_NUM_FORMS": "0",
               "parties-MAX_NUM_FORMS": "30", "parties-0-role": "consignee", "parties-0-name": "Freight Ltd",
               "parties-0-country": "IN", "parties-0-type": "commercial", "go": "next"}
    assert exporter_client.get(step(app, "parties")).status_code == 200
    r = exporter_client.post(step(app, "parties"), parties)
    assert r.status_code == 302
    assert app.parties.count() == 2
    assert exporter_client.post(step(app, "end_use"), {"end_use": "Research", "go": "next"}).status_code == 302
    r = exporter_client.post(step(app, "declarations"), {"declarations_confirmed": "on", "go": "next"})
    assert r.status_code == 302 and r["Location"] == step(app, "documents")
    assert exporter_client.get(step(app, "documents")).status_code == 200
    r = exporter_client.post(step(app, "documents"), {"kind": "end_user_statement", "file": pdf(), "go": "upload"})
    assert r.status_code == 302 and app.documents.count() == 1
    r = exporter_client.get(step(app, "review"))
    assert r.status_code == 200
    content = r.content.decode()
    assert "6A003.b.4" in content and "Self-assessment" in content
    assert "Recommendation" not in content
    r = exporter_client.post(reverse("portal:application_submit", args=[app.pk]))
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED and app.reference.startswith("DU-")
    r = exporter_client.get(reverse("portal:application_detail", args=[app.pk]))
    assert r.status_code == 200
    assert "Application submitted" in r.content.decode() and app.reference in r.content.decode()
    # locked: the steps redirect to the case page
    assert exporter_client.get(step(app, "goods"))["Location"] == reverse("portal:application_detail", args=[app.pk])


def test_invalid_input_kept_with_messages(exporter_client, exporter):
    app = complete_draft(exporter)
    data = {"items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "50", "items-0-description": "My special widget",
            "items-0-control_entry": "5A999", "items-0-quantity": "-2", "items-0-value_eur": "abc", "go": "next"}
    r = exporter_client.post(step(app, "goods"), data)
    assert r.status_code == 200
    html = r.content.decode()
    assert "My special widget" in html and 'value="5A999"' in html
    assert "is not an Annex I entry" in html and "There is a problem" in html
    assert app.items.count() == 2  # nothing saved


def test_dutch_messages(exporter_client, exporter):
    app = complete_draft(exporter)
    r = exporter_client.post(step(app, "general"), {"licence_type": "bogus", "go": "next"},
                             HTTP_ACCEPT_LANGUAGE="nl")
    assert r.status_code == 200


def test_incomplete_submit_lists_everything(exporter_client, exporter):
    app = Application.objects.create(organisation=exporter.organisation, created_by=exporter)
    r = exporter_client.post(reverse("portal:application_submit", args=[app.pk]))
    assert r.status_code == 400
    html = r.content.decode()
    for text in ("Add at least one item", "final destination", "end user", "end use", "Confirm the declarations",
                 "end-user statement"):
        assert text in html, text
    app.refresh_from_db()
    assert app.status == Status.DRAFT


def test_product_catalogue_and_pick_in_application(exporter_client, exporter):
    r = exporter_client.post(reverse("portal:product_new"), {"name": "TC-640 core", "description": "Camera core",
                                                              "part_number": "TC-999", "control_entry": "6A003.b.4"})
    assert r.status_code == 302
    product = Product.objects.get(part_number="TC-999")
    app = complete_draft(exporter)
    data = {"items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "50", "items-0-product": str(product.pk), "items-0-quantity": "2",
            "items-0-value_eur": "100", "go": "save"}
    assert exporter_client.post(step(app, "goods"), data).status_code == 302
    item = app.items.get()
    assert (item.description, item.control_entry, item.product_id) == ("Camera core", "6A003.b.4", product.pk)


def test_withdraw_copy_and_timeline(exporter_client, exporter):
    app = submitted(exporter)
    r = exporter_client.post(reverse("portal:application_withdraw", args=[app.pk]), {"reason": "Cancelled"})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.WITHDRAWN
    html = exporter_client.get(reverse("portal:application_detail", args=[app.pk])).content.decode()
    assert "Application withdrawn" in html and "Cancelled" in html
    r = exporter_client.post(reverse("portal:application_copy", args=[app.pk]))
    new = Application.objects.exclude(pk=app.pk).get(copied_from=app)
    assert r["Location"] == step(new, "general") and new.items.count() == 2


def test_gea_registration(exporter_client):
    from django.utils import timezone

    r = exporter_client.post(reverse("portal:gea_new"), {"authorisation": "EU001", "items_description": "5A002.a",
                                                         "destinations": ["JP", "US"]})
    assert r.status_code == 200 and "date of the first export" in r.content.decode()
    r = exporter_client.post(reverse("portal:gea_new"), {
        "authorisation": "EU001", "items_description": "5A002.a", "destinations": ["JP", "US"],
        "first_export_on": timezone.localdate().isoformat()})
    assert r.status_code == 302
    assert GeaRegistration.objects.get().reference.startswith("GEA-")


def test_annex_picker_shows_entry_text(exporter_client):
    r = exporter_client.get(reverse("portal:annex_search"), {"q": "5A002"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "5A002" in r.content.decode() and "<html" not in r.content.decode()


def test_officer_and_anonymous_refused(officer_client):
    from django.test import Client

    url = reverse("portal:applications")
    assert Client().get(url).status_code == 302
    assert officer_client.get(url).status_code == 403


def test_products_factory_scoped(exporter, other_exporter, exporter_client):
    theirs = ProductFactory(organisation=other_exporter.organisation)
    assert exporter_client.get(reverse("portal:product_edit", args=[theirs.pk])).status_code == 404


def test_duplicate_part_number_refused(exporter_client):
    r = exporter_client.post(reverse("portal:product_new"), {"name": "Copy", "description": "x",
                                                              "part_number": "TC-640"})
    assert r.status_code == 200 and "Another product in your catalogue has this part number" in r.content.decode()


def test_demo_data_has_drafts_and_submitted_for_both_organisations(exporter, other_exporter):
    for user in (exporter, other_exporter):
        apps = Application.objects.filter(organisation=user.organisation)
        assert apps.filter(status=Status.DRAFT).exists()
        assert apps.filter(status=Status.SUBMITTED, reference__startswith="DU-").exists()


def test_goods_step_shows_entry_text_and_plain_quantities(exporter_client, exporter):
    app = complete_draft(exporter)
    html = exporter_client.get(step(app, "goods")).content.decode()
    assert 'id="id_items-0-control_entry-entry"' in html and "focal plane" in html
    assert 'value="4"' in html and 'value="4.000"' not in html
    assert 'id="id_items-1-control_entry-entry"' not in html  # not listed: no entry text


def test_countries_are_named_in_the_users_language(exporter_client, exporter):
    app = submitted(exporter, destination="KR")
    url = reverse("portal:application_detail", args=[app.pk])
    html = exporter_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "South Korea (KR)" in html and "India (IN)" in html  # destination; the end user's country
    html = exporter_client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Zuid-Korea (KR)" in html and "South Korea" not in html
    draft = complete_draft(exporter)
    html = exporter_client.get(step(draft, "general"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert ">Duitsland (DE)<" in html  # the destination picker too
