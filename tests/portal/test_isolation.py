"""An exporter can never see, guess or touch another organisation's data: every page and endpoint that
takes an object id answers 404 for another organisation's object (and the object is unchanged)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from licensing import workflow
from licensing.models import Application, IssuedDocument, Licence, LicenceLine, Product
from tests.factories import InformationRequestFactory, ProductFactory

from .factories import complete_draft, pdf, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(other_exporter, officer):
    """Globex's objects: a draft, a case with an open question, a product, a licence with its PDF."""
    draft = complete_draft(other_exporter)
    case = submitted(other_exporter)
    info = InformationRequestFactory(application=case, asked_by=officer)
    workflow.transition(case, "request_information", officer)
    licence = Licence.objects.create(number="NL-DU-TEST-1", application=case, holder=other_exporter.organisation,
                                     valid_from=datetime.date(2026, 1, 1), valid_until=datetime.date(2027, 1, 1),
                                     destinations=["IN"], end_users=["IISc"])
    LicenceLine.objects.create(licence=licence, line=1, description="x", quantity=1, value_eur=1)
    issued = IssuedDocument(kind="licence", application=case, licence=licence, sha256="0" * 64, size=4,
                            verification_code="TESTCODE1")
    issued.file.save("l.pdf", ContentFile(b"%PDF"), save=False)
    issued.save()
    return {"draft": draft, "case": case, "doc": draft.documents.get(), "info": info,
            "product": ProductFactory(organisation=other_exporter.organisation), "licence": licence,
            "issued": issued}


def page_urls(t):
    d, c = t["draft"].pk, t["case"].pk
    get = [
        ("application_detail", [c]), ("application_detail", [d]), ("application_step", [d, "general"]),
        ("application_step", [d, "review"]), ("application_withdraw", [c]), ("objection_new", [c]),
        ("document_download", [d, t["doc"].pk]), ("product_edit", [t["product"].pk]),
        ("licence_detail", [t["licence"].pk]), ("issued_document", [t["issued"].pk]),
    ]
    post = [
        ("application_step", [d, "goods"]), ("application_submit", [d]), ("application_withdraw", [c]),
        ("application_copy", [c]), ("application_delete", [d]), ("objection_new", [c]),
        ("document_delete", [d, t["doc"].pk]), ("information_reply", [c, t["info"].pk]),
        ("product_edit", [t["product"].pk]), ("product_archive", [t["product"].pk]),
        ("licence_amend", [t["licence"].pk]),
        # the right id under the wrong application is also unknown
        ("document_download", [c, t["doc"].pk]),
    ]
    return [("get", reverse(f"portal:{n}", args=a)) for n, a in get] + [
        ("post", reverse(f"portal:{n}", args=a)) for n, a in post]


def api_urls(t):
    d, c = t["draft"].pk, t["case"].pk
    base = "/api/v1/applications/"
    return [
        ("get", f"{base}{c}/"), ("get", f"{base}{d}/"), ("patch", f"{base}{d}/"), ("delete", f"{base}{d}/"),
        ("post", f"{base}{d}/submit/"), ("post", f"{base}{c}/withdraw/"), ("post", f"{base}{c}/copy/"),
        ("get", f"{base}{d}/documents/"), ("post", f"{base}{d}/documents/"),
        ("get", f"{base}{d}/documents/{t['doc'].pk}/"), ("delete", f"{base}{d}/documents/{t['doc'].pk}/"),
        ("get", f"{base}{c}/information-requests/"),
        ("post", f"{base}{c}/information-requests/{t['info'].pk}/reply/"),
    ]


def _call(client, method, url):
    if method == "post":
        return client.post(url, {"reply": "x", "grounds": "x", "kind": "other", "file": pdf(), "name": "x",
                                 "description": "x"})
    if method == "patch":
        return client.patch(url, {"title": "hijack"}, content_type="application/json")
    return getattr(client, method)(url)


def test_every_portal_page_404s_across_organisations(exporter_client, theirs):
    for method, url in page_urls(theirs):
        r = _call(exporter_client, method, url)
        assert r.status_code == 404, (method, url, r.status_code)


def test_every_api_endpoint_404s_across_organisations(exporter, theirs):
    client = Client()
    client.force_login(exporter)
    for method, url in api_urls(theirs):
        r = _call(client, method, url)
        assert r.status_code == 404, (method, url, r.status_code)


def test_nothing_of_theirs_changed_or_listed(exporter_client, exporter, theirs):
    for method, url in page_urls(theirs):
        _call(exporter_client, method, url)
    assert Application.objects.filter(pk=theirs["draft"].pk, status="draft").exists()
    assert theirs["draft"].documents.count() == 1
    assert Product.objects.get(pk=theirs["product"].pk).archived is False
    assert not Application.objects.filter(organisation=exporter.organisation, copied_from=theirs["case"]).exists()
    html = exporter_client.get(reverse("portal:applications")).content.decode()
    assert theirs["case"].reference not in html
    listed = exporter_client.get("/api/v1/applications/").json()["results"]
    assert {a["id"] for a in listed}.isdisjoint({theirs["draft"].pk, theirs["case"].pk})
    assert "NL-DU-TEST-1" not in exporter_client.get(reverse("portal:licences")).content.decode()
    assert theirs["product"].name not in exporter_client.get(reverse("portal:products")).content.decode()


def test_own_objects_reachable(other_exporter, theirs):
    """The same URLs work for the owner (so the 404s above are about scoping, not broken URLs)."""
    client = Client()
    client.force_login(other_exporter)
    for method, url in page_urls(theirs):
        if method == "get":
            assert client.get(url).status_code in (200, 302), url
    for method, url in api_urls(theirs):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_wrong_product_in_application_refused(api, exporter, other_exporter):
    theirs = ProductFactory(organisation=other_exporter.organisation)
    r = api.post("/api/v1/applications/", {"items": [{"description": "x", "quantity": 1, "value_eur": 1,
                                                       "product": theirs.pk}]}, content_type="application/json")
    assert r.status_code == 400 and "product" in r.json()["items"]["0"]
