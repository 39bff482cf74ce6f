"""The append-only, hash-chained audit trail and the evaluation log.

Each event's hash covers its content and the previous event's hash, so changing or removing any
event breaks the chain; `manage.py verify_audit_chain` checks it. Writers serialise on a
transaction-scoped advisory lock (PostgreSQL) so the chain never forks.
"""

from __future__ import annotations

import uuid

from django.db import connection, transaction
from django.utils import timezone

from licensing.models import AuditEvent
from licensing.models.apiclients import ApiClient

from . import evaluation_log

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


def log_evaluation(principal, request_data, response: dict, *, trigger: str = "api") -> str:
    """Keep the audit record of a stateless evaluation (input, list version, findings, hash) and return the
    response as the JSON text that was hashed and stored, for the caller to send as it is (one serialisation
    for the record, the hash and the answer). Raises EvaluationInvalid naming the fields whose text no record
    can keep (NUL characters, unpaired surrogates).

    The record goes to the evaluation log (licensing/services/evaluation_log.py): in a gunicorn worker it is
    written in a batch shortly after the response, elsewhere at once, committed without waiting for the disk.
    (An application's evaluations are stored with the case by licensing/services/evaluation.py.)"""
    from licensing.rules.service import EvaluationInvalid, audit_json, canonical_json, unstorable_text

    is_client = isinstance(principal, ApiClient)
    stored = request_data if isinstance(request_data, (dict, list)) else {"raw": str(request_data)}
    request_json, response_json, sha256 = audit_json(request_data, response)
    errors = unstorable_text(request_data, request_json)
    if errors:
        raise EvaluationInvalid(errors)
    user = None if (is_client or principal is None or not principal.is_authenticated) else principal
    evaluation_log.record({
        "application_id": None,
        # the JSON just hashed is the JSON stored (key order and spacing aside, which jsonb does not keep)
        "request": request_json if stored is request_data else canonical_json(stored),
        "response": response_json,
        "control_list_version": response.get("control_list_version", ""),
        "recommendation": response.get("recommendation", ""),
        "sha256": sha256,
        "trigger": trigger,
        "created_at": timezone.now(),
        "created_by_id": user.pk if user is not None else None,
        "client_id": principal.pk if is_client else None,
    })
    return response_json
