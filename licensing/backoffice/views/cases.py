"""The case page and the case-work actions on it (assign, notes, re-classification, information
requests, consultations) and the documents it shows."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from licensing.access import officer_required
from licensing.backoffice import selectors
from licensing.backoffice.forms import (
    AssignForm,
    ClearFlagForm,
    ConsultationForm,
    ConsultationReplyForm,
    CountersignForm,
    InformationRequestForm,
    NoteForm,
    ReclassifyForm,
)
from licensing.models import ApplicationItem, Consultation, Document, IssuedDocument
from licensing.pdf import read_verified
from licensing.services import casework, decisions
from licensing.services.deadlines import service_level_due

INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg", "text/plain")
ACTION_LABELS = {
    "application.submit": _l("Submitted by the exporter"),
    "application.start_review": _l("Review started"),
    "application.assign": _l("Assigned"),
    "application.request_information": _l("Information requested from the exporter"),
    "application.answer_information": _l("Exporter answered"),
    "application.propose_decision": _l("Decision proposed; awaiting countersignature"),
    "application.reject_countersignature": _l("Countersignature refused; back under review"),
    "application.approve": _l("Approved"),
    "application.deny": _l("Refused"),
    "application.impose_ad_hoc_requirement": _l("Ad-hoc licence requirement imposed"),
    "application.decide_no_licence_required": _l("Decided: no licence required"),
    "application.withdraw": _l("Withdrawn by the exporter"),
    "decision.propose": _l("Decision proposed"),
    "decision.take": _l("Decision taken"),
    "decision.countersign": _l("Decision countersigned"),
    "decision.reject_countersignature": _l("Countersignature refused"),
    "case_note.create": _l("Internal note added"),
    "item.reclassify": _l("Item re-classified by an officer"),
    "information_request.create": _l("Question sent to the exporter"),
    "information_request.reply": _l("Exporter's reply received"),
    "consultation.create": _l("Consultation sent"),
    "consultation.reply": _l("Consultation reply recorded"),
    "denial.create": _l("Art. 16 denial notification created"),
    "document.issue": _l("Document issued"),
    "licence.issue": _l("Licence issued"),
    "application.flag_cleared": _l("Re-evaluation flag cleared"),
}


def _case_context(request, app, **forms) -> dict:
    evaluation = app.latest_evaluation.response if app.latest_evaluation_id else None
    pending = decisions.pending_decision(app)
    hits = selectors.screening_hits(app)
    parties = list(app.parties.all())
    for party in parties:
        party.hits = hits.get(party.pk, [])
    return {
        "case": app,
        "evaluation": evaluation,
        "items": list(app.items.all()),
        "parties": parties,
        "pending_decision": pending,
        "can_countersign": bool(pending and request.user.is_senior and pending.decided_by_id != request.user.pk),
        "sla_due": service_level_due(app.submitted_at, app.information_requests.all()),
        "events": [
            {"at": e.at, "actor": e.actor_label, "title": ACTION_LABELS.get(e.action, e.action),
             "detail": _summary(e.changes)}
            for e in selectors.timeline(app)
        ],
        "history": selectors.history(app),
        "precedents": selectors.precedents(app),
        "screening_hits": any(hits.values()),
        "assign_form": forms.get("assign_form") or AssignForm(initial={"assignee": app.assigned_to_id}),
        "note_form": forms.get("note_form") or NoteForm(),
        "information_form": forms.get("information_form") or InformationRequestForm(),
        "consultation_form": forms.get("consultation_form") or ConsultationForm(),
        "reply_form": ConsultationReplyForm(),
        "reclassify_form": forms.get("reclassify_form") or ReclassifyForm(),
        "reclassify_item": forms.get("reclassify_item"),
        "countersign_form": CountersignForm(),
        "flag_form": forms.get("flag_form") or ClearFlagForm(),
        "open": app.status in casework.OPEN,
    }


def _summary(changes: dict) -> str:
    parts = []
    for key, value in (changes or {}).items():
        if isinstance(value, list) and len(value) == 2 and key in ("status", "assigned_to", "control_entry"):
            parts.append(f"{key}: {value[0]} → {value[1]}")
        elif key in ("outcome", "reference", "verification_code", "number", "kind", "comment"):
            parts.append(f"{key}: {value}")
    return "; ".join(parts)


def _render_case(request, app, status=200, **forms):
    return render(request, "backoffice/case_detail.html", _case_context(request, app, **forms), status=status)


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc)


def case_action(request, app, form, form_key: str, act, success: str, *, to: str | None = None):
    """The case page's POST pattern: a valid form goes to the service call `act(cleaned_data)`; done -> a
    success message and back to the case (or `to`); an invalid form or a refusal (ValidationError, its errors
    put on the form) -> the case page again, 400, with the form as typed under `form_key`."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
            messages.success(request, success)
            return redirect(to or reverse("backoffice:case_detail", args=[app.pk]))
        except ValidationError as exc:
            _apply_errors(form, exc)
    return _render_case(request, app, status=400, **{form_key: form})


