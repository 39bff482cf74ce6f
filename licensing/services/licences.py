"""Issuing licences and changing their status.

A licence's status changes only through `LICENCE_TRANSITIONS` (conditional UPDATE … WHERE status = <from>),
and every change is recorded in the audit trail. Validity is at most two years, four for a large project.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing.customs import check_cache
from licensing.models import Application, Licence, LicenceLine, LicenceStatus, Status
from licensing.services import audit, webhooks

L = LicenceStatus
# action -> (allowed from-statuses, to-status)
LICENCE_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "suspend": ((L.ACTIVE,), L.SUSPENDED),
    "reinstate": ((L.SUSPENDED,), L.ACTIVE),
    "revoke": ((L.ACTIVE, L.SUSPENDED), L.REVOKED),
    "expire": ((L.ACTIVE, L.SUSPENDED), L.EXPIRED),
}
NUMBER_PREFIX = "NL-DU"


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def max_valid_until(valid_from: date, large_project: bool) -> date:
    return _add_years(valid_from, 4 if large_project else 2)


def next_number(year: int) -> str:
    prefix = f"{NUMBER_PREFIX}-{year}-"
    last = Licence.objects.filter(number__startswith=prefix).aggregate(m=Max("number"))["m"]
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


def _check_validity(valid_from: date, valid_until: date, large_project: bool) -> None:
    if valid_until < valid_from:
        raise ValidationError({"valid_until": _("The licence cannot end before it starts.")})
    if valid_until > max_valid_until(valid_from, large_project):
        limit = _("four years (large project)") if large_project else _("two years")
        raise ValidationError({"valid_until": _("A licence is valid for at most %(limit)s.") % {"limit": limit}})


def issue_for_application(app: Application, actor, *, valid_until: date | None = None, conditions: str = "",
                          decision=None) -> Licence:
    """Issue the licence for an approved application (items, quantities and values as applied for)."""
    if not (getattr(actor, "is_authenticated", False) and actor.is_officer):
        raise PermissionDenied(_("Only licensing officers may issue licences."))
    if app.status != Status.APPROVED:
        raise ValidationError(_("A licence is issued only for an approved application."))
    valid_from = timezone.localdate()
    valid_until = valid_until or max_valid_until(valid_from, app.large_project)
    _check_validity(valid_from, valid_until, app.large_project)
    parties = list(app.parties.all())
    end_users = [p.name for p in parties if p.role == "end_user"]
    destinations = sorted({app.destination, *(p.country for p in parties if p.role == "end_user")} - {""})
    evaluation = app.latest_evaluation
    for _attempt in range(5):
        try:
            with transaction.atomic():
                licence = Licence.objects.create(
                    number=next_number(valid_from.year), application=app, holder=app.organisation,
                    licence_type=app.licence_type if app.licence_type in ("individual", "global") else "individual",
                    valid_from=valid_from, valid_until=valid_until, destinations=destinations, end_users=end_users,
                    conditions=conditions, issued_by=actor,
                    control_list_version=evaluation.control_list_version if evaluation else "",
                )
                LicenceLine.objects.bulk_create([
                    LicenceLine(licence=licence, line=i, control_entry=item.effective_control_entry,
                                description=item.description, quantity=item.quantity, value_eur=item.value_eur)
                    for i, item in enumerate(app.items.all(), start=1)
                ])
                audit.record(actor, "licence.issue", licence, application=app, changes={
                    "number": licence.number, "valid_from": str(valid_from), "valid_until": str(valid_until),
                    "destinations": destinations, "end_users": end_users, "conditions": conditions,
                    "decision": decision.pk if decision else None,
                })
                break
        except IntegrityError:  # another officer took the number: try the next one
            continue
    else:
        raise ValidationError(_("Could not allocate a licence number; please try again."))
    from licensing.pdf import issue_document

    issue_document("licence", application=app, licence=licence, decision=decision, actor=actor)
    return licence


def change_status(licence: Licence, action: str, actor, *, reason: str) -> Licence:
    if action not in LICENCE_TRANSITIONS:
        raise ValidationError(_("Unknown licence action."))
    if actor is not None and not (getattr(actor, "is_authenticated", False) and actor.is_officer):
        raise PermissionDenied(_("Only licensing officers may change a licence."))
    if action != "expire" and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this change.")})
    sources, target = LICENCE_TRANSITIONS[action]
    old = licence.status
    with transaction.atomic():
        updated = Licence.objects.filter(pk=licence.pk, status__in=sources).update(
            status=target, status_reason=reason.strip()
        )
        if not updated:
            raise ValidationError(_("This licence is %(status)s; it cannot be moved by '%(action)s'.")
                                  % {"status": licence.get_status_display(), "action": action})
        licence.refresh_from_db()
        audit.record(actor, f"licence.{action}", licence, application=licence.application,
                     changes={"status": [old, target], "reason": reason})
        webhooks.licence_changed(licence, action)  # subscribed customs clients, sent on commit
        check_cache.changed(licence.number)  # customs sees it on the next check
    return licence


def amend(licence: Licence, actor, *, conditions: str | None = None, valid_until: date | None = None,
          reason: str) -> Licence:
    """Change conditions or validity; the licence PDF is issued again as a new version."""
    if not (getattr(actor, "is_authenticated", False) and actor.is_officer):
        raise PermissionDenied(_("Only licensing officers may amend a licence."))
    if licence.status != L.ACTIVE:
        raise ValidationError(_("Only an active licence can be amended."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the amendment.")})
    changes: dict = {}
    large = bool(licence.application and licence.application.large_project)
    if valid_until is not None and valid_until != licence.valid_until:
        _check_validity(licence.valid_from, valid_until, large)
        changes["valid_until"] = [str(licence.valid_until), str(valid_until)]
        licence.valid_until = valid_until
    if conditions is not None and conditions != licence.conditions:
        changes["conditions"] = [licence.conditions, conditions]
        licence.conditions = conditions
    if not changes:
        raise ValidationError(_("Nothing was changed."))
    from licensing.models import IssuedDocument
    from licensing.pdf import issue_document

    with transaction.atomic():
        licence.save(update_fields=["valid_until", "conditions"])
        audit.record(actor, "licence.amend", licence, application=licence.application,
                     changes={**changes, "reason": reason})
        webhooks.licence_changed(licence, "amend")
        check_cache.changed(licence.number)
    version = (IssuedDocument.objects.filter(licence=licence, kind="licence").aggregate(m=Max("version"))["m"] or 0) + 1
    if licence.application_id:
        issue_document("licence", application=licence.application, licence=licence, actor=actor, version=version)
    return licence


def expire_due(today: date | None = None) -> int:
    """Let licences past their validity expire (run daily); returns how many expired."""
    today = today or timezone.localdate()
    n = 0
    for licence in Licence.objects.filter(status__in=LICENCE_TRANSITIONS["expire"][0], valid_until__lt=today):
        change_status(licence, "expire", None, reason=_("Validity ended on %(date)s.") % {"date": licence.valid_until})
        n += 1
    return n
