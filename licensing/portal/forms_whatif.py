"""The what-if check: one transaction with up to three items, turned into an evaluation request."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from licensing.models import EndUserType, ExportType

from .forms import CYBER_HELP, CountryField


class WhatIfForm(forms.Form):
    as_of = forms.DateField(label=_("Date of export"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=_("Leave empty for today; picks the control list and measures in force."))
    export_type = forms.ChoiceField(label=_("Export type"), choices=ExportType.choices, initial=ExportType.EXPORT)
    destination = CountryField(label=_("Country of final destination"))
    end_user_name = forms.CharField(label=_("End user"), max_length=300, required=False)
    end_user_type = forms.ChoiceField(label=_("Type of end user"), choices=EndUserType.choices,
                                      initial=EndUserType.COMMERCIAL)
    end_user_country = CountryField(label=_("End user's country"), required=False,
                                    help_text=_("Leave empty if it is the country of final destination."))
    purpose = forms.ChoiceField(label=_("Purpose of the export"), required=False, choices=[
        ("", _("Other or not stated")),
        ("repair", _("Return after repair or replacement (EU003)")),
        ("exhibition", _("Temporary export for an exhibition or fair (EU004)")),
    ])
    free_zone = forms.BooleanField(label=_("The goods go to a customs-free zone or free warehouse"), required=False)
    end_use = forms.CharField(label=_("End use"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    has_icp = forms.BooleanField(label=_("The exporter has an internal compliance programme"), required=False)
    intra_group = forms.BooleanField(label=_("Export within the same group of companies"), required=False)
    wmd = forms.BooleanField(label=_("Aware of an intended use for weapons of mass destruction"), required=False)
    military_end_use = forms.BooleanField(label=_("Aware of a military end use in an embargoed country"),
                                          required=False)
    internal_repression = forms.BooleanField(
        label=_("Aware of a use for internal repression or serious human-rights violations"), required=False)
    unlicensed_military_parts = forms.BooleanField(
        label=_("Aware of a use as parts of military items exported without authorisation"), required=False)
    licence_requirement_notified = forms.BooleanField(
        label=_("The authority has already informed the exporter that a licence is required"), required=False)


class WhatIfItemForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    control_entry = forms.CharField(label=_("Annex I entry"), max_length=40, required=False,
                                    help_text=_("Leave empty for a non-listed item."))
    cyber_surveillance = forms.BooleanField(label=_("Cyber-surveillance item"), required=False, help_text=CYBER_HELP)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, required=False)
    value_eur = forms.DecimalField(label=_("Value in EUR"), min_value=0, required=False)


WhatIfItemFormSet = forms.formset_factory(WhatIfItemForm, extra=3, max_num=3, absolute_max=3)


def to_request(form: WhatIfForm, formset, *, has_icp: bool | None = None) -> dict:
    """The evaluation request (CONTRACT.md) for the filled-in form. `has_icp` overrides the form's value
    (an exporter's own organisation decides it)."""
    cd = form.cleaned_data
    items = []
    for item in formset.cleaned_data:
        if not item or not (item.get("description") or item.get("control_entry") or item.get("cyber_surveillance")):
            continue
        items.append({
            "description": item.get("description") or "",
            "control_entry": item.get("control_entry") or None,
            "cyber_surveillance": bool(item.get("cyber_surveillance")),
            "quantity": float(item["quantity"]) if item.get("quantity") is not None else None,
            "value_eur": float(item["value_eur"]) if item.get("value_eur") is not None else None,
        })
    body = {
        "export_type": cd["export_type"],
        "exporter": {"member_state": "NL", "has_icp": cd["has_icp"] if has_icp is None else has_icp,
                     "intra_group": cd["intra_group"]},
        "destination": cd["destination"],
        "end_user": {"name": cd["end_user_name"], "country": cd["end_user_country"] or cd["destination"],
                     "type": cd["end_user_type"]},
        "end_use": cd["end_use"],
        "items": [{k: v for k, v in i.items() if v is not None} for i in items],
        "declarations": {"wmd": cd["wmd"], "military_end_use": cd["military_end_use"],
                         "internal_repression": cd["internal_repression"],
                         "unlicensed_military_parts": cd["unlicensed_military_parts"]},
        "licence_requirement_notified": cd["licence_requirement_notified"],
        "free_zone": cd["free_zone"],
    }
    if cd["purpose"]:
        body["purpose"] = cd["purpose"]
    if cd.get("as_of"):
        body["as_of"] = cd["as_of"].isoformat()
    return body
