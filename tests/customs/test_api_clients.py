"""create_api_client (token as the last line), rotation, revocation and the admin pages for API clients."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from licensing.models import ApiClient, AuditEvent

from .factories import bearer

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("create_api_client", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_command_prints_the_token_as_the_last_line_and_stores_only_its_hash(licence):
    lines = run("border-nl", "--scopes", "licences:read,licences:use,evaluate", "--rate", "600/minute")
    token = lines[-1]
    client = ApiClient.objects.get(name="border-nl")
    assert client.scopes == ["evaluate", "licences:read", "licences:use"]
    assert client.rate == "600/minute"
    assert token not in (client.token_hash, client.token_prefix) and token.startswith(client.token_prefix)
    assert bearer(token).get(f"/api/v1/customs/licences/{licence.number}/").status_code == 200
    assert AuditEvent.objects.filter(action="api_client.created", object_id=str(client.pk)).exists()


def test_unknown_scope_is_refused_by_name():
    with pytest.raises(CommandError, match="licences:fly"):
        run("bad", "--scopes", "licences:read,licences:fly")
    assert not ApiClient.objects.filter(name="bad").exists()


def test_bad_rate_and_duplicate_name_are_refused():
    with pytest.raises(CommandError, match="rate"):
        run("c1", "--scopes", "licences:read", "--rate", "lots")
    run("c2", "--scopes", "licences:read")
    with pytest.raises(CommandError, match="already exists"):
        run("c2", "--scopes", "licences:read")


def test_rotate_prints_a_new_token_and_the_old_one_stops_working(licence):
    old = run("border-be", "--scopes", "licences:read")[-1]
    new = run("border-be", "--rotate")[-1]
    assert new != old
    url = f"/api/v1/customs/licences/{licence.number}/"
    assert bearer(old).get(url).status_code == 401
    assert bearer(new).get(url).status_code == 200


def test_revoke_refuses_the_token(licence):
    token = run("border-de", "--scopes", "licences:read")[-1]
    run("border-de", "--revoke")
    assert bearer(token).get(f"/api/v1/customs/licences/{licence.number}/").status_code == 401
    assert ApiClient.objects.get(name="border-de").revoked_at is not None


def test_rotating_an_unknown_client_fails():
    with pytest.raises(CommandError, match="No API client"):
        run("nobody", "--rotate")


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="root@dualis.example", password="x" * 12)
    client.force_login(admin)
    return client


def test_admin_creates_a_client_and_shows_the_token_once(admin_client, licence):
    r = admin_client.post("/admin/licensing/apiclient/add/", {
        "name": "border-fr", "scopes": ["licences:read"], "rate": "", "organisation": "", "webhook_url": "",
        "webhook_secret": "",
    }, follow=True)
    assert r.status_code == 200
    messages = [str(m) for m in r.context["messages"]]
    token = next(m.rsplit(" ", 1)[-1] for m in messages if "shown once" in m)
    assert bearer(token).get(f"/api/v1/customs/licences/{licence.number}/").status_code == 200


def test_admin_rotates_and_revokes(admin_client, customs, licence):
    client, token = customs
    url = "/admin/licensing/apiclient/"
    r = admin_client.post(url, {"action": "rotate_tokens", "_selected_action": [client.pk]}, follow=True)
    new = next(str(m).rsplit(" ", 1)[-1] for m in r.context["messages"] if "New token" in str(m))
    assert bearer(token).get(f"/api/v1/customs/licences/{licence.number}/").status_code == 401
    assert bearer(new).get(f"/api/v1/customs/licences/{licence.number}/").status_code == 200
    admin_client.post(url, {"action": "revoke_clients", "_selected_action": [client.pk]})
    assert bearer(new).get(f"/api/v1/customs/licences/{licence.number}/").status_code == 401


def test_officer_cannot_open_the_api_client_admin(client, django_user_model):
    user = django_user_model.objects.create_user(email="o@dualis.example", password="x" * 12, role="officer")
    client.force_login(user)
    assert client.get("/admin/licensing/apiclient/").status_code == 302
