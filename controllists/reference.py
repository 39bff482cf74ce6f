"""Signal that reference data changed, so every process reloads its rules snapshot."""

from django.db import transaction
from django.db.models import F

from .models import ReferenceDataState


def bump(reason: str = "") -> None:
    """Call inside the transaction that changed reference data."""
    updated = ReferenceDataState.objects.filter(pk=1).update(counter=F("counter") + 1, reason=reason[:200])
    if not updated:
        ReferenceDataState.objects.get_or_create(pk=1, defaults={"counter": 1, "reason": reason[:200]})
    transaction.on_commit(_local_invalidate)


def current() -> int:
    return ReferenceDataState.objects.filter(pk=1).values_list("counter", flat=True).first() or 0


def _local_invalidate():
    from licensing.rules import loader

    loader.invalidate()
