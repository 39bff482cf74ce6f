"""Applications with parties for screening tests (status set directly: these are fixtures, not workflow)."""

import itertools

from django.utils import timezone

from licensing.models import Application, Organisation, Party, PartyRole

_seq = itertools.count(1)


def application(*, parties, destination="CN", status="submitted", organisation=None, created_by=None):
    """parties: [(role, name, country)]."""
    from licensing.models import User

    org = organisation or Organisation.objects.first()
    user = created_by or User.objects.filter(organisation=org).first()
    n = next(_seq)
    app = Application.objects.create(organisation=org, created_by=user, destination=destination,
                                     title=f"Screening test {n}", end_use="Test")
    if status != "draft":
        Application.objects.filter(pk=app.pk).update(status=status, reference=f"HR-TEST-{app.pk}",
                                                     submitted_at=timezone.now())
        app.refresh_from_db()
    for role, name, country in parties:
        Party.objects.create(application=app, role=role, name=name, country=country)
    return app


def end_user_app(name, country="CN", **kw):
    return application(parties=[(PartyRole.END_USER, name, country)], destination=kw.pop("destination", country),
                       **kw)
