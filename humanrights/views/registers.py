"""Officer pages of the registers: country profiles, end-user concerns, denials. Every save goes through
services.save_register_record (audit, snapshot reload, re-screening)."""

from __future__ import annotations

import pycountry
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, UpdateView

from licensing.access import OfficerRequiredMixin, officer_required

from .. import selectors, services
from ..forms import CountryConcernForm, CountryMeasureForm, DenialForm, EndUserConcernForm, country_choices
from ..models import CountryConcern, CountryMeasure, Denial, DenialOrigin, EndUserConcern


def _country_or_404(iso2: str) -> str:
    iso2 = iso2.upper()
    if not pycountry.countries.get(alpha_2=iso2):
        raise Http404
    return iso2


@officer_required
def countries(request):
    wanted = request.GET.get("country", "")
    if wanted and pycountry.countries.get(alpha_2=wanted.upper()):
        return redirect("humanrights:country_detail", iso2=wanted.upper())
    return render(request, "humanrights/countries.html", {
        "rows": selectors.country_overview(timezone.localdate()), "country_choices": country_choices()})


@officer_required
def country_detail(request, iso2):
    profile = selectors.country_profile(_country_or_404(iso2), timezone.localdate())
    return render(request, "humanrights/country_detail.html", {"p": profile})


class RegisterSaveMixin(OfficerRequiredMixin):
    """Create/update views whose save is audited and bumps the reference data."""

    template_name = "humanrights/register_form.html"
    title = ""

    def form_valid(self, form):
        created = form.instance.pk is None
        changes = services.form_changes(form)
        self.object = services.save_register_record(form.save(commit=False), self.request.user, changes=changes,
                                                    created=created)
        messages.success(self.request, _("Saved. The change is in the audit trail."))
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": self.title, "cancel_url": self.get_success_url()}


class _CountryScoped(RegisterSaveMixin):
    def dispatch(self, request, *args, **kwargs):
        self.iso2 = _country_or_404(kwargs["iso2"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.filter(country=self.iso2)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if kwargs.get("instance") is None:
            kwargs["instance"] = self.model(country=self.iso2)
        return kwargs

    def get_success_url(self):
        return reverse("humanrights:country_detail", args=[self.iso2])


class CountryMeasureCreate(_CountryScoped, CreateView):
    model, form_class = CountryMeasure, CountryMeasureForm
    title = _("Add a measure")


class CountryMeasureEdit(_CountryScoped, UpdateView):
    model, form_class = CountryMeasure, CountryMeasureForm
    title = _("Edit a measure")


class CountryConcernCreate(_CountryScoped, CreateView):
    model, form_class = CountryConcern, CountryConcernForm
    title = _("Add a human-rights assessment")


class CountryConcernEdit(_CountryScoped, UpdateView):
    model, form_class = CountryConcern, CountryConcernForm
    title = _("Edit a human-rights assessment")


@officer_required
def end_user_concerns(request):
    q = request.GET.get("q", "").strip()
    qs = EndUserConcern.objects.all()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(aliases__icontains=q) | Q(country__iexact=q))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "humanrights/end_user_concerns.html", {"page_obj": page, "q": q})


class _EndUserConcernForm(RegisterSaveMixin):
    model, form_class = EndUserConcern, EndUserConcernForm

    def get_success_url(self):
        return reverse("humanrights:end_user_concerns")


class EndUserConcernCreate(_EndUserConcernForm, CreateView):
    title = _("Register an end-user concern")


class EndUserConcernEdit(_EndUserConcernForm, UpdateView):
    title = _("Edit an end-user concern")


@officer_required
def denials(request):
    q = request.GET.get("q", "").strip()
    origin = request.GET.get("origin", "")
    qs = Denial.objects.all()
    if origin in DenialOrigin.values:
        qs = qs.filter(origin=origin)
    if q:
        qs = qs.filter(Q(reference__icontains=q) | Q(end_user__icontains=q) | Q(consignee__icontains=q)
                       | Q(destination__iexact=q))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "humanrights/denials.html", {
        "page_obj": page, "q": q, "origin": origin, "origins": DenialOrigin.choices,
        "today": timezone.localdate()})


class _ReceivedDenialForm(RegisterSaveMixin):
    model, form_class = Denial, DenialForm

    def get_queryset(self):
        # our own denials come from refusals in the back office and are not edited here
        return Denial.objects.filter(origin=DenialOrigin.RECEIVED)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if kwargs.get("instance") is None:
            kwargs["instance"] = Denial(origin=DenialOrigin.RECEIVED)
        return kwargs

    def get_success_url(self):
        return reverse("humanrights:denials")


class DenialCreate(_ReceivedDenialForm, CreateView):
    title = _("Register a denial received from another Member State")


class DenialEdit(_ReceivedDenialForm, UpdateView):
    title = _("Edit a received denial")
