"""Pages shared by both sides: the home redirect and the what-if check."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views import View


def home(request):
    """Sends each user to their side."""
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if user.is_officer:
        return redirect("backoffice:dashboard")
    return redirect("portal:dashboard")


class WhatIfView(View):
    """Fill in one transaction (up to three items) and see the recommendation and its reasoning.
    Stateless: nothing is stored (a GET never writes). Exporters see the exporter audience."""

    def get(self, request):
        from licensing.portal.forms_whatif import WhatIfForm, WhatIfItemFormSet, to_request
        from licensing.rules.service import EvaluationInvalid, evaluate_request

        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_officer or (user.is_exporter and user.organisation_id)):
            raise PermissionDenied
        submitted = "destination" in request.GET
        form = WhatIfForm(request.GET if submitted else None)
        formset = WhatIfItemFormSet(request.GET if submitted else None, prefix="items")
        context = {"form": form, "formset": formset, "evaluation": None, "errors": None,
                   "base_template": "backoffice/base.html" if user.is_officer else "portal/base.html"}
        valid = submitted and form.is_valid() and formset.is_valid()
        if valid:
            body = to_request(form, formset, has_icp=user.organisation.has_icp if user.is_exporter else None)
            try:
                context["evaluation"] = evaluate_request(body, audience="exporter" if user.is_exporter else "officer")
            except EvaluationInvalid as exc:
                context["errors"] = _flatten_errors(exc.errors)
        bad = context["errors"] or (submitted and not valid)  # the page names each field and why
        return render(request, "whatif.html", context, status=400 if bad else 200)


def _flatten_errors(errors, prefix: str = "") -> list[str]:
    """DRF-shaped errors as readable lines: "items.1.control_entry: '5A999' is not …"."""
    if isinstance(errors, dict):
        return [line for key, value in errors.items()
                for line in _flatten_errors(value, f"{prefix}.{key}" if prefix else str(key))]
    if isinstance(errors, list):
        return [line for value in errors for line in _flatten_errors(value, prefix)]
    return [f"{prefix}: {errors}" if prefix else str(errors)]
