"""The one transition table for application status. Nothing else changes `Application.status`.

`transition()` moves an application with a conditional UPDATE (… WHERE status = <from>), so two
officers acting at once cannot both move it, and records the change in the audit trail.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Application, Status

S = Status
REVIEWABLE = (S.SUBMITTED, S.UNDER_REVIEW)

# action -> (allowed from-statuses, to-status, who may do it)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "submit": ((S.DRAFT,), S.SUBMITTED, "exporter"),
    "withdraw": ((S.SUBMITTED, S.UNDER_REVIEW, S.INFORMATION_REQUESTED), S.WITHDRAWN, "exporter"),
    "start_review": ((S.SUBMITTED,), S.UNDER_REVIEW, "officer"),
    "request_information": (REVIEWABLE, S.INFORMATION_REQUESTED, "officer"),
    "answer_information": ((S.INFORMATION_REQUESTED,), S.UNDER_REVIEW, "exporter"),
    "propose_decision": (REVIEWABLE, S.AWAITING_COUNTERSIGNATURE, "officer"),
    "reject_countersignature": ((S.AWAITING_COUNTERSIGNATURE,), S.UNDER_REVIEW, "senior"),
    "approve": ((*REVIEWABLE, S.AWAITING_COUNTERSIGNATURE), S.APPROVED, "officer"),
    "deny": ((S.AWAITING_COUNTERSIGNATURE,), S.DENIED, "senior"),
    "impose_ad_hoc_requirement": ((S.AWAITING_COUNTERSIGNATURE,), S.AD_HOC_REQUIREMENT_IMPOSED, "senior"),
    "decide_no_licence_required": ((*REVIEWABLE, S.AWAITING_COUNTERSIGNATURE), S.NO_LICENCE_REQUIRED, "officer"),
}


class TransitionError(Exception):
    """The action is not allowed from the application's current status (message for the user)."""


def allowed_actions(status: str) -> list[str]:
    return [a for a, (sources, _to, _who) in TRANSITIONS.items() if status in sources]


def can(application: Application, action: str) -> bool:
    spec = TRANSITIONS.get(action)
    return bool(spec and application.status in spec[0])


def transition(application: Application, action: str, actor, *, detail: dict | None = None, **fields) -> Application:
    """Apply `action`; extra `fields` (e.g. reference, submitted_at) are written in the same UPDATE."""
    from .services import audit

    if action not in TRANSITIONS:
        raise TransitionError(_("Unknown action."))
    sources, target, _who = TRANSITIONS[action]
    old = application.status
    with transaction.atomic():
        now = timezone.now()
        extra = dict(fields)
        if target in (S.APPROVED, S.DENIED, S.AD_HOC_REQUIREMENT_IMPOSED, S.NO_LICENCE_REQUIRED):
            extra.setdefault("decided_at", now)
        updated = Application.objects.filter(pk=application.pk, status__in=sources).update(
            status=target, updated_at=now, **extra
        )
        if not updated:
            current = Application.objects.filter(pk=application.pk).values_list("status", flat=True).first()
            raise TransitionError(
                _("This application is %(status)s; it cannot be moved by '%(action)s'.")
                % {"status": Status(current).label if current else "?", "action": action}
            )
        application.refresh_from_db()
        audit.record(
            actor, f"application.{action}", application, application=application,
            changes={"status": [old, target], **(detail or {})},
        )
    return application
