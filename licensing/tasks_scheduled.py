"""Scheduled background work (celery beat, see CELERY_BEAT_SCHEDULE in dualis/settings/base.py).

Every task is idempotent: a reminder is recorded in `ReminderSent` (unique kind + subject) in the same
transaction that decides to send it, so a retried or doubled beat run never e-mails anyone twice; the
re-screening and activation tasks use keyed jobs.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing.models import (
    Consultation,
    IdempotencyKey,
    InformationRequest,
    Licence,
    LicenceStatus,
    ReminderSent,
    Role,
    User,
)
from licensing.reevaluation.tasks import OPTIONS as _TASK_OPTIONS

log = logging.getLogger(__name__)

OPTIONS = {**_TASK_OPTIONS, "autoretry_for": (*_TASK_OPTIONS["autoretry_for"], OSError)}  # + mail server errors
EXPIRY_WARNING_DAYS = 30
DEADLINE_WARNING_DAYS = 3
DENIAL_REVIEW_WARNING_DAYS = 30


def _remind(kind: str, key: str, emails: list[str], subject: str, body: str) -> bool:
    """Send one reminder exactly once. False if it was sent before or nobody is there to receive it."""
    emails = sorted({e for e in emails if e})
    if not emails:
        return False
    try:
        with transaction.atomic():
            ReminderSent.objects.create(kind=kind, subject_key=key[:100], recipients=len(emails))
            send_mail(subject, body, None, emails)
    except IntegrityError:
        return False
    return True


def _members(organisation_id) -> list[str]:
    return list(User.objects.filter(organisation_id=organisation_id, is_active=True).values_list("email", flat=True))


def _staff(*roles) -> list[str]:
    return list(User.objects.filter(role__in=roles, is_active=True).values_list("email", flat=True))


@shared_task(name="scheduled.licence_expiry_warnings", **OPTIONS)
def licence_expiry_warnings() -> int:
    """Holders and the case officer hear 30 days before a licence in force expires."""
    today = timezone.localdate()
    due = Licence.objects.filter(status=LicenceStatus.ACTIVE, valid_until__gte=today,
                                 valid_until__lte=today + timedelta(days=EXPIRY_WARNING_DAYS)).select_related(
        "application__assigned_to")
    sent = 0
    for licence in due:
        officer = getattr(getattr(licence.application, "assigned_to", None), "email", "")
        subject = _("Licence %(number)s expires on %(date)s") % {"number": licence.number, "date": licence.valid_until}
        body = _("Licence %(number)s is valid until %(date)s. Apply for a new licence in time if exports under it "
                 "continue after that date.") % {"number": licence.number, "date": licence.valid_until}
        sent += _remind("licence_expiry", f"{licence.pk}:{licence.valid_until}",
                        _members(licence.holder_id) + [officer], subject, body)
    return sent


@shared_task(name="scheduled.deadline_reminders", **OPTIONS)
def deadline_reminders() -> int:
    """Statutory deadlines close by: consultations (Art. 5(4), Art. 16(5) …) and information requests."""
    horizon = timezone.localdate() + timedelta(days=DEADLINE_WARNING_DAYS)
    sent = 0
    for c in Consultation.objects.filter(replied_at__isnull=True, due_on__lte=horizon).select_related(
            "application", "created_by"):
        subject = _("Consultation on %(ref)s due on %(date)s") % {"ref": c.application.reference, "date": c.due_on}
        body = _("The consultation of %(party)s (%(kind)s) on application %(ref)s has no reply yet; it is due on "
                 "%(date)s.") % {"party": c.consulted_party, "kind": c.get_kind_display(),
                                 "ref": c.application.reference, "date": c.due_on}
        sent += _remind("consultation_due", f"{c.pk}:{c.due_on}", [c.created_by.email], subject, body)
    for r in InformationRequest.objects.filter(replied_at__isnull=True, due_on__lte=horizon).select_related(
            "application", "asked_by"):
        subject = _("Information for %(ref)s due on %(date)s") % {"ref": r.application.reference, "date": r.due_on}
        body = _("The licensing authority is waiting for your reply to its question on application %(ref)s; "
                 "please answer by %(date)s.") % {"ref": r.application.reference, "date": r.due_on}
        sent += _remind("information_due", f"{r.pk}:{r.due_on}",
                        _members(r.application.organisation_id) + [r.asked_by.email], subject, body)
    return sent


@shared_task(name="scheduled.denial_reviews", **OPTIONS)
def denial_reviews() -> int:
    """Article 16: our refusals are reviewed within three years; senior officers hear a month ahead."""
    from humanrights.models import Denial, DenialOrigin

    horizon = timezone.localdate() + timedelta(days=DENIAL_REVIEW_WARNING_DAYS)
    seniors = _staff(Role.SENIOR_OFFICER)
    sent = 0
    for d in Denial.objects.filter(origin=DenialOrigin.OWN, revoked_on__isnull=True, review_due_on__lte=horizon):
        subject = _("Denial %(ref)s: three-year review due on %(date)s") % {"ref": d.reference, "date": d.review_due_on}
        body = _("Under Article 16 of Regulation (EU) 2021/821 the refusal %(ref)s (%(dest)s, %(end_user)s) must be "
                 "reviewed by %(date)s: confirm it or revoke it.") % {
            "ref": d.reference, "dest": d.destination, "end_user": d.end_user, "date": d.review_due_on}
        sent += _remind("denial_review", f"{d.pk}:{d.review_due_on}", seniors, subject, body)
    return sent


@shared_task(name="scheduled.periodic_rescreening", **OPTIONS)
def periodic_rescreening() -> int:
    """Once a week every open case is evaluated again against the registers in force (one job per week)."""
    from licensing.reevaluation import services

    year, week, _day = timezone.localdate().isocalendar()
    job = services.start_job(trigger="periodic", key=f"periodic:{year}-W{week:02d}",
                             reason=_("Weekly re-screening"))
    return job.pk


@shared_task(name="scheduled.cleanup_idempotency_keys", **OPTIONS)
def cleanup_idempotency_keys() -> int:
    """Remembered customs requests older than IDEMPOTENCY_KEY_TTL_HOURS (default 48) are forgotten."""
    hours = int(getattr(settings, "IDEMPOTENCY_KEY_TTL_HOURS", 48))
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - timedelta(hours=hours)).delete()
    return deleted


@shared_task(name="scheduled.store_api_client_last_use", **OPTIONS)
def store_api_client_last_use() -> int:
    """API clients' last use, kept in the cache by each request, is stored on the clients every few minutes."""
    from licensing.services.api_clients import store_last_use

    return store_last_use()


@shared_task(name="scheduled.activate_due_versions", **OPTIONS)
def activate_due_versions() -> list[int]:
    """Scheduled control-list versions whose valid-from date has come are put in force and re-evaluated."""
    from licensing.reevaluation import activation

    return activation.activate_due()


@shared_task(name="scheduled.resume_stalled_reevaluations", **OPTIONS)
def resume_stalled_reevaluations() -> list[int]:
    from licensing.reevaluation import services

    return services.resume_stalled()


@shared_task(name="scheduled.expire_licences", **OPTIONS)
def expire_licences() -> int:
    """Licences past their validity become expired (recorded in the audit trail)."""
    from licensing.services.licences import expire_due

    return expire_due()
