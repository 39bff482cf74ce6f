"""API access for an organisation's own systems: administrators create and revoke tokens (Bearer) that
act for the organisation on /api/v1/applications/ and /api/v1/evaluations/."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from licensing.access import exporter_required
from licensing.models import ApiClient
from licensing.portal import forms_org as fo
from licensing.services import api_clients

SCOPES = ["applications", "evaluate"]


def _clients(org):
    return ApiClient.objects.filter(organisation=org, is_active=True)


@exporter_required
def api_access(request):
    if not request.user.is_organisation_admin:
        raise PermissionDenied
    org = request.user.organisation
    form = fo.ApiClientForm(request.POST or None)
    token = None
    if request.method == "POST" and form.is_valid():
        name = f"{org.eori_number or org.pk}: {form.cleaned_data['name']}"
        try:
            _client, token = api_clients.create_client(name, SCOPES, organisation=org, actor=request.user)
        except ValidationError as exc:
            form.add_error("name", exc.message_dict.get("name", exc.messages))
        else:
            form = fo.ApiClientForm()
    return render(request, "portal/api_access.html", {"form": form, "token": token, "clients": _clients(org)},
                  status=400 if form.errors else 200)


@exporter_required
@require_POST
def api_access_revoke(request, pk):
    if not request.user.is_organisation_admin:
        raise PermissionDenied
    client = get_object_or_404(_clients(request.user.organisation), pk=pk)
    api_clients.revoke(client, actor=request.user)
    messages.success(request, _("The token has been revoked."))
    return redirect("portal:api_access")
