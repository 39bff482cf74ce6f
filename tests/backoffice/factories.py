"""Submitted, evaluated cases for the back-office tests, as the portal would leave them."""

import itertools

from django.utils import timezone

from licensing import workflow
from licensing.services.evaluation import evaluate_application
from tests.factories import ApplicationFactory, ItemFactory, PartyFactory

__all__ = ["cyber_case", "deny_case", "submitted_case"]

_refs = itertools.count(1)

ITEM = {"description": "Infrared camera", "control_entry": "6A003.b.4", "quantity": 10, "value_eur": 25000}
END_USER = {"name": "Example Research Institute", "type": "research"}


def submitted_case(exporter, *, destination="US", items=None, end_user=None, evaluate=True, **fields):
    """An application submitted by `exporter` (with reference DU-TEST-nnnn) and evaluated on submission."""
    fields.setdefault("end_use", "Research on optical networks")
    app = ApplicationFactory(created_by=exporter, destination=destination, **fields)
    for i, spec in enumerate(items or [{}]):
        ItemFactory(application=app, position=i, **{**ITEM, **spec})
    PartyFactory(application=app, country=destination, **{**END_USER, **(end_user or {})})
    workflow.transition(app, "submit", exporter, reference=f"DU-TEST-{next(_refs):04d}",
                        submitted_at=timezone.now())
    if evaluate:
        evaluate_application(app, trigger="submission")
    app.refresh_from_db()
    return app


def cyber_case(exporter, **kw):
    """Noldus-like: non-listed emotion-recognition software to the Chinese Ministry of Public Security."""
    return submitted_case(
        exporter, destination="CN", end_use="Analysis of facial expressions of suspects during interrogation",
        items=[{"description": "Emotion-recognition software", "control_entry": "", "cyber_surveillance": True,
                "quantity": 1, "value_eur": 45000}],
        end_user={"name": "Ministry of Public Security", "type": "police_security"}, **kw,
    )


def deny_case(exporter, **kw):
    """A listed IP-network surveillance system to Syria: the rules recommend refusal."""
    kw.setdefault("end_user", {"name": "Syrian Telecommunications Establishment", "type": "government"})
    return submitted_case(
        exporter, destination="SY", end_use="Monitoring of national internet traffic",
        items=[{"description": "IP network surveillance system", "control_entry": "5A001.j", "cyber_surveillance": True,
                "quantity": 1, "value_eur": 900000}], **kw,
    )
