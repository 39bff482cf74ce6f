"""Control-list versions uploaded by an administrator: import as a draft, schedule, activate and re-evaluate.

`controllists.services.activate()` keeps its API; this module adds the schedule around it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from controllists import services as list_services
from controllists.models import ControlListVersion, VersionStatus
from controllists.parsing import ParseError
from licensing.models import ListActivation, ReevaluationJob, ReevaluationTrigger
from licensing.services import audit

from . import services


class ActivationError(ValueError):
    pass


def _shipped(name: str) -> Path | None:
    import json

    manifest = json.loads((list_services.DATA_DIR / "manifest.json").read_text())
    latest = manifest["versions"][-1]
    return list_services.DATA_DIR / latest[name] if latest.get(name) else None


def import_upload(uploaded, *, actor, amending_act: str = "") -> list_services.ImportResult:
    """Import an uploaded dataset JSON as a draft. Annex II and Annex IV come from the shipped data unless
    the file carries its own. Raises ParseError (with the reason) for a malformed file."""
    with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
        for part in uploaded.chunks():
            tmp.write(part)
        tmp.flush()
        result = list_services.import_control_list(
            Path(tmp.name), general_authorisations=_shipped("general_authorisations"),
            annex_iv_from=_shipped("annex_iv"), status=VersionStatus.DRAFT, amending_act=amending_act)
    if result.created:
        audit.record(actor, "controllist.uploaded", result.version,
                     changes={"version": result.version.version_id, "valid_from": str(result.version.valid_from)})
    return result


def schedule(version: ControlListVersion, *, actor) -> ListActivation:
    """Schedule a draft to come into force on its valid-from date (a beat task activates it then)."""
    if version.status != VersionStatus.DRAFT:
        raise ActivationError(_("Version %(v)s is already in force.") % {"v": version.version_id})
    if ControlListVersion.objects.exclude(status=VersionStatus.DRAFT).filter(valid_from=version.valid_from).exists():
        raise ActivationError(_("Another version already comes into force on %(d)s.") % {"d": version.valid_from})
    with transaction.atomic():
        activation, _created = ListActivation.objects.update_or_create(
            version=version, defaults={"activates_on": version.valid_from, "scheduled_by": actor})
        audit.record(actor, "controllist.activation_scheduled", version,
                     changes={"version": version.version_id, "activates_on": str(version.valid_from)})
    if version.valid_from <= timezone.localdate():
        activate_now(version, actor=actor)
        activation.refresh_from_db()
    return activation


def activate_now(version: ControlListVersion, *, actor=None) -> ReevaluationJob:
    """Put the version in force and start re-evaluating every open case against it (idempotent)."""
    with transaction.atomic():
        version = ControlListVersion.objects.select_for_update().get(pk=version.pk)
        if version.status == VersionStatus.DRAFT:
            list_services.activate(version)
            audit.record(actor, "controllist.activated", version, changes={"version": version.version_id})
        job = services.start_job(trigger=ReevaluationTrigger.LIST_VERSION, version=version, actor=actor,
                                 key=f"list-version:{version.pk}",
                                 reason=_("Control list %(v)s in force") % {"v": version.version_id})
        ListActivation.objects.filter(version=version, activated_at__isnull=True).update(
            activated_at=timezone.now(), job=job)
    return job


def activate_due(today=None) -> list[int]:
    """For the beat schedule: activate every scheduled version whose date has come. Returns job ids."""
    today = today or timezone.localdate()
    jobs = []
    for activation in ListActivation.objects.filter(activated_at__isnull=True, activates_on__lte=today).select_related(
            "version", "scheduled_by"):
        jobs.append(activate_now(activation.version, actor=activation.scheduled_by).pk)
    return jobs


__all__ = ["ActivationError", "ParseError", "activate_due", "activate_now", "import_upload", "schedule"]
