"""Application pages: list, start, detail with timeline, and the exporter's actions on a case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from licensing import workflow
from licensing.access import exporter_required
from licensing.models import Application, Status
from licensing.portal import forms as f
from licensing.portal import selectors
from licensing.services import applications as service
from licensing.services import documents as document_service

from .wizard import step_context


@exporter_required
def application_list(request):
    qs = selectors.applications(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "portal/application_list.html", {
        "page_obj": page, "applications": page.object_list, "status": status, "statuses": Status.choices,
    })


@exporter_required
def application_new(request):
    form = f.GeneralForm(request.POST or None, instance=Application(organisation=request.user.organisation))
    if request.method == "POST" and form.is_valid():
        app = service.create_draft(request.user, request.user.organisation, **form.cleaned_data)
        messages.success(request, _("Your draft has been created. It is saved at every step."))
        return redirect("portal:application_step", pk=app.pk, step="goods")
    return render(request, "portal/application_new.html", {"form": form})


@exporter_required
def application_detail(request, pk):
    app = selectors.application(request.user, pk)
    if app.is_draft:
        return redirect("portal:application_step", pk=app.pk, step="general")
    evaluation = selectors.exporter_evaluation(app.latest_evaluation.response if app.latest_evaluation else None)
    return render(request, "portal/application_detail.html", {
        "application": app,
        "evaluation": evaluation,
        "timeline": selectors.timeline(app),
        "open_requests": [r for r in app.information_requests.all() if r.replied_at is None],
        "answered_requests": [r for r in app.information_requests.all() if r.replied_at is not None],
        "reply_form": f.InformationReplyForm(),
        "can_withdraw": workflow.can(app, "withdraw"),
        "can_object": selectors.objection_allowed(app),
        "licences": selectors.licences(request.user).filter(application=app),
        "issued_documents": selectors.issued_documents(request.user).filter(application=app),
        "objections": app.objections.all(),
        "decisions": app.decisions.filter(effective=True) if app.decided_at else [],
    })


@exporter_required
@require_POST
def application_submit(request, pk):
    app = selectors.application(request.user, pk)
    try:
        service.submit(app, request.user)
    except service.ApplicationIncomplete as exc:
        context = step_context(request, app, "review", {}, missing=exc.errors, submit_failed=True)
        return render(request, "portal/wizard/review.html", context, status=400)
    except workflow.TransitionError as exc:
        messages.error(request, str(exc))
        return redirect("portal:application_detail", pk=app.pk)
    app.refresh_from_db()
    messages.success(request, _("Application %(ref)s has been submitted. We have sent you a confirmation.")
                     % {"ref": app.reference})
    return redirect("portal:application_detail", pk=app.pk)


@exporter_required
def application_withdraw(request, pk):
    app = selectors.application(request.user, pk)
    form = f.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.withdraw(app, request.user, form.cleaned_data["reason"])
        except workflow.TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The application has been withdrawn."))
        return redirect("portal:application_detail", pk=app.pk)
    if not workflow.can(app, "withdraw"):
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("portal:application_detail", pk=app.pk)
    return render(request, "portal/application_withdraw.html", {"application": app, "form": form})


@exporter_required
@require_POST
def application_copy(request, pk):
    new = service.copy_application(selectors.application(request.user, pk), request.user)
    messages.success(request, _("A new draft has been made from the application. Check every step before submitting."))
    return redirect("portal:application_step", pk=new.pk, step="general")


@exporter_required
@require_POST
def application_delete(request, pk):
    app = selectors.application(request.user, pk)
    try:
        service.delete_draft(app, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("portal:application_detail", pk=app.pk)
    messages.success(request, _("The draft has been deleted."))
    return redirect("portal:applications")


@exporter_required
def document_download(request, pk, document_pk):
    document = selectors.document(request.user, pk, document_pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                        content_type=document.content_type)


@exporter_required
@require_POST
def document_delete(request, pk, document_pk):
    document = selectors.document(request.user, pk, document_pk)
    try:
        document_service.remove_document(document, request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The document has been removed."))
    return redirect("portal:application_step", pk=pk, step="documents")


@exporter_required
@require_POST
def information_reply(request, pk, request_pk):
    info_request = selectors.information_request(request.user, pk, request_pk)
    form = f.InformationReplyForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            service.answer_information_request(info_request, request.user, form.cleaned_data["reply"],
                                               [upload] if upload else [])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error("file" if field == "files" else field, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: your answer has been sent to the licensing officer."))
            return redirect("portal:application_detail", pk=pk)
    app = info_request.application
    return render(request, "portal/information_reply.html",
                  {"application": app, "info_request": info_request, "form": form}, status=400)


@exporter_required
def objection_new(request, pk):
    from licensing.services import exporter_requests

    app = selectors.application(request.user, pk)
    if not selectors.objection_allowed(app):
        messages.error(request, _("An objection can only be lodged against a decision, within six weeks."))
        return redirect("portal:application_detail", pk=app.pk)
    form = f.ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        exporter_requests.lodge_objection(app, request.user, form.cleaned_data["grounds"])
        messages.success(request, _("Your objection has been received."))
        return redirect("portal:application_detail", pk=app.pk)
    return render(request, "portal/objection_form.html", {"application": app, "form": form})

