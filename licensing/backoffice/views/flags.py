"""Flags set by a re-evaluation (a list or register change altered a case's answer): the officer clears a
flag once they have looked at it; the service keeps the flag's text in the audit trail."""

from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from licensing.access import officer_required
from licensing.backoffice import selectors
from licensing.backoffice.forms import ClearFlagForm
from licensing.reevaluation import services

from .cases import case_action


@officer_required
@require_POST
def case_flag_clear(request, pk):
    app = selectors.case(pk)
    return case_action(request, app, ClearFlagForm(request.POST), "flag_form",
                       lambda data: services.clear_flag(app, request.user, note=data["note"]),
                       _("Flag cleared. It stays in the case's history."))
