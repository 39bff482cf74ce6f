"""The append-only, hash-chained audit trail and the evaluation log.

Each event's hash covers its content and the previous event's hash, so changing or removing any
event breaks the chain; `manage.py verify_audit_chain` checks it. Writers serialise on a
transaction-scoped advisory lock (PostgreSQL) so the chain never forks.
"""

from __future__ import annotations

import uuid

from django.db import connection, transaction

from licensing.models import AuditEvent, Evaluation
from licensing.models.apiclients import ApiClient

GENESIS = "0" * 64
_LOCK_ID = 727_001


def _label(actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, ApiClient):
        return f"api-client:{actor.name}"
    return getattr(actor, "email", str(actor))


def record(actor, action: str, obj=None, *, changes: dict | None = None, application=None) -> AuditEvent:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
        event = AuditEvent(
            actor=actor if (actor is not None and not isinstance(actor, ApiClient) and actor.is_authenticated) else None,
            actor_label=_label(actor),
            action=action,
            object_type=type(obj).__name__ if obj is not None else "",
            object_id=str(getattr(obj, "pk", "") or ""),
            application=application,
            changes=changes or {},
            previous_hash=last,
            hash=f"pending-{uuid.uuid4().hex}",
        )
        event.save()  # `at` is set on insert; the hash covers it
        event.hash = event.compute_hash()
        AuditEvent.objects.filter(pk=event.pk).update(hash=event.hash)
        return event


def verify_chain() -> tuple[bool, int, int | None]:
    """(intact, events checked, id of the first broken event or None)."""
    previous = GENESIS
    n = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        n += 1
        if event.previous_hash != previous or event.compute_hash() != event.hash:
            return False, n, event.pk
        previous = event.hash
    return True, n, None


def record_evaluation(principal, request_data, response: dict, *, application=None, trigger="api") -> Evaluation:
    """Store a stateless evaluation as an audit record (input, list version, findings, hash)."""
    is_client = isinstance(principal, ApiClient)
    with transaction.atomic():
        if connection.vendor == "postgresql" and application is None:
            # The log of stateless evaluations may lose its last milliseconds in a crash, never its integrity.
            with connection.cursor() as cur:
                cur.execute("SET LOCAL synchronous_commit = off")
        return _store_evaluation(principal, is_client, request_data, response, application, trigger)


def _store_evaluation(principal, is_client, request_data, response, application, trigger) -> Evaluation:
    from licensing.rules.service import response_hash

    return Evaluation.objects.create(
        application=application,
        request=request_data if isinstance(request_data, (dict, list)) else {"raw": str(request_data)},
        response=response,
        control_list_version=response.get("control_list_version", ""),
        recommendation=response.get("recommendation", ""),
        sha256=response_hash(request_data, response),
        trigger=trigger,
        created_by=None if (is_client or principal is None or not principal.is_authenticated) else principal,
        client=principal if is_client else None,
    )
