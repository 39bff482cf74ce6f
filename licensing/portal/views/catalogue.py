"""Dashboard, product catalogue, licences and general-authorisation registrations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from controllists import selectors as cl_selectors
from licensing.access import exporter_required
from licensing.models import Product, Status
from licensing.models.applications import OPEN_STATUSES
from licensing.portal import forms_org as fo
from licensing.portal import selectors
from licensing.services import audit, exporter_requests


@exporter_required
def dashboard(request):
    apps = selectors.applications(request.user)
    counts = dict(apps.values_list("status").annotate(n=Count("id")))
    return render(request, "portal/dashboard.html", {
        "drafts": apps.filter(status=Status.DRAFT)[:5],
        "open": apps.filter(status__in=OPEN_STATUSES)[:10],
        "waiting_for_you": apps.filter(status=Status.INFORMATION_REQUESTED),
        "counts": [(Status(s).label, counts.get(s, 0)) for s in Status.values if counts.get(s)],
        "licences": selectors.licences(request.user)[:5],
    })


@exporter_required
def annex_search(request):
    """Annex I picker: entries matching a code or words, with their text (htmx fragment or full page)."""
    query = request.GET.get("q", "").strip()
    version = cl_selectors.version_in_force()
    results = cl_selectors.search(version, query, limit=20) if (version and query) else []
    template = "portal/_annex_results.html" if request.headers.get("HX-Request") else "portal/annex_search.html"
    return render(request, template, {"query": query, "results": results, "version": version})


@exporter_required
def product_list(request):
    return render(request, "portal/product_list.html", {"products": selectors.products(request.user)})


@exporter_required
def product_form(request, pk=None):
    product = get_object_or_404(selectors.products(request.user), pk=pk) if pk else None
    form = fo.ProductForm(request.POST or None, instance=product, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        audit.record(request.user, "product.save", saved, changes={"name": saved.name})
        messages.success(request, _("The product has been saved to your catalogue."))
        return redirect("portal:products")
    return render(request, "portal/product_form.html", {"form": form, "product": product})


@exporter_required
@require_POST
def product_archive(request, pk):
    product = get_object_or_404(selectors.products(request.user), pk=pk)
    Product.objects.filter(pk=product.pk).update(archived=True)
    audit.record(request.user, "product.archive", product)
    messages.success(request, _("The product has been removed from your catalogue."))
    return redirect("portal:products")


@exporter_required
def licence_list(request):
    return render(request, "portal/licence_list.html", {"licences": selectors.licences(request.user)})


@exporter_required
def licence_detail(request, pk):
    licence = get_object_or_404(selectors.licences(request.user), pk=pk)
    documents = selectors.issued_documents(request.user).filter(licence=licence)
    return render(request, "portal/licence_detail.html", {"licence": licence, "documents": documents})


@exporter_required
def issued_document_download(request, pk):
    document = get_object_or_404(selectors.issued_documents(request.user), pk=pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename,
                        content_type="application/pdf")


@exporter_required
@require_POST
def licence_amend(request, pk):
    licence = get_object_or_404(selectors.licences(request.user), pk=pk)
    try:
        draft = exporter_requests.request_amendment(licence, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("portal:licence_detail", pk=licence.pk)
    messages.success(request, _("A draft amendment has been created. Change what needs changing and submit it."))
    return redirect("portal:application_step", pk=draft.pk, step="general")


@exporter_required
def gea_list(request):
    return render(request, "portal/gea_list.html", {"registrations": selectors.gea_registrations(request.user)})


@exporter_required
def gea_new(request):
    form = fo.GeaRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration = exporter_requests.register_gea(request.user.organisation, request.user, **form.cleaned_data)
        messages.success(request, _("Registration %(ref)s has been recorded.") % {"ref": registration.reference})
        return redirect("portal:gea_registrations")
    return render(request, "portal/gea_form.html", {"form": form})
