"""Signed notifications to API clients when a licence is suspended, revoked, amended or reinstated.

The back office calls `licence_changed(licence, event)` inside the transaction that changes the licence; one
WebhookDelivery per subscribed client is stored, and the Celery task is sent on commit (nothing is sent for a
change that rolls back). Each POST carries

    X-Dualis-Event: licence.suspended
    X-Dualis-Delivery: <delivery id>
    X-Dualis-Timestamp: <unix seconds>
    X-Dualis-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the client's webhook secret>

A receiver recomputes the HMAC over the timestamp, a dot and the raw body, compares in constant time, and
rejects old timestamps. Failed deliveries are retried with exponential back-off (licensing.customs.tasks).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import requests
from django.db import transaction
from django.utils import timezone

from licensing.models import ApiClient, DeliveryStatus, Licence, WebhookDelivery, WebhookEvent

TIMEOUT_SECONDS = 5
USER_AGENT = "Dualis-Webhooks/1.0"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: int, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


VERBS = {"suspend": WebhookEvent.SUSPENDED, "revoke": WebhookEvent.REVOKED, "amend": WebhookEvent.AMENDED,
         "reinstate": WebhookEvent.REINSTATED}


def _event(event: str) -> str | None:
    """The event name: "suspend", "suspended" and "licence.suspended" all give "licence.suspended"; None for a
    change clients are not told about ("expire": an expired licence shows as such in the check)."""
    if event in VERBS:
        return VERBS[event]
    value = event if event.startswith("licence.") else f"licence.{event}"
    if value in WebhookEvent.values:
        return value
    if event in ("expire", "expired", "licence.expired"):
        return None
    raise ValueError(f"Unknown licence event {event!r}; expected one of {', '.join(WebhookEvent.values)}.")


def subscribers(licence: Licence):
    """Active clients with a webhook URL and secret that may read this licence."""
    for client in ApiClient.objects.filter(is_active=True).exclude(webhook_url="").exclude(webhook_secret=""):
        if "licences:read" in client.scopes and client.organisation_id in (None, licence.holder_id):
            yield client


def payload(licence: Licence, event: str) -> dict:
    from licensing.services.customs import effective_status

    return {
        "event": event,
        "licence": licence.number,
        "status": effective_status(licence),
        "reason": licence.status_reason,
        "valid_from": licence.valid_from.isoformat(),
        "valid_until": licence.valid_until.isoformat(),
        "occurred_at": timezone.now().isoformat(),
    }


def licence_changed(licence: Licence, event: str) -> list[WebhookDelivery]:
    """Store a delivery per subscribed client and send them once the surrounding transaction commits.

    event: the back-office action ("suspend", "revoke", "amend", "reinstate"; "expire" sends nothing) or the event
    name ("suspended", "licence.suspended", …)."""
    event = _event(event)
    if event is None:
        return []
    body = payload(licence, event)
    deliveries = [
        WebhookDelivery.objects.create(client=client, licence=licence, event=event, url=client.webhook_url,
                                       payload=body)
        for client in subscribers(licence)
    ]
    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: send(pk))
    return deliveries


def send(delivery_id: int) -> None:
    """Queue a delivery for the Celery task (retries with exponential back-off). Without a broker (eager Celery:
    tests, development without Redis) the attempts run here one after another, and a failure is recorded in
    the delivery rather than raised into the code that changed the licence."""
    from licensing.customs.tasks import MAX_RETRIES, deliver_webhook

    if not deliver_webhook.app.conf.task_always_eager:
        deliver_webhook.delay(delivery_id)
        return
    for retries in range(MAX_RETRIES + 1):
        if attempt(delivery_id, last_try=retries == MAX_RETRIES):
            return


def attempt(delivery_id: int, *, last_try: bool) -> bool:
    """POST the delivery once and record the result. True when delivered (or nothing left to do)."""
    delivery = WebhookDelivery.objects.select_related("client").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == DeliveryStatus.DELIVERED:
        return True
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Dualis-Event": delivery.event,
        "X-Dualis-Delivery": str(delivery.pk),
        "X-Dualis-Timestamp": str(timestamp),
        "X-Dualis-Signature": sign(delivery.client.webhook_secret, timestamp, body),
    }
    status_code, error = None, ""
    try:
        response = requests.post(delivery.url, data=body, headers=headers, timeout=TIMEOUT_SECONDS,
                                 allow_redirects=False)
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}: {response.text[:500]}"
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]
    now = timezone.now()
    delivered = not error
    if delivered:
        status = DeliveryStatus.DELIVERED
    else:
        status = DeliveryStatus.FAILED if last_try else DeliveryStatus.PENDING
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=delivery.attempts + 1, last_status_code=status_code, last_error=error, last_attempt_at=now,
        status=status, delivered_at=now if delivered else None,
    )
    return delivered
