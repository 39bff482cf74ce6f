"""Flags set by a re-evaluation (a list or register change altered a case's answer): the officer clears a
flag once they have looked at it; the service keeps the flag's text in the audit trail."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from licensing.access import officer_required
from licensing.backoffice import selectors
from licensing.backoffice.forms import ClearFlagForm
from licensing.reevaluation import services

from .cases import _apply_errors, _render_case


@officer_required
@require_POST
def case_flag_clear(request, pk):
    app = selectors.case(pk)
    form = ClearFlagForm(request.POST)
    if form.is_valid():
        try:
            services.clear_flag(app, request.user, note=form.cleaned_data["note"])
            messages.success(request, _("Flag cleared. It stays in the case's history."))
            return redirect("backoffice:case_detail", pk=pk)
        except ValidationError as exc:
            _apply_errors(form, exc)
    return _render_case(request, app, status=400, flag_form=form)
