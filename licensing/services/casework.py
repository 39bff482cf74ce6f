"""Case work before a decision: assigning, notes, re-classification, information requests, consultations.

Every write checks the actor's role (server side) and is recorded in the audit trail. The exporter's
answer to an information request is the portal's `answer_information` transition.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing import workflow
from licensing.models import Application, CaseNote, Consultation, ConsultationKind, InformationRequest, Status, User
from licensing.services import audit, notifications
from licensing.services.deadlines import (  # noqa: F401 (re-exported for callers)
    INFORMATION_REQUEST_WORKING_DAYS,
    add_working_days,
    consultation_due,
    service_level_due,
    working_days_between,
)
from licensing.services.evaluation import evaluate_application

OPEN = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.INFORMATION_REQUESTED, Status.AWAITING_COUNTERSIGNATURE)


def require_officer(actor) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.is_officer):
        raise PermissionDenied(_("Only licensing officers may do this."))


def _require_open(app: Application) -> None:
    if app.status not in OPEN:
        raise ValidationError(_("This case is closed (%(status)s).") % {"status": app.get_status_display()})


def start_review_if_new(app: Application, actor) -> Application:
    if app.status == Status.SUBMITTED:
        workflow.transition(app, "start_review", actor)
    return app


@transaction.atomic
def assign(app: Application, assignee: User | None, actor) -> Application:
    require_officer(actor)
    if assignee is not None and not assignee.is_officer:
        raise ValidationError({"assignee": _("Cases can only be assigned to licensing officers.")})
    old = app.assigned_to.email if app.assigned_to_id else None
    Application.objects.filter(pk=app.pk).update(
        assigned_to=assignee, team=(assignee.team if assignee else app.team) or app.team
    )
    app.refresh_from_db()
    audit.record(actor, "application.assign", app, application=app,
                 changes={"assigned_to": [old, assignee.email if assignee else None]})
    if assignee is not None:
        start_review_if_new(app, actor)  # an assigned case leaves the "new" queue
    return app


@transaction.atomic
def add_note(app: Application, text: str, actor) -> CaseNote:
    require_officer(actor)
    if not text.strip():
        raise ValidationError({"text": _("A note cannot be empty.")})
    note = CaseNote.objects.create(application=app, author=actor, text=text.strip())
    audit.record(actor, "case_note.create", note, application=app, changes={"text": note.text})
    return note


@transaction.atomic
def reclassify_item(item, control_entry: str, actor, *, reason: str = ""):
    """The officer's own classification ("" = not listed); re-runs the evaluation."""
    from controllists.codes import CodeError, normalise

    require_officer(actor)
    app = item.application
    _require_open(app)
    try:
        entry = normalise(control_entry) if control_entry.strip() else ""
    except CodeError as exc:
        raise ValidationError({"control_entry": str(exc)}) from exc
    old = item.effective_control_entry
    item.officer_control_entry = entry
    item.officer_classified = True
    item.save(update_fields=["officer_control_entry", "officer_classified"])
    evaluation = evaluate_application(app, trigger="reclassification", actor=actor)
    if evaluation is None:  # rolls the re-classification back
        raise ValidationError({"control_entry": _("'%(entry)s' is not an Annex I entry of the list in force.")
                               % {"entry": entry}})
    audit.record(actor, "item.reclassify", item, application=app, changes={
        "control_entry": [old, entry], "reason": reason,
        "recommendation": evaluation.recommendation if evaluation else None,
    })
    return evaluation


@transaction.atomic
def request_information(app: Application, question: str, actor, due_on: date | None = None) -> InformationRequest:
    require_officer(actor)
    if not question.strip():
        raise ValidationError({"question": _("Write the question the exporter must answer.")})
    if app.status not in workflow.REVIEWABLE:
        raise ValidationError(_("Information can only be requested while the case is under review."))
    today = timezone.localdate()
    due_on = due_on or add_working_days(today, INFORMATION_REQUEST_WORKING_DAYS)
    if due_on <= today:
        raise ValidationError({"due_on": _("The answer due date must be in the future.")})
    req = InformationRequest.objects.create(application=app, question=question.strip(), asked_by=actor, due_on=due_on)
    workflow.transition(app, "request_information", actor, detail={"information_request": req.pk})
    audit.record(actor, "information_request.create", req, application=app,
                 changes={"question": req.question, "due_on": str(due_on)})
    notifications.notify(app, "information_requested")  # e-mail to the exporter, sent on commit
    return req


@transaction.atomic
def open_consultation(app: Application, *, kind: str, consulted_party: str, question: str, actor,
                      due_on: date | None = None) -> Consultation:
    require_officer(actor)
    _require_open(app)
    if kind not in ConsultationKind.values:
        raise ValidationError({"kind": _("Unknown kind of consultation.")})
    if not consulted_party.strip() or not question.strip():
        raise ValidationError(_("Name who is consulted and what is asked."))
    due_on = due_on or consultation_due(kind, timezone.localdate())
    consultation = Consultation.objects.create(
        application=app, kind=kind, consulted_party=consulted_party.strip(), question=question.strip(),
        due_on=due_on, created_by=actor,
    )
    audit.record(actor, "consultation.create", consultation, application=app,
                 changes={"kind": kind, "consulted_party": consultation.consulted_party, "due_on": str(due_on)})
    return consultation


@transaction.atomic
def record_consultation_reply(consultation: Consultation, reply: str, actor) -> Consultation:
    require_officer(actor)
    if consultation.replied_at:
        raise ValidationError(_("This consultation's reply was already recorded."))
    if not reply.strip():
        raise ValidationError({"reply": _("Write down the reply received.")})
    updated = Consultation.objects.filter(pk=consultation.pk, replied_at__isnull=True).update(
        reply=reply.strip(), replied_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This consultation's reply was already recorded."))
    consultation.refresh_from_db()
    audit.record(actor, "consultation.reply", consultation, application=consultation.application,
                 changes={"reply": consultation.reply})
    return consultation
