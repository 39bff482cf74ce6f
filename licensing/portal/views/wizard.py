"""The step-by-step application form. Every step saves the draft; nothing is required until submission
(the review page lists what is still missing); on a validation error the page is shown again with
everything that was typed."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from licensing.access import exporter_required
from licensing.models import PartyRole
from licensing.portal import forms as f
from licensing.portal import selectors
from licensing.services import applications as service
from licensing.services import documents as document_service

STEPS = [
    ("general", gettext_lazy("About the application")),
    ("goods", gettext_lazy("Goods")),
    ("parties", gettext_lazy("Parties")),
    ("end_use", gettext_lazy("End use")),
    ("declarations", gettext_lazy("Declarations")),
    ("documents", gettext_lazy("Documents")),
    ("review", gettext_lazy("Review and submit")),
]
STEP_NAMES = [name for name, _label in STEPS]
FIELD_STEP = {"licence_type": "general", "destination": "general", "export_type": "general", "items": "goods",
              "end_user": "parties", "consignees": "parties", "end_use": "end_use", "declarations": "declarations",
              "documents": "documents"}
ITEM_KEYS = ("description", "part_number", "control_entry", "quantity", "value_eur", "product")


def _model_step(form_class):
    def build(request, app, data=None, files=None):
        return {"form": form_class(data, instance=copy.copy(app))}

    def save(request, app, forms):
        service.update_draft(app, request.user, **forms["form"].cleaned_data)

    return build, save


def _goods_build(request, app, data=None, files=None):
    initial = [{"product": i.product_id, "description": i.description, "part_number": i.part_number,
                "control_entry": i.control_entry, "cyber_surveillance": "yes" if i.cyber_surveillance else "no",
                "quantity": _plain(i.quantity), "value_eur": i.value_eur} for i in app.items.all()]
    formset = f.ItemFormSet(data, prefix="items", initial=initial, products=selectors.products(request.user))
    entries = selectors.control_entries([i["control_entry"] for i in initial])
    for form in formset.forms:
        form.entry = entries.get(form.initial.get("control_entry"))
    return {"formset": formset}


def _plain(number) -> str:
    """20.000 -> "20" (a quantity shown as "20.000" reads as twenty thousand in Dutch)."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _goods_save(request, app, forms):
    items = []
    for form in forms["formset"].forms:
        cd = form.cleaned_data
        if not cd or cd.get("DELETE") or not any(cd.get(k) not in (None, "") for k in ITEM_KEYS):
            continue
        items.append(cd)
    service.replace_items(app, request.user, items)


def _parties_build(request, app, data=None, files=None):
    parties = list(app.parties.all())
    end_user = next((p for p in parties if p.role == PartyRole.END_USER), None)
    keys = ("name", "address", "country", "type", "website")
    return {
        "end_user_form": f.PartyForm(data, prefix="end_user",
                                     initial={k: getattr(end_user, k) for k in keys} if end_user else None),
        "formset": f.OtherPartyFormSet(data, prefix="parties", initial=[
            {"role": p.role, **{k: getattr(p, k) for k in keys}} for p in parties if p.role != PartyRole.END_USER
        ]),
    }


def _parties_save(request, app, forms):
    parties = []
    end_user = forms["end_user_form"].cleaned_data
    if end_user.get("name"):
        parties.append({**end_user, "role": PartyRole.END_USER})
    for form in forms["formset"].forms:
        cd = form.cleaned_data
        if cd and not cd.get("DELETE") and cd.get("name"):
            parties.append(cd)
    service.replace_parties(app, request.user, parties)


def _documents_build(request, app, data=None, files=None):
    bound = bool(files) or (data is not None and data.get("go") == "upload")
    return {"form": f.DocumentForm(data, files) if bound else f.DocumentForm()}


def _documents_save(request, app, forms):
    form = forms["form"]
    if form.is_bound:
        document_service.add_document(app, request.user, form.cleaned_data["file"], kind=form.cleaned_data["kind"])


def _review_build(request, app, data=None, files=None):
    return {}


def _review_save(request, app, forms):
    return None


HANDLERS = {
    "general": _model_step(f.GeneralForm),
    "goods": (_goods_build, _goods_save),
    "parties": (_parties_build, _parties_save),
    "end_use": _model_step(f.EndUseForm),
    "declarations": _model_step(f.DeclarationsForm),
    "documents": (_documents_build, _documents_save),
    "review": (_review_build, _review_save),
}


def _valid(forms: dict) -> bool:
    return all((not form.is_bound) or form.is_valid() for form in forms.values())


def step_context(request, app, step, forms, **extra):
    index = STEP_NAMES.index(step)
    missing = extra.pop("missing", None) or service.missing_for_submission(app)
    incomplete = {FIELD_STEP.get(field, "general") for field in missing}
    context = {
        "application": app, "step": step, "step_label": dict(STEPS)[step], "steps": STEPS, "step_index": index,
        "previous_step": STEP_NAMES[index - 1] if index else None,
        "next_step": STEP_NAMES[index + 1] if index + 1 < len(STEP_NAMES) else None, **forms, **extra,
        "complete_steps": [name for name in STEP_NAMES[:index] if name not in incomplete],
    }
    if step == "review":
        context["assessment"] = selectors.self_assessment(app)
        context["missing"] = [(FIELD_STEP.get(field, "general"), message)
                              for field, messages_ in missing.items() for message in messages_]
    if step == "documents":
        context["documents"] = app.documents.all()
        context["missing_documents"] = selectors.missing_documents(app)
    return context


@exporter_required
def application_step(request, pk, step):
    if step not in HANDLERS:
        raise Http404
    app = selectors.application(request.user, pk)
    if not app.is_draft:
        messages.info(request, _("This application has been submitted and can no longer be changed."))
        return redirect("portal:application_detail", pk=app.pk)
    build, save = HANDLERS[step]
    if request.method == "POST":
        forms = build(request, app, request.POST, request.FILES)
        if _valid(forms):
            try:
                save(request, app, forms)
            except ValidationError as exc:
                if "form" in forms:
                    forms["form"].add_error("file" if step == "documents" else None, exc)
                else:
                    messages.error(request, " ".join(exc.messages))
            else:
                return redirect(_after_save(request, app, step))
        return render(request, f"portal/wizard/{step}.html", step_context(request, app, step, forms), status=200)
    forms = build(request, app)
    return render(request, f"portal/wizard/{step}.html", step_context(request, app, step, forms))


def _after_save(request, app, step) -> str:
    go = request.POST.get("go", "next")
    index = STEP_NAMES.index(step)
    if go == "next" and index + 1 < len(STEP_NAMES):
        target = STEP_NAMES[index + 1]
    elif go == "back" and index:
        target = STEP_NAMES[index - 1]
    else:  # "save", "add", "upload": stay on this step
        target = step
        messages.success(request, _("Your draft has been saved."))
    return reverse("portal:application_step", args=[app.pk, target])
