"""Pages shared by both sides: the home redirect and the what-if check."""

from django.contrib.auth.decorators import login_required
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
    """Fill in a transaction, see the recommendation and its reasoning (built in the rules issue)."""

    def get(self, request):
        if not request.user.is_authenticated:
            return redirect("login")
        return render(request, "whatif.html", {})
