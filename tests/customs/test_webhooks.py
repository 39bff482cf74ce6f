"""Signed licence notifications: stored per subscribed client, sent on commit, retried, visible to administrators."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from licensing.customs.tasks import MAX_RETRIES
from licensing.models import DeliveryStatus, WebhookDelivery
from licensing.services import webhooks

from .factories import api_client, licence_with_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    """A local HTTP endpoint recording each POST; set receiver.status to make it fail."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            server.received.append((dict(self.headers), body))
            self.send_response(server.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.received, server.status = [], 204
    server.url = f"http://127.0.0.1:{server.server_port}/hooks/dualis"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_suspension_is_delivered_signed_after_commit(receiver, django_capture_on_commit_callbacks):
    client, _ = api_client("hooked", "licences:read", webhook_url=receiver.url)
    licence = licence_with_lines()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        deliveries = webhooks.licence_changed(licence, "suspended")
    assert receiver.received == [], "nothing is sent before the transaction commits"
    for callback in callbacks:
        callback()
    assert len(deliveries) == 1 and len(receiver.received) == 1
    headers, body = receiver.received[0]
    payload = json.loads(body)
    assert payload["event"] == "licence.suspended" and payload["licence"] == licence.number
    assert headers["X-Dualis-Event"] == "licence.suspended"
    assert webhooks.verify(client.webhook_secret, int(headers["X-Dualis-Timestamp"]), body,
                           headers["X-Dualis-Signature"])
    assert not webhooks.verify("wrong-secret", int(headers["X-Dualis-Timestamp"]), body,
                               headers["X-Dualis-Signature"])
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
    assert delivery.last_status_code == 204 and delivery.delivered_at


def test_failing_receiver_is_retried_then_marked_failed(receiver, django_capture_on_commit_callbacks):
    receiver.status = 500
    api_client("hooked", "licences:read", webhook_url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.licence_changed(licence_with_lines(), "revoked")
    delivery = WebhookDelivery.objects.get()
    assert len(receiver.received) == MAX_RETRIES + 1
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == MAX_RETRIES + 1
    assert delivery.last_status_code == 500 and "HTTP 500" in delivery.last_error


def test_celery_task_retries_with_back_off_until_it_gives_up(receiver, monkeypatch):
    from licensing.customs.tasks import deliver_webhook

    assert deliver_webhook.retry_backoff and deliver_webhook.autoretry_for
    receiver.status = 503
    api_client("hooked", "licences:read", webhook_url=receiver.url)
    webhooks.licence_changed(licence_with_lines(), "suspended")  # not committed: nothing sent yet
    delivery = WebhookDelivery.objects.get()
    monkeypatch.setattr(deliver_webhook.app.conf, "task_eager_propagates", False)
    deliver_webhook.apply(args=(delivery.pk,))  # eager apply follows each Retry the task raises
    delivery.refresh_from_db()
    assert delivery.attempts == MAX_RETRIES + 1 and delivery.status == DeliveryStatus.FAILED
    receiver.status = 200
    deliver_webhook.apply(args=(delivery.pk,))
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED


def test_unreachable_receiver_is_recorded(django_capture_on_commit_callbacks):
    api_client("gone", "licences:read", webhook_url="http://127.0.0.1:9/nothing-listens-here")
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.licence_changed(licence_with_lines(), "amended")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and "ConnectionError" in delivery.last_error


def test_only_subscribed_clients_that_may_read_the_licence_are_notified(receiver):
    licence = licence_with_lines()
    api_client("no-hook", "licences:read")
    api_client("no-read-scope", "licences:use", webhook_url=receiver.url)
    api_client("other-exporter", "licences:read", webhook_url=receiver.url,
               organisation=licence_with_lines().holder)
    own, _ = api_client("own-exporter", "licences:read", webhook_url=receiver.url, organisation=licence.holder)
    assert [d.client for d in webhooks.licence_changed(licence, "licence.amended")] == [own]


def test_unknown_event_is_refused():
    with pytest.raises(ValueError, match="exploded"):
        webhooks.licence_changed(licence_with_lines(), "exploded")


def test_administrators_see_deliveries(client, django_user_model, receiver):
    api_client("hooked", "licences:read", webhook_url=receiver.url)
    licence = licence_with_lines()
    webhooks.licence_changed(licence, "suspended")
    admin = django_user_model.objects.create_superuser(email="root@dualis.example", password="x" * 12)
    client.force_login(admin)
    r = client.get("/admin/licensing/webhookdelivery/")
    assert r.status_code == 200
    assert licence.number in r.content.decode()
    delivery = WebhookDelivery.objects.get()
    assert client.get(f"/admin/licensing/webhookdelivery/{delivery.pk}/change/").status_code == 200


@pytest.mark.parametrize("action,event", [("suspend", "licence.suspended"), ("revoke", "licence.revoked"),
                                          ("amend", "licence.amended"), ("reinstate", "licence.reinstated")])
def test_back_office_actions_map_to_events(receiver, action, event):
    api_client("hooked", "licences:read", webhook_url=receiver.url)
    assert [d.event for d in webhooks.licence_changed(licence_with_lines(), action)] == [event]


def test_expiry_sends_nothing(receiver):
    api_client("hooked", "licences:read", webhook_url=receiver.url)
    assert webhooks.licence_changed(licence_with_lines(), "expire") == []
