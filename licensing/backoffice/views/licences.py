"""Issued licences: list, detail, status changes and amendments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from licensing.access import officer_required
from licensing.backoffice.forms import LicenceAmendForm, LicenceStatusForm
from licensing.backoffice.views.cases import _apply_errors
from licensing.models import Licence, LicenceStatus
from licensing.services import licences


@officer_required
def licence_list(request):
    qs = Licence.objects.select_related("holder", "application").order_by("-issued_at", "-id")
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(holder__name__icontains=q) | Q(application__reference__icontains=q))
    if status in LicenceStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "backoffice/licences.html", {
        "page_obj": page, "licences": page.object_list, "q": q, "status": status, "statuses": LicenceStatus.choices,
    })


def _detail(request, licence, status=200, **forms):
    return render(request, "backoffice/licence_detail.html", {
        "licence": licence, "lines": list(licence.lines.all()),
        "documents": list(licence.issued_documents.order_by("version")),
        "status_form": forms.get("status_form") or LicenceStatusForm(),
        "amend_form": forms.get("amend_form") or LicenceAmendForm(initial={
            "conditions": licence.conditions, "valid_until": licence.valid_until}),
        "max_valid_until": licences.max_valid_until(
            licence.valid_from, bool(licence.application and licence.application.large_project)),
        "events": licence.application.audit_events.filter(object_type="Licence", object_id=str(licence.pk))
        .order_by("-id") if licence.application_id else [],
    }, status=status)


def _get(pk):
    return get_object_or_404(Licence.objects.select_related("holder", "application", "issued_by"), pk=pk)


@officer_required
def licence_detail(request, pk):
    return _detail(request, _get(pk))


@officer_required
def licence_status(request, pk):
    licence = _get(pk)
    if request.method != "POST":
        return redirect("backoffice:licence_detail", pk=pk)
    form = LicenceStatusForm(request.POST)
    if form.is_valid():
        try:
            licences.change_status(licence, form.cleaned_data["action"], request.user,
                                   reason=form.cleaned_data["reason"])
            messages.success(request, _("Licence status changed."))
            return redirect("backoffice:licence_detail", pk=pk)
        except ValidationError as exc:
            _apply_errors(form, exc)
    return _detail(request, licence, status=400, status_form=form)


@officer_required
def licence_amend(request, pk):
    licence = _get(pk)
    if request.method != "POST":
        return redirect("backoffice:licence_detail", pk=pk)
    form = LicenceAmendForm(request.POST)
    if form.is_valid():
        try:
            licences.amend(licence, request.user, conditions=form.cleaned_data["conditions"],
                           valid_until=form.cleaned_data["valid_until"], reason=form.cleaned_data["reason"])
            messages.success(request, _("Licence amended; a new version of the licence document was issued."))
            return redirect("backoffice:licence_detail", pk=pk)
        except ValidationError as exc:
            _apply_errors(form, exc)
    return _detail(request, licence, status=400, amend_form=form)
