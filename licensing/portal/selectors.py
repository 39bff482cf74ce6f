"""Reads for the exporter side (portal pages and the applications API), always scoped to the
principal's organisation: another organisation's object simply does not exist (404)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from licensing.access import scope_to_organisation
from licensing.models import (
    ApiClient,
    Application,
    AuditEvent,
    Document,
    DocumentKind,
    GeaRegistration,
    InformationRequest,
    Licence,
    LicenceType,
    Product,
)
from licensing.models.applications import DECIDED_STATUSES
from licensing.rules.service import EvaluationInvalid, evaluate_request


def organisation_id(principal) -> int | None:
    """The organisation an exporter user or an organisation's API client acts for."""
    if isinstance(principal, ApiClient):
        return principal.organisation_id if principal.has_scope("applications") else None
    if getattr(principal, "is_exporter", False):
        return principal.organisation_id
    return None


def scoped(queryset: QuerySet, principal, field: str = "organisation") -> QuerySet:
    """Exporter-side scoping: exporters through access.scope_to_organisation, API clients by their
    organisation, anybody else (officers included: this is the exporter side) nothing."""
    if isinstance(principal, ApiClient):
        org = organisation_id(principal)
        return queryset.filter(**{field: org}) if org else queryset.none()
    if getattr(principal, "is_exporter", False):
        return scope_to_organisation(queryset, principal, field)
    return queryset.none()


def applications(principal) -> QuerySet[Application]:
    return scoped(Application.objects.all(), principal).select_related("organisation")


def application(principal, pk) -> Application:
    qs = applications(principal).prefetch_related(
        "items", "parties", Prefetch("documents", queryset=Document.objects.order_by("uploaded_at")),
        "information_requests",
    )
    return get_object_or_404(qs, pk=pk)


def document(principal, app_pk, pk) -> Document:
    return get_object_or_404(scoped(Document.objects.all(), principal, "application__organisation"),
                             application_id=app_pk, pk=pk)


def information_request(principal, app_pk, pk) -> InformationRequest:
    return get_object_or_404(
        scoped(InformationRequest.objects.all(), principal, "application__organisation"),
        application_id=app_pk, pk=pk,
    )


def control_entries(codes_: list[str]) -> dict:
    """Annex I entries (in the version in force) by code, to show their text next to a classification."""
    from controllists import selectors as cl_selectors
    from controllists.models import ControlEntry

    version = cl_selectors.version_in_force()
    wanted = [c for c in codes_ if c]
    if version is None or not wanted:
        return {}
    return {e.code: e for e in ControlEntry.objects.filter(version=version, code__in=wanted)}


def products(principal) -> QuerySet[Product]:
    return scoped(Product.objects.filter(archived=False), principal)


def licences(principal) -> QuerySet[Licence]:
    return scoped(Licence.objects.all(), principal, "holder").prefetch_related("lines")


def issued_documents(principal) -> QuerySet:
    """Documents the authority issued (licences, refusal letters, notices) to the organisation."""
    from licensing.models import IssuedDocument

    return scoped(IssuedDocument.objects.all(), principal, "application__organisation").select_related(
        "licence", "application")


OBJECTION_PERIOD_DAYS = 42  # six weeks (Algemene wet bestuursrecht, art. 6:7)


def objection_deadline(app: Application):
    return app.decided_at + timedelta(days=OBJECTION_PERIOD_DAYS) if app.decided_at else None


def objection_allowed(app: Application) -> bool:
    deadline = objection_deadline(app)
    return (app.status in DECIDED_STATUSES and deadline is not None and timezone.now() <= deadline
            and not app.objections.exists())


def gea_registrations(principal) -> QuerySet[GeaRegistration]:
    return scoped(GeaRegistration.objects.all(), principal)


# ---------------------------------------------------------------- what the exporter may see of an evaluation

