"""Back-office pages for licensing officers."""

from django.shortcuts import render

from licensing.access import officer_required


@officer_required
def dashboard(request):
    return render(request, "backoffice/dashboard.html", {})
