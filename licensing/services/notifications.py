"""E-mail notifications to the exporter's organisation about its application (sent by Celery after commit).

Events: submitted, withdrawn, information_requested, decided, objection. The back office calls
`notify(application, "information_requested")` and `notify(application, "decided")`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dualis.site import absolute_url
from licensing.models import Application, Role, User

EVENTS = ("submitted", "withdrawn", "information_requested", "decided", "objection")


def notify(application: Application, event: str) -> None:
    """Queue the e-mail for `event` once the current transaction commits."""
    if event not in EVENTS:
        raise ValueError(f"unknown notification event {event!r}")
    from licensing.tasks import send_application_email

    app_id = application.pk
    transaction.on_commit(lambda: send_application_email.delay(app_id, event))


def _subject(application: Application, event: str) -> str:
    ref = application.reference or _("draft")
    return {
        "submitted": _("Application %(ref)s received"),
        "withdrawn": _("Application %(ref)s withdrawn"),
        "information_requested": _("Information requested for application %(ref)s"),
        "decided": _("Decision on application %(ref)s"),
        "objection": _("Objection against the decision on %(ref)s received"),
    }[event] % {"ref": ref}


def recipients(application: Application) -> list[User]:
    """The person who created the application, or else the organisation's administrators."""
    members = User.objects.filter(organisation=application.organisation, role=Role.EXPORTER, is_active=True)
    if application.created_by_id:
        creator = members.filter(pk=application.created_by_id)
        if creator.exists():
            return list(creator)
    return list(members.filter(organisation_role="admin"))


def send(application_id: int, event: str) -> int:
    """Send the e-mail for `event` to each recipient in their own language; returns the number sent."""
    application = Application.objects.select_related("organisation").filter(pk=application_id).first()
    if application is None:
        return 0
    sent = 0
    path = absolute_url(reverse("portal:application_detail", args=[application.pk]))
    for user in recipients(application):
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            body = render_to_string("portal/email/notification.txt", {
                "application": application, "event": event, "user": user, "path": path,
            })
            sent += send_mail(_subject(application, event), body, None, [user.email])
    return sent
