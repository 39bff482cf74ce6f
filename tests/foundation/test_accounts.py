import pytest
from django.db import IntegrityError, transaction

from licensing.models import Organisation, Role, User

pytestmark = pytest.mark.django_db


def test_home_sends_each_user_to_their_side(client, officer, exporter):
    assert client.get("/").url.startswith("/accounts/login/")
    client.force_login(officer)
    assert client.get("/").url == "/backoffice/"
    client.force_login(exporter)
    assert client.get("/").url == "/portal/"


def test_login_with_email_case_insensitive(client, exporter):
    r = client.post("/accounts/login/", {"username": "Exporter@Acme.example", "password": "dualis-demo"})
    assert r.status_code == 302
    assert client.get("/portal/").status_code == 200


def test_wrong_password_is_refused(client, exporter):
    r = client.post("/accounts/login/", {"username": "exporter@acme.example", "password": "wrong"})
    assert r.status_code == 200
    assert client.get("/portal/").status_code == 302


def test_officers_and_exporters_are_different_worlds(client, officer, exporter):
    client.force_login(exporter)
    assert client.get("/backoffice/").status_code == 403
    client.force_login(officer)
    assert client.get("/portal/").status_code == 403


def test_anonymous_is_sent_to_login(client, demo):
    for url in ("/portal/", "/backoffice/"):
        r = client.get(url)
        assert r.status_code == 302 and r.url.startswith("/accounts/login/")


def test_logout_is_a_post(client, exporter):
    client.force_login(exporter)
    r = client.post("/accounts/logout/")
    assert r.status_code == 302
    assert client.get("/portal/").status_code == 302


def test_password_reset_sends_a_mail(client, exporter, mailoutbox):
    r = client.post("/accounts/password-reset/", {"email": "exporter@acme.example"})
    assert r.status_code == 302
    assert len(mailoutbox) == 1 and "exporter@acme.example" in mailoutbox[0].to


def test_database_refuses_an_exporter_without_organisation(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("x@example.org", "pw-123456789", role=Role.EXPORTER)


def test_database_refuses_staff_in_an_organisation(db):
    org = Organisation.objects.create(name="X")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("y@example.org", "pw-123456789", role=Role.OFFICER, organisation=org,
                                 organisation_role="admin")


def test_demo_data_is_idempotent(demo):
    from licensing.demo import load_demo

    load_demo(password="dualis-demo")
    assert User.objects.filter(email__endswith=".example").count() == 5


def test_language_switch_to_dutch(client, demo):
    r = client.post("/i18n/setlang/", {"language": "nl", "next": "/controllist/"})
    assert r.status_code == 302
    page = client.get("/controllist/")
    assert page.headers["Content-Language"] == "nl"
    assert 'lang="nl"' in page.content.decode()
