"""Exporter portal pages."""

from django.shortcuts import render

from licensing.access import exporter_required


@exporter_required
def dashboard(request):
    return render(request, "portal/dashboard.html", {})
