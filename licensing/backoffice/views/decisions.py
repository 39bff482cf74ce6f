"""Deciding a case and countersigning (four eyes)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from licensing.access import officer_required, senior_required
from licensing.backoffice import selectors
from licensing.backoffice.forms import CountersignForm, DecisionForm
from licensing.backoffice.views.cases import _apply_errors
from licensing.models import Decision
from licensing.services import decisions
from licensing.workflow import REVIEWABLE


def _findings(app):
    return (app.latest_evaluation.response.get("findings", []) if app.latest_evaluation_id else [])


@officer_required
def case_decide(request, pk):
    app = selectors.case(pk)
    findings = _findings(app)
    form = DecisionForm(request.POST or None, findings=findings)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                decision = decisions.decide(
                    app, request.user, outcome=form.cleaned_data["outcome"],
                    justification=form.cleaned_data["justification"], grounds=form.all_grounds(),
                    conditions=form.cleaned_data["conditions"], valid_until=form.cleaned_data["valid_until"],
                )
                if decision.effective:
                    messages.success(request, _("Decision recorded and in effect."))
                else:
                    messages.success(request, _("Decision recorded. It takes effect when another senior officer "
                                                "countersigns it."))
                return redirect("backoffice:case_detail", pk=pk)
            except ValidationError as exc:
                _apply_errors(form, exc)
        status = 400
    return render(request, "backoffice/decide.html", {
        "case": app, "form": form, "evaluation": app.latest_evaluation.response if app.latest_evaluation_id else None,
        "decidable": app.status in REVIEWABLE, "pending_decision": decisions.pending_decision(app),
    }, status=status)


@senior_required
@require_POST
def decision_countersign(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("application", "decided_by"), pk=pk)
    form = CountersignForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if request.POST.get("action") == "reject":
            decisions.reject_countersignature(decision, request.user, comment=comment)
            messages.success(request, _("Not countersigned: the case is back under review."))
        else:
            decisions.countersign(decision, request.user, comment=comment)
            messages.success(request, _("Countersigned: the decision is in effect."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("backoffice:case_detail", pk=decision.application_id)
    return redirect("backoffice:case_detail", pk=decision.application_id)
