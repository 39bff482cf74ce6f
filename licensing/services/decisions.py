"""Deciding a case, and the four-eyes countersignature.

A refusal, an ad-hoc licence requirement and any decision that departs from the rules service's
recommendation take effect only when a senior officer other than the author countersigns. This is
checked here (server) and by the Decision model's database constraint `countersigner_is_not_author`.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing import workflow
from licensing.models import (
    Application,
    Consultation,
    ConsultationKind,
    Decision,
    DecisionOutcome,
    LicenceTerms,
    Status,
)
from licensing.services import audit, notifications
from licensing.services.deadlines import ART_5_4_WORKING_DAYS, add_working_days

Outcome = DecisionOutcome
# outcome -> recommendations it agrees with
AGREES_WITH = {
    Outcome.APPROVE: ("approve",),
    Outcome.DENY: ("deny",),
    Outcome.AD_HOC_REQUIREMENT: ("ad_hoc_licence_required",),
    Outcome.NO_LICENCE_REQUIRED: ("no_licence_required", "general_authorisation"),
}
# outcome -> workflow action that makes it effective
ACTION = {
    Outcome.APPROVE: "approve",
    Outcome.DENY: "deny",
    Outcome.AD_HOC_REQUIREMENT: "impose_ad_hoc_requirement",
    Outcome.NO_LICENCE_REQUIRED: "decide_no_licence_required",
}
ALWAYS_COUNTERSIGNED = (Outcome.DENY, Outcome.AD_HOC_REQUIREMENT)


def departs_from(outcome: str, recommendation: str) -> bool:
    return bool(recommendation) and recommendation not in AGREES_WITH[outcome]


def needs_countersignature(outcome: str, recommendation: str) -> bool:
    return outcome in ALWAYS_COUNTERSIGNED or departs_from(outcome, recommendation)


def pending_decision(app: Application) -> Decision | None:
    return app.decisions.filter(effective=False, countersign_rejected=False).select_related("decided_by").first()


def decide(app: Application, actor, *, outcome: str, justification: str, grounds: list[str] | None = None,
           conditions: str = "", valid_until: date | None = None) -> Decision:
    """Record an officer's decision; it takes effect now, or waits for a countersignature."""
    if not (getattr(actor, "is_authenticated", False) and actor.is_officer):
        raise PermissionDenied(_("Only licensing officers may decide cases."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose one of the decisions offered.")})
    grounds = [g.strip() for g in (grounds or []) if g and g.strip()]
    justification = (justification or "").strip()
    errors: dict[str, str] = {}
    if not justification:
        errors["justification"] = _("A written justification is required for every decision.")
    recommendation = app.recommendation or ""
    departs = departs_from(outcome, recommendation)
    if departs and not grounds:
        errors["grounds"] = _("This decision departs from the recommendation (%(rec)s): cite the grounds for it.") % {
            "rec": recommendation}
    if outcome == Outcome.DENY and not grounds:
        errors["grounds"] = _("A refusal must cite its grounds (the legal basis the exporter is told).")
    if outcome == Outcome.AD_HOC_REQUIREMENT and not any(not i.effective_control_entry for i in app.items.all()):
        errors["outcome"] = _("An ad-hoc licence requirement applies only to non-listed items; every item is listed.")
    if outcome == Outcome.APPROVE and valid_until is not None:
        from licensing.services.licences import max_valid_until

        today = timezone.localdate()
        if not today <= valid_until <= max_valid_until(today, app.large_project):
            errors["valid_until"] = _("A licence runs from today for at most two years (four for a large project).")
    if errors:
        raise ValidationError(errors)
    if app.status not in workflow.REVIEWABLE:
        raise ValidationError(_("This case is %(status)s; it cannot be decided now.") % {
            "status": app.get_status_display()})

    countersign = needs_countersignature(outcome, recommendation)
    with transaction.atomic():
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    application=app, outcome=outcome, justification=justification, grounds=grounds,
                    recommendation=recommendation, evaluation=app.latest_evaluation,
                    departs_from_recommendation=departs, requires_countersignature=countersign, decided_by=actor,
                    effective=not countersign,
                )
        except IntegrityError as exc:  # another officer's decision is already waiting for countersignature
            raise ValidationError(_("Another decision on this case is waiting for countersignature.")) from exc
        audit.record(actor, "decision.propose" if countersign else "decision.take", decision, application=app,
                     changes={"outcome": outcome, "justification": justification, "grounds": grounds,
                              "recommendation": recommendation, "departs_from_recommendation": departs,
                              "requires_countersignature": countersign})
        _save_licence_terms(decision, conditions, valid_until)
        if countersign:
            workflow.transition(app, "propose_decision", actor, detail={"decision": decision.pk, "outcome": outcome})
        else:
            _take_effect(decision, actor)
    return decision


def _save_licence_terms(decision: Decision, conditions: str, valid_until: date | None) -> None:
    """Licence terms proposed with an approval; used when the licence is issued."""
    if decision.outcome == Outcome.APPROVE and (conditions or valid_until):
        LicenceTerms.objects.create(decision=decision, conditions=conditions, valid_until=valid_until)


def _take_effect(decision: Decision, actor) -> None:
    app = decision.application
    action = ACTION[decision.outcome]
    fields = {"licence_requirement_notified": True} if decision.outcome == Outcome.AD_HOC_REQUIREMENT else {}
    workflow.transition(app, action, actor, detail={"decision": decision.pk}, **fields)
    notifications.notify(app, "decided")  # e-mail to the exporter, sent on commit
    if decision.outcome == Outcome.APPROVE:
        from licensing.services.licences import issue_for_application

        terms = LicenceTerms.objects.filter(decision=decision).first()
        issue_for_application(app, decision.decided_by, valid_until=terms.valid_until if terms else None,
                              conditions=terms.conditions if terms else "", decision=decision)
    elif decision.outcome == Outcome.DENY:
        from licensing.pdf import issue_document

        create_denial_record(decision, actor)
        issue_document("refusal_letter", application=app, decision=decision, actor=actor)
    elif decision.outcome == Outcome.AD_HOC_REQUIREMENT:
        from licensing.pdf import issue_document

        issue_document("ad_hoc_notice", application=app, decision=decision, actor=actor)
        if any(i.cyber_surveillance and not i.effective_control_entry for i in app.items.all()):
            notify_member_states_art_5_4(decision, actor)  # Art. 5(1) requirement; Art. 4(1) has no such duty


def countersign(decision: Decision, actor, *, comment: str = "") -> Decision:
    """A senior officer other than the author agrees: the decision takes effect."""
    _check_countersigner(decision, actor)
    with transaction.atomic():
        updated = Decision.objects.filter(
            pk=decision.pk, effective=False, countersign_rejected=False, countersigned_by__isnull=True
        ).exclude(decided_by=actor).update(
            countersigned_by=actor, countersigned_at=timezone.now(), countersign_comment=comment.strip(), effective=True
        )
        if not updated:
            raise ValidationError(_("This decision is no longer waiting for a countersignature."))
        decision.refresh_from_db()
        audit.record(actor, "decision.countersign", decision, application=decision.application,
                     changes={"outcome": decision.outcome, "comment": decision.countersign_comment,
                              "decided_by": decision.decided_by.email})
        _take_effect(decision, actor)
    return decision


def reject_countersignature(decision: Decision, actor, *, comment: str) -> Decision:
    """A senior officer disagrees: the case goes back to review, the decision never takes effect."""
    _check_countersigner(decision, actor)
    if not comment.strip():
        raise ValidationError({"comment": _("Say why you do not countersign, so the author can act on it.")})
    with transaction.atomic():
        updated = Decision.objects.filter(
            pk=decision.pk, effective=False, countersign_rejected=False
        ).exclude(decided_by=actor).update(countersign_rejected=True, countersign_comment=comment.strip())
        if not updated:
            raise ValidationError(_("This decision is no longer waiting for a countersignature."))
        decision.refresh_from_db()
        audit.record(actor, "decision.reject_countersignature", decision, application=decision.application,
                     changes={"outcome": decision.outcome, "comment": decision.countersign_comment})
        workflow.transition(decision.application, "reject_countersignature", actor, detail={"decision": decision.pk})
    return decision


def _check_countersigner(decision: Decision, actor) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.is_senior):
        raise PermissionDenied(_("Only a senior officer may countersign."))
    if decision.decided_by_id == actor.pk:
        raise PermissionDenied(_("You cannot countersign your own decision: another senior officer must."))
    if decision.effective or decision.countersign_rejected or decision.application.status != Status.AWAITING_COUNTERSIGNATURE:
        raise ValidationError(_("This decision is no longer waiting for a countersignature."))


