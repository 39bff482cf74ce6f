"""Evaluating an application with the rules service, and storing the result with the case.

`application_request()` turns an application into the evaluation request of CONTRACT.md (the same
shape the REST body uses); `evaluate_application()` runs the rules, stores an Evaluation (input, list
version, findings, hash) and updates the case's cached recommendation.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from licensing.models import Application, Evaluation, PartyRole
from licensing.rules.service import EvaluationInvalid, evaluate_request, response_hash


def application_request(app: Application, *, as_of=None, officer_view: bool = True) -> dict:
    """The evaluation request for an application. Officers' re-classifications replace the exporter's."""
    parties = list(app.parties.all())
    end_user = next((p for p in parties if p.role == PartyRole.END_USER), None)
    org = app.organisation
    items = []
    for item in app.items.all():
        entry = item.effective_control_entry if officer_view else item.control_entry
        items.append({
            "description": item.description,
            "control_entry": entry or None,
            "cyber_surveillance": item.cyber_surveillance,
            "quantity": float(item.quantity),
            "value_eur": float(item.value_eur),
        })
    body = {
        "as_of": (as_of or timezone.localdate()).isoformat(),
        "export_type": app.export_type,
        "exporter": {"member_state": "NL", "has_icp": org.has_icp, "intra_group": app.intra_group},
        "destination": app.destination,
        "end_user": {
            "name": end_user.name if end_user else "",
            "country": end_user.country if end_user else app.destination,
            "type": end_user.type if end_user else "unknown",
        },
        "end_use": app.end_use,
        "items": items,
        "declarations": {
            "wmd": app.declaration_wmd,
            "military_end_use": app.declaration_military_end_use,
            "internal_repression": app.declaration_internal_repression,
        },
        "licence_requirement_notified": app.licence_requirement_notified,
    }
    consignees = [p.name for p in parties if p.role == PartyRole.CONSIGNEE]
    if consignees:
        body["consignees"] = consignees
    intermediate = [p.name for p in parties if p.role == PartyRole.INTERMEDIATE_CONSIGNEE]
    if intermediate:
        body["intermediate_consignees"] = intermediate
    return body


def evaluate_application(app: Application, *, trigger: str, actor=None, as_of=None) -> Evaluation | None:
    """Evaluate and store. Returns None when the application cannot be evaluated yet (incomplete draft)."""
    body = application_request(app, as_of=as_of)
    try:
        response = evaluate_request(body, audience="officer")
    except EvaluationInvalid:
        return None
    with transaction.atomic():
        evaluation = Evaluation.objects.create(
            application=app,
            request=body,
            response=response,
            control_list_version=response["control_list_version"],
            recommendation=response["recommendation"],
            sha256=response_hash(body, response),
            trigger=trigger,
            created_by=actor if (actor is not None and getattr(actor, "is_authenticated", False)) else None,
        )
        Application.objects.filter(pk=app.pk).update(
            latest_evaluation=evaluation,
            recommendation=evaluation.recommendation,
            cyber_surveillance=any(i.get("cyber_surveillance") for i in response.get("items", [])),
        )
    app.latest_evaluation = evaluation
    app.recommendation = evaluation.recommendation
    return evaluation

