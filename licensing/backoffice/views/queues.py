"""Dashboard, work queues and case search."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from licensing.access import officer_required
from licensing.backoffice import selectors
from licensing.backoffice.forms import QueueFilterForm

QUEUE_LABELS = {
    "new": _("New"),
    "mine": _("Assigned to me"),
    "team": _("My team"),
    "information": _("Awaiting information from the exporter"),
    "countersignature": _("Awaiting countersignature"),
    "consultation": _("Awaiting consultation"),
    "all": _("All cases"),
}
PAGE_SIZE = 50


@officer_required
def dashboard(request):
    counts = selectors.queue_counts(request.user)
    queues = [(name, QUEUE_LABELS[name], counts[name]) for name in counts]
    flagged = selectors.queue(request.user, "all", flagged=True).count()
    return render(request, "backoffice/dashboard.html", {"queues": queues, "flagged": flagged})


def _queue_page(request, name: str, template: str):
    form = QueueFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    qs = selectors.queue(request.user, name, **filters).values_list("pk", flat=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_deadlines(selectors.queue_rows(list(page.object_list)))
    return render(request, template, {
        "form": form, "page_obj": page, "cases": page.object_list, "queue": name, "queue_label": QUEUE_LABELS[name],
        "queue_tabs": [(n, QUEUE_LABELS[n]) for n in selectors.QUEUES if n != "all"],
    })


@officer_required
def queue_list(request):
    name = request.GET.get("queue", "new")
    if name not in selectors.QUEUES:
        name = "new"
    return _queue_page(request, name, "backoffice/queues.html")


@officer_required
def case_search(request):
    return _queue_page(request, "all", "backoffice/queues.html")
