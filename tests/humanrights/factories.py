"""Applications with parties for screening tests (status set directly: these are fixtures, not workflow)."""

import itertools

from licensing.models import EndUserType, Organisation, PartyRole, Status, User
from tests.factories import ApplicationFactory, PartyFactory, SubmittedApplicationFactory

_seq = itertools.count(1)


def application(*, parties, destination="CN", status="submitted", organisation=None, created_by=None):
    """parties: [(role, name, country)], commercial parties."""
    org = organisation or Organisation.objects.first()
    user = created_by or User.objects.filter(organisation=org).first()
    n = next(_seq)
    fields = {"organisation": org, "created_by": user, "destination": destination, "end_use": "Test"}
    if status == Status.DRAFT:
        app = ApplicationFactory(**fields)
    else:
        app = SubmittedApplicationFactory(status=status, reference=f"HR-TEST-{n}", **fields)
    for role, name, country in parties:
        PartyFactory(application=app, role=role, name=name, country=country, type=EndUserType.COMMERCIAL)
    return app


def end_user_app(name, country="CN", **kw):
    return application(parties=[(PartyRole.END_USER, name, country)], destination=kw.pop("destination", country),
                       **kw)