def _exporter_findings(findings: list[dict]) -> list[dict]:
    out = []
    for f in findings:
        if f.get("officer_only"):
            continue
        sources = [s for s in f.get("sources", []) if not str(s).startswith("end-user-concern:")]
        out.append({**f, "sources": sources})
    return out


def exporter_evaluation(response: dict | None) -> dict | None:
    """The exporter-visible part of a stored evaluation: items (listed or not), general-authorisation
    availability and non-confidential findings. The recommendation itself is withheld."""
    if not response:
        return None
    return {
        "general_authorisation": response.get("general_authorisation"),
        "control_list_version": response.get("control_list_version"),
        "items": [
            {k: i.get(k) for k in ("index", "control_entry", "entry_title", "listed", "cyber_surveillance",
                                   "licence_required")}
            for i in response.get("items", [])
        ],
        "findings": _exporter_findings(response.get("findings", [])),
    }


def missing_documents(app: Application) -> list[str]:
    kinds = {d.kind for d in app.documents.all()}
    missing = []
    if app.licence_type == LicenceType.INDIVIDUAL and DocumentKind.END_USER_STATEMENT not in kinds:
        missing.append(str(DocumentKind.END_USER_STATEMENT.label))
    if app.licence_type == LicenceType.CLASSIFICATION and DocumentKind.TECHNICAL_SPECIFICATION not in kinds:
        missing.append(str(DocumentKind.TECHNICAL_SPECIFICATION.label))
    return missing


def self_assessment(app: Application) -> dict:
    """The live, unstored check shown on the review page: {"evaluation": dict|None, "errors": dict|None,
    "missing_documents": [...]}. Exporter audience: officer-only findings never appear."""
    from licensing.services.evaluation import application_request

    result = {"evaluation": None, "errors": None, "missing_documents": missing_documents(app)}
    try:
        response = evaluate_request(application_request(app, officer_view=False), audience="exporter")
    except EvaluationInvalid as exc:
        result["errors"] = exc.errors
    else:
        result["evaluation"] = exporter_evaluation(response)
    return result


# ---------------------------------------------------------------- timeline

TIMELINE_TITLES = {
    "application.create": gettext_lazy("Draft created"),
    "application.submit": gettext_lazy("Application submitted"),
    "application.withdraw": gettext_lazy("Application withdrawn"),
    "application.start_review": gettext_lazy("Review started by the licensing authority"),
    "application.request_information": gettext_lazy("Information requested"),
    "application.answer_information": gettext_lazy("Information provided"),
    "application.propose_decision": gettext_lazy("Decision being prepared"),
    "application.approve": gettext_lazy("Application approved"),
    "application.deny": gettext_lazy("Application denied"),
    "application.impose_ad_hoc_requirement": gettext_lazy("Ad-hoc licence requirement imposed"),
    "application.decide_no_licence_required": gettext_lazy("No licence required"),
    "document.upload": gettext_lazy("Document uploaded"),
    "objection.lodge": gettext_lazy("Objection lodged"),
    "licence.issue": gettext_lazy("Licence issued"),
}


def timeline(app: Application) -> list[dict]:
    """The case as the exporter may see it: status changes, documents, questions; officers are shown
    as "Licensing authority", never by name; internal steps (notes, consultations) are left out."""
    events = AuditEvent.objects.filter(
        Q(application=app) | Q(changes__application=app.pk), action__in=TIMELINE_TITLES
    ).select_related("actor").order_by("at", "id")
    out = []
    for e in events:
        staff = e.actor is not None and e.actor.is_officer
        detail = ""
        if e.action == "document.upload":
            detail = e.changes.get("name", "")
        elif e.action == "application.withdraw":
            detail = e.changes.get("reason", "")
        out.append({
            "at": e.at,
            "title": str(TIMELINE_TITLES[e.action]),
            "actor": _("Licensing authority") if staff else (e.actor_label if e.actor_id is None else str(e.actor)),
            "detail": detail,
        })
    return out