def create_denial_record(decision: Decision, actor):
    """The Art. 16 denial notification for the EU denial exchange, reviewed every three years."""
    from humanrights.models import Denial, DenialOrigin
    from licensing.services.licences import _add_years

    app = decision.application
    parties = list(app.parties.all())
    end_user = next((p for p in parties if p.role == "end_user"), None)
    consignee = next((p for p in parties if p.role == "consignee"), None)
    items = list(app.items.all())
    denied_on = timezone.localdate()
    denial = Denial.objects.create(
        reference=f"NL-DEN-{app.reference}", origin=DenialOrigin.OWN, member_state="NL",
        control_entries=[i.effective_control_entry for i in items if i.effective_control_entry],
        item_description="; ".join(i.description for i in items),
        end_user=end_user.name if end_user else "", end_user_country=end_user.country if end_user else "",
        consignee=consignee.name if consignee else "", destination=app.destination, end_use=app.end_use,
        reason="; ".join(decision.grounds) + (f" — {decision.justification}" if decision.justification else ""),
        denied_on=denied_on, review_due_on=_add_years(denied_on, 3), application=app,
    )
    audit.record(actor, "denial.create", denial, application=app,
                 changes={"reference": denial.reference, "destination": denial.destination,
                          "end_user": denial.end_user, "control_entries": denial.control_entries})
    return denial


def notify_member_states_art_5_4(decision: Decision, actor) -> Consultation:
    """Art. 5(4): the other member states and the Commission are told; they answer within 30 working days."""
    app = decision.application
    consultation = Consultation.objects.create(
        application=app, kind=ConsultationKind.ART_5_4,
        consulted_party=_("Other member states and the European Commission"),
        question=_("Notification under Article 5(4) of Regulation (EU) 2021/821 of a licence requirement imposed "
                   "on non-listed cyber-surveillance items (case %(ref)s). Grounds: %(grounds)s") % {
            "ref": app.reference, "grounds": "; ".join(decision.grounds) or decision.justification},
        due_on=add_working_days(timezone.localdate(), ART_5_4_WORKING_DAYS), created_by=actor,
    )
    audit.record(actor, "consultation.create", consultation, application=app,
                 changes={"kind": consultation.kind, "due_on": str(consultation.due_on)})
    return consultation
