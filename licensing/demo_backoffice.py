"""Demo cases for the back office (idempotent, development only): one case in every status, including a
non-listed cyber-surveillance case like the Noldus FaceReader one (shared/cases/noldus-facereader-mps.json).

References are DU-DEMO-0001…; a case that exists already is left as it is.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import workflow
from .models import Application, ApplicationItem, Party, User
from .services import casework, decisions
from .services.evaluation import evaluate_application

LISTED_CAMERA = {"description": "Uncooled thermal imaging camera, 640x512", "control_entry": "6A003.b.4.b",
                 "quantity": Decimal("20"), "value_eur": Decimal("60000")}
EMOTION_SOFTWARE = {"description": "Emotion-recognition software analysing facial expressions in video",
                    "control_entry": "", "cyber_surveillance": True, "quantity": Decimal("1"),
                    "value_eur": Decimal("45000")}
IP_SURVEILLANCE = {"description": "IP network surveillance system (lawful interception probe)",
                   "control_entry": "5A001.j", "cyber_surveillance": True, "quantity": Decimal("1"),
                   "value_eur": Decimal("900000")}
PUMP = {"description": "Corrosion-resistant centrifugal pump", "control_entry": "", "quantity": Decimal("4"),
        "value_eur": Decimal("12000")}

# reference, org key, title, destination, end user (name, type), end use, items, what happens next
CASES = [
    ("DU-DEMO-0001", "acme", "Thermal cameras for a university", "BR", ("Universidade de Sao Paulo", "research"),
     "Materials research", [LISTED_CAMERA], "submitted"),
    ("DU-DEMO-0002", "globex", "Emotion recognition for the Ministry of Public Security", "CN",
     ("Ministry of Public Security", "police_security"),
     "Analysis of facial expressions of suspects during interrogation", [EMOTION_SOFTWARE], "under_review"),
    ("DU-DEMO-0003", "acme", "Thermal cameras for a port authority", "IN", ("Port of Mumbai Authority", "government"),
     "Harbour perimeter surveillance", [LISTED_CAMERA], "information_requested"),
    ("DU-DEMO-0004", "globex", "Network monitoring for Syria", "SY",
     ("Syrian Telecommunications Establishment", "government"), "Monitoring of national internet traffic",
     [IP_SURVEILLANCE], "awaiting_countersignature"),
    ("DU-DEMO-0005", "acme", "Thermal cameras for research", "BR", ("Instituto Nacional de Pesquisas Espaciais",
     "research"), "Earth observation research", [LISTED_CAMERA], "approved"),
    ("DU-DEMO-0006", "globex", "Interception probe for Syria", "SY", ("Syrian Ministry of Interior", "government"),
     "Lawful interception", [IP_SURVEILLANCE], "denied"),
    ("DU-DEMO-0007", "globex", "Emotion recognition for city police", "CN", ("Xinjiang Public Security Bureau",
     "police_security"), "Monitoring of public spaces", [EMOTION_SOFTWARE], "ad_hoc_requirement_imposed"),
    ("DU-DEMO-0008", "acme", "Pumps for a brewery", "JP", ("Kirin Brewery Company", "commercial"),
     "Beer production", [PUMP], "no_licence_required"),
]


def _create(ref, org, exporter, title, destination, end_user, end_use, items) -> Application:
    app = Application.objects.create(organisation=org, created_by=exporter, title=title, destination=destination,
                                     end_use=end_use, declarations_confirmed=True)
    for i, spec in enumerate(items):
        ApplicationItem.objects.create(application=app, position=i, **spec)
    Party.objects.create(application=app, role="end_user", name=end_user[0], type=end_user[1], country=destination)
    workflow.transition(app, "submit", exporter, reference=ref, submitted_at=timezone.now())
    evaluate_application(app, trigger="submission")
    app.refresh_from_db()
    return app


def _grounds(app) -> list[str]:
    findings = app.latest_evaluation.response.get("findings", []) if app.latest_evaluation_id else []
    return [f"{f.get('legal_basis')} — {f.get('rule')}" for f in findings if f.get("legal_basis")][:2] or [
        "Regulation (EU) 2021/821, Article 15"]


def _advance(app, target, officer, senior):
    if target == "submitted":
        return
    casework.start_review_if_new(app, officer)
    casework.assign(app, officer, officer)
    if target == "under_review":
        casework.add_note(app, "Comparable to the FaceReader case (2023); ask Foreign Affairs for advice.", officer)
        casework.open_consultation(app, kind="foreign_affairs", consulted_party="Ministry of Foreign Affairs (DVB)",
                                   question="Human-rights advice on this end user, please.", actor=officer)
    elif target == "information_requested":
        casework.request_information(app, "Please upload the signed end-user statement.", officer)
    elif target == "awaiting_countersignature":
        decisions.decide(app, officer, outcome="deny", grounds=_grounds(app),
                         justification="Export prohibited by restrictive measures; clear risk of internal repression.")
    elif target == "approved":
        decisions.decide(app, officer, outcome="approve" if app.recommendation == "approve" else "no_licence_required",
                         justification="Civil research end use; no concerns found.", grounds=["Demo"])
    elif target == "denied":
        decision = decisions.decide(app, officer, outcome="deny", grounds=_grounds(app),
                                    justification="Export prohibited by restrictive measures.")
        decisions.countersign(decision, senior, comment="Agreed.")
    elif target == "ad_hoc_requirement_imposed":
        decision = decisions.decide(app, officer, outcome="ad_hoc_requirement", grounds=_grounds(app),
                                    justification="May be intended for use in connection with internal repression.")
        decisions.countersign(decision, senior, comment="Agreed; notify the member states.")
    elif target == "no_licence_required":
        decisions.decide(app, officer, outcome="no_licence_required",
                         justification="Not listed and no catch-all applies.", grounds=["Demo"])


@transaction.atomic
def load_backoffice_demo(orgs: dict) -> list[str]:
    officer = User.objects.get(email="officer@dualis.example")
    senior = User.objects.get(email="senior@dualis.example")
    made = 0
    for ref, key, title, destination, end_user, end_use, items, target in CASES:
        if Application.objects.filter(reference=ref).exists():
            continue
        org = orgs[key]
        exporter = User.objects.filter(organisation=org, role="exporter").order_by("id").first()
        app = _create(ref, org, exporter, title, destination, end_user, end_use, items)
        if app.latest_evaluation_id is None:  # reference data not loaded: leave it submitted
            continue
        _advance(app, target, officer, senior)
        made += 1
    return [f"Back office: {made} demo cases added (DU-DEMO-0001…{len(CASES):04d}), one per status."] if made else []
