"""Inviting people into an exporter organisation, and accepting an invitation."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dualis.site import absolute_url
from licensing.models import Invitation, Role, User

from . import audit

VALID_DAYS = 14


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(organisation, actor, email: str, organisation_role: str) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link (after commit); returns it with the one-time token."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": [_("Someone with this e-mail address already has an account.")]})
    if Invitation.objects.filter(organisation=organisation, email=email, accepted_at__isnull=True).exists():
        raise ValidationError({"email": [_("This person has already been invited.")]})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=organisation, email=email, organisation_role=organisation_role, token_hash=_hash(token),
            invited_by=actor, expires_at=timezone.now() + timedelta(days=VALID_DAYS),
        )
        audit.record(actor, "invitation.create", invitation, changes={"email": email, "role": organisation_role})
        path = absolute_url(reverse("portal:invitation_accept", args=[token]))
        subject = _("You are invited to %(org)s in Dualis") % {"org": organisation.name}
        body = _("%(who)s invited you to apply for export licences for %(org)s. Accept within %(days)s days: "
                 "%(path)s") % {"who": actor, "org": organisation.name, "days": VALID_DAYS, "path": path}
        transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation, token


def open_invitation(token: str) -> Invitation | None:
    return Invitation.objects.select_related("organisation").filter(
        token_hash=_hash(token), accepted_at__isnull=True, expires_at__gt=timezone.now()).first()


def accept(invitation: Invitation, full_name: str, password: str) -> User:
    with transaction.atomic():
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name, role=Role.EXPORTER,
            organisation=invitation.organisation, organisation_role=invitation.organisation_role,
        )
        updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            accepted_at=timezone.now())
        if not updated:
            raise ValidationError(_("This invitation has already been used."))
        audit.record(user, "invitation.accept", invitation, changes={"email": invitation.email})
    return user
