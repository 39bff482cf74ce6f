"""Back-office pages for list changes and their re-evaluation.

Administrators upload a control-list version (a draft), preview how it differs from the version in force,
schedule it, and start a re-evaluation; every officer follows the jobs' progress and reads their reports.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from controllists.models import ControlListVersion, VersionStatus
from controllists.selectors import compare, version_in_force
from licensing.access import administrator_required, officer_required
from licensing.models import ListActivation, ReevaluationJob, ReevaluationTrigger

from . import activation, selectors, services
from .forms import ControlListUploadForm


@officer_required
@require_GET
def job_list(request):
    """Every officer follows list changes and their jobs; only administrators upload, schedule and start."""
    admin = request.user.is_administrator
    return render(request, "backoffice/reevaluation/job_list.html", {
        "jobs": selectors.jobs()[:50],
        "activations": selectors.scheduled_activations()[:20],
        "drafts": ControlListVersion.objects.filter(status=VersionStatus.DRAFT).order_by("-imported_at")
        if admin else [],
        "can_administer": admin,
    })


@administrator_required
@require_POST
def job_start(request):
    """Re-evaluate every open case against the reference data in force (e.g. after register edits)."""
    job = services.start_job(trigger=ReevaluationTrigger.MANUAL, actor=request.user,
                             reason=_("Started by %(user)s") % {"user": request.user})
    return redirect("backoffice:reevaluation:job_detail", pk=job.pk)


@officer_required
@require_GET
def job_detail(request, pk):
    job = get_object_or_404(selectors.jobs(), pk=pk)
    return render(request, "backoffice/reevaluation/job_detail.html", {
        "job": job, "progress": selectors.progress(job),
        "summary": selectors.summary(job) if job.finished_at else None,
    })


@officer_required
@require_GET
def job_progress(request, pk):
    job = get_object_or_404(ReevaluationJob, pk=pk)
    return JsonResponse(selectors.progress(job))


@officer_required
@require_GET
def job_report(request, pk):
    job = get_object_or_404(selectors.jobs(), pk=pk)
    show_all = request.GET.get("show") == "all"
    page = Paginator(selectors.results(job, changed_only=not show_all), 100).get_page(request.GET.get("page"))
    return render(request, "backoffice/reevaluation/job_report.html", {
        "job": job, "page_obj": page, "show_all": show_all, "summary": selectors.summary(job),
        "progress": selectors.progress(job),
    })


@administrator_required
@require_http_methods(["GET", "POST"])
def version_upload(request):
    form = ControlListUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = activation.import_upload(form.cleaned_data["dataset"], actor=request.user,
                                              amending_act=form.cleaned_data["amending_act"])
        except activation.ParseError as exc:
            form.add_error("dataset", _("The dataset cannot be imported: %(reason)s") % {"reason": exc})
        else:
            if not result.created:
                messages.info(request, _("This file was imported before as version %(v)s.")
                              % {"v": result.version.version_id})
            return redirect("backoffice:reevaluation:version_preview", pk=result.version.pk)
    return render(request, "backoffice/reevaluation/version_upload.html", {"form": form},
                  status=400 if form.errors else 200)


@administrator_required
@require_GET
def version_preview(request, pk):
    version = get_object_or_404(ControlListVersion, pk=pk)
    active = version_in_force()
    changes = compare(active, version) if active and active.pk != version.pk else []
    counts = {kind: sum(1 for c in changes if c.change == kind) for kind in ("added", "removed", "changed")}
    return render(request, "backoffice/reevaluation/version_preview.html", {
        "version": version, "active": active, "changes": changes, "counts": counts,
        "scheduled": ListActivation.objects.filter(version=version).first(),
    })


@administrator_required
@require_POST
def version_schedule(request, pk):
    version = get_object_or_404(ControlListVersion, pk=pk)
    try:
        scheduled = activation.schedule(version, actor=request.user)
    except activation.ActivationError as exc:
        messages.error(request, str(exc))
        return redirect("backoffice:reevaluation:version_preview", pk=version.pk)
    if scheduled.job_id:
        messages.success(request, _("Version %(v)s is in force; every open case is being re-evaluated.")
                         % {"v": version.version_id})
        return redirect("backoffice:reevaluation:job_detail", pk=scheduled.job_id)
    messages.success(request, _("Version %(v)s will come into force on %(d)s; the re-evaluation starts then.")
                     % {"v": version.version_id, "d": scheduled.activates_on})
    return redirect("backoffice:reevaluation:jobs")
