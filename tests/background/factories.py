"""Submitted applications and licences as the re-evaluation job sees them."""

import itertools

from django.utils import timezone

from licensing.models import JobChunk, Status
from tests.factories import ItemFactory, LicenceFactory, LicenceLineFactory, PartyFactory, SubmittedApplicationFactory

_refs = itertools.count()
_labs = itertools.count()


def make_case(org, user, *, destination="JP", items=(("2B001.a", False),), end_user_type="research",
              recommendation="", status=Status.SUBMITTED, **fields):
    fields.setdefault("end_use", "Research")
    fields.setdefault("reference", f"BG-TEST-{next(_refs):06d}")
    app = SubmittedApplicationFactory(organisation=org, created_by=user, destination=destination, status=status,
                                      recommendation=recommendation, **fields)
    for n, (code, cyber) in enumerate(items):
        ItemFactory(application=app, position=n, control_entry=code or "", cyber_surveillance=cyber,
                    description=f"Item {n} {code or 'not listed'}", quantity=1, value_eur=1000)
    PartyFactory(application=app, name=f"Harmless Research Lab {next(_labs)}", country=destination,
                 type=end_user_type)
    return app


def make_licence(org, *, destination="JP", code="2B001.a", number="LIC-BG-1"):
    today = timezone.localdate()
    licence = LicenceFactory(number=number, holder=org, valid_from=today, valid_until=today.replace(year=today.year + 1),
                             destinations=[destination], end_users=["Harmless Research Lab"])
    LicenceLineFactory(licence=licence, line=1, control_entry=code, description="Machine tool", quantity=10,
                       value_eur=10000)
    return licence


def evaluated_ids(job, kind: str = "application") -> list[int]:
    """Every case id the job's chunks recorded as evaluated (duplicates kept, so a test can see them)."""
    out = []
    for ids in JobChunk.objects.filter(job=job, kind=kind, done=True).order_by("number").values_list("case_ids",
                                                                                                     flat=True):
        out += ids
    return out
