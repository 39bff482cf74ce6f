"""Exporters' requests outside the application form: objections against decisions, amendments of a
granted licence, and registrations of the use of a Union general export authorisation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from licensing.models import Application, GeaRegistration, Licence, LicenceStatus, LicenceType, Objection

from . import audit, notifications
from .applications import ITEM_FIELDS, PARTY_FIELDS, create_draft, next_reference, replace_items, replace_parties


def lodge_objection(app: Application, actor, grounds: str) -> Objection:
    from licensing.portal.selectors import objection_allowed

    if not objection_allowed(app):
        raise ValidationError(_("An objection can only be lodged against a decision, within six weeks."))
    with transaction.atomic():
        objection = Objection.objects.create(application=app, grounds=grounds.strip(), lodged_by=actor)
        audit.record(actor, "objection.lodge", objection, application=app, changes={"objection": objection.pk})
        notifications.notify(app, "objection")
    return objection


def request_amendment(licence: Licence, actor) -> Application:
    """A new draft that amends `licence`, pre-filled from the application it was granted on."""
    if licence.status != LicenceStatus.ACTIVE:
        raise ValidationError(_("Only an active licence can be amended."))
    source = licence.application
    fields = {"licence_type": licence.licence_type if licence.licence_type in LicenceType.values else "individual",
              "title": _("Amendment of licence %(number)s") % {"number": licence.number}}
    with transaction.atomic():
        draft = create_draft(actor, licence.holder, amends_licence=licence, **fields)
        if source is not None:
            draft.destination, draft.end_use = source.destination, source.end_use
            draft.export_type, draft.intra_group = source.export_type, source.intra_group
            draft.save(update_fields=["destination", "end_use", "export_type", "intra_group"])
            replace_items(draft, actor, [{k: getattr(i, k) for k in ITEM_FIELDS} for i in source.items.all()])
            replace_parties(draft, actor, [{k: getattr(p, k) for k in PARTY_FIELDS} for p in source.parties.all()])
    return draft


def register_gea(organisation, actor, *, authorisation: str, items_description: str, destinations: list[str],
                 first_export_on=None) -> GeaRegistration:
    with transaction.atomic():
        registration = GeaRegistration.objects.create(
            organisation=organisation, authorisation=authorisation, items_description=items_description,
            destinations=destinations, first_export_on=first_export_on, registered_by=actor,
            reference=next_reference("GEA"),
        )
        audit.record(actor, "gea.register", registration,
                     changes={"authorisation": authorisation, "destinations": destinations})
    return registration