@officer_required
def case_detail(request, pk):
    return _render_case(request, selectors.case(pk))


@officer_required
@require_POST
def case_assign(request, pk):
    app = selectors.case(pk)
    if request.POST.get("assign_to_me"):
        form = AssignForm(data={"assignee": request.user.pk})
    else:
        form = AssignForm(request.POST)
    return case_action(request, app, form, "assign_form",
                       lambda data: casework.assign(app, data["assignee"], request.user), _("Case assigned."))


@officer_required
@require_POST
def case_note(request, pk):
    app = selectors.case(pk)
    return case_action(request, app, NoteForm(request.POST), "note_form",
                       lambda data: casework.add_note(app, data["text"], request.user), _("Note added."),
                       to=reverse("backoffice:case_detail", args=[pk]) + "#notes")


@officer_required
@require_POST
def item_reclassify(request, pk, item_pk):
    app = selectors.case(pk)
    item = get_object_or_404(ApplicationItem, pk=item_pk, application=app)
    form = ReclassifyForm(request.POST)
    if form.is_valid():
        try:
            evaluation = casework.reclassify_item(item, form.cleaned_data["control_entry"], request.user,
                                                  reason=form.cleaned_data["reason"])
            messages.success(request, _("Item re-classified; the evaluation was run again: %(rec)s.")
                             % {"rec": evaluation.recommendation})
            return redirect("backoffice:case_detail", pk=pk)
        except ValidationError as exc:
            _apply_errors(form, exc)
    return _render_case(request, selectors.case(pk), status=400, reclassify_form=form, reclassify_item=item.pk)


@officer_required
@require_POST
def case_information(request, pk):
    app = selectors.case(pk)
    return case_action(
        request, app, InformationRequestForm(request.POST), "information_form",
        lambda data: casework.request_information(app, data["question"], request.user, due_on=data["due_on"]),
        _("Information requested; the case waits for the exporter's answer."))


@officer_required
@require_POST
def case_consultation(request, pk):
    app = selectors.case(pk)
    return case_action(request, app, ConsultationForm(request.POST), "consultation_form",
                       lambda data: casework.open_consultation(app, actor=request.user, **data),
                       _("Consultation recorded."))


@officer_required
@require_POST
def consultation_reply(request, pk):
    consultation = get_object_or_404(Consultation, pk=pk)
    form = ConsultationReplyForm(request.POST)
    if form.is_valid():
        try:
            casework.record_consultation_reply(consultation, form.cleaned_data["reply"], request.user)
            messages.success(request, _("Reply recorded."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Write down the reply received."))
    return redirect("backoffice:case_detail", pk=consultation.application_id)


@officer_required
def document_view(request, pk, doc_pk):
    doc = get_object_or_404(Document, pk=doc_pk, application_id=pk)
    inline = doc.content_type in INLINE_TYPES
    response = FileResponse(doc.file.open("rb"), content_type=doc.content_type, as_attachment=not inline,
                            filename=doc.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response


@officer_required
def issued_document(request, pk):
    doc = get_object_or_404(IssuedDocument.objects.select_related("application", "licence"), pk=pk)
    try:
        content = read_verified(doc)
    except (ValueError, OSError):
        return HttpResponse(_("The stored document no longer matches its recorded SHA-256; it is not served. "
                              "Report this to the administrator."), status=409, content_type="text/plain")
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{doc.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = f'"{doc.sha256}"'
    return response
