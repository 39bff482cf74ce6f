"""The organisation page: registration details, ICP, members and invitations (administrators change)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from licensing.access import exporter_required
from licensing.models import Invitation, Organisation, User
from licensing.portal import forms_org as fo
from licensing.services import audit, invitations
from licensing.services.documents import check_upload


def _admin_only(request):
    if not request.user.is_organisation_admin:
        raise PermissionDenied


@exporter_required
def organisation(request):
    org = request.user.organisation
    form = fo.OrganisationForm(request.POST or None, instance=Organisation.objects.get(pk=org.pk))
    if request.method == "POST":
        _admin_only(request)
        if form.is_valid():
            with transaction.atomic():
                form.save()
                audit.record(request.user, "organisation.update", org, changes={"fields": form.changed_data})
            messages.success(request, _("The organisation's details have been saved."))
            return redirect("portal:organisation")
    return render(request, "portal/organisation.html", {
        "organisation": org, "form": form, "icp_form": fo.IcpForm(), "invite_form": fo.InvitationForm(),
        "members": User.objects.filter(organisation=org).order_by("full_name"),
        "invitations": Invitation.objects.filter(organisation=org, accepted_at__isnull=True),
    })


@exporter_required
@require_POST
def icp_upload(request):
    _admin_only(request)
    org = Organisation.objects.get(pk=request.user.organisation_id)
    form = fo.IcpForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["icp_document"]
        try:
            _content_type, sha256 = check_upload(upload)
        except ValidationError as exc:
            form.add_error("icp_document", exc)
        else:
            with transaction.atomic():
                org.icp_description = form.cleaned_data["icp_description"]
                org.icp_document.save(upload.name, upload, save=False)
                org.icp_document_sha256 = sha256
                org.has_icp = True
                org.save()
                audit.record(request.user, "organisation.icp", org, changes={"sha256": org.icp_document_sha256})
            messages.success(request, _("Your internal compliance programme has been recorded."))
            return redirect("portal:organisation")
    return render(request, "portal/organisation.html", {
        "organisation": org, "form": fo.OrganisationForm(instance=org), "icp_form": form,
        "invite_form": fo.InvitationForm(), "members": User.objects.filter(organisation=org),
        "invitations": Invitation.objects.filter(organisation=org, accepted_at__isnull=True),
    }, status=400)


@exporter_required
@require_POST
def invitation_create(request):
    _admin_only(request)
    org = request.user.organisation
    form = fo.InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitations.invite(org, request.user, form.cleaned_data["email"], form.cleaned_data["organisation_role"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect("portal:organisation")
    return render(request, "portal/organisation.html", {
        "organisation": org, "form": fo.OrganisationForm(instance=org), "icp_form": fo.IcpForm(),
        "invite_form": form, "members": User.objects.filter(organisation=org),
        "invitations": Invitation.objects.filter(organisation=org, accepted_at__isnull=True),
    }, status=400)


def invitation_accept(request, token):
    invitation = invitations.open_invitation(token)
    if invitation is None:
        raise Http404
    form = fo.AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            validate_password(form.cleaned_data["password"], User(email=invitation.email))
            user = invitations.accept(invitation, form.cleaned_data["full_name"], form.cleaned_data["password"])
        except ValidationError as exc:
            form.add_error("password", exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Dualis."))
            return redirect("portal:dashboard")
    return render(request, "portal/invitation_accept.html", {"invitation": invitation, "form": form})
