"""Officer pages of screening: imported lists, list and denial imports, hits and dispositions."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from licensing.access import officer_required
from licensing.models import Application

from .. import selectors, services
from ..forms import DenialImportForm, HitDecisionForm, ListImportForm
from ..importers import ImportFailed, denials, eu_fsf, ftm, read_source
from ..models import ScreeningHit, ScreeningList

PARSERS = {"eu-fsf": eu_fsf.parse, "ftm": ftm.parse}


@officer_required
def lists(request):
    return render(request, "humanrights/lists.html", {"lists": ScreeningList.objects.all()})


@officer_required
def list_detail(request, pk):
    lst = get_object_or_404(ScreeningList, pk=pk)
    q = request.GET.get("q", "").strip()
    qs = lst.entries.all()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(source_id__iexact=q))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "humanrights/list_detail.html", {"list": lst, "page_obj": page, "q": q})


@officer_required
def list_import(request):
    form = ListImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            data = d["file"].read() if d["file"] else read_source(d["url"])
            source = d["file"].name if d["file"] else d["url"]
            lst = services.import_screening_list(d["name"], d["format"], source, PARSERS[d["format"]](data),
                                                 request.user, licence=d["licence"],
                                                 sha256=hashlib.sha256(data).hexdigest())
        except ImportFailed as exc:
            form.add_error(None, _("The file was not imported: %(error)s. Nothing was changed.") % {"error": exc})
        else:
            messages.success(request, _("%(name)s: %(n)d entries imported.") % {"name": lst.name,
                                                                                 "n": lst.entry_count})
            return redirect("humanrights:list_detail", pk=lst.pk)
    return render(request, "humanrights/list_import.html", {"form": form}, status=400 if form.errors else 200)


@officer_required
def denial_import(request):
    form = DenialImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            records = denials.parse(form.cleaned_data["file"].read(), form.cleaned_data["format"])
            n = services.import_denials(records, request.user, source=form.cleaned_data["file"].name)
        except ImportFailed as exc:
            form.add_error("file", _("The file was not imported: %(error)s. Nothing was changed.") % {"error": exc})
        else:
            messages.success(request, _("%(n)d denials imported.") % {"n": n})
            return redirect("humanrights:denials")
    return render(request, "humanrights/denial_import.html", {"form": form}, status=400 if form.errors else 200)


@officer_required
def application_hits(request, application_id):
    application = get_object_or_404(Application, pk=application_id)
    return render(request, "humanrights/application_hits.html", {
        "application": application, "hits": selectors.hits_for_application(application)})


def _back(request, hit) -> str:
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, require_https=request.is_secure()):
        return nxt
    try:
        return reverse("backoffice:case_detail", args=[hit.party.application_id])
    except NoReverseMatch:
        return reverse("humanrights:application_hits", args=[hit.party.application_id])


@require_POST
@officer_required
def hit_decide(request, pk):
    hit = get_object_or_404(ScreeningHit.objects.select_related("party"), pk=pk)
    form = HitDecisionForm(request.POST)
    if form.is_valid():
        services.decide_hit(hit, form.cleaned_data["disposition"], request.user, form.cleaned_data["note"])
        messages.success(request, _("Disposition recorded: %(d)s.") % {"d": hit.get_disposition_display()})
    else:
        messages.error(request, _("Choose 'true match' or 'false positive' to record a disposition."))
    return redirect(_back(request, hit) + f"#hit-{hit.pk}")
