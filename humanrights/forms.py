"""Officers' forms for the registers, list imports and screening dispositions."""

from __future__ import annotations

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from controllists import codes
from dualis import countries

from .importers.denials import MEMBER_STATES, three_years_after
from .models import (
    CountryConcern,
    CountryMeasure,
    Denial,
    Disposition,
    EndUserConcern,
    ListFormat,
)


def country_choices(blank: bool = False):
    out = countries.choices()  # named in the officer's language
    return [("", _("— not known —")), *out] if blank else out


DATE = forms.DateInput(attrs={"type": "date"})


class _DatesOrdered:
    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until <= since:
            self.add_error("until", _("The end date must be after the start date."))
        return data


class CountryMeasureForm(_DatesOrdered, forms.ModelForm):
    class Meta:
        model = CountryMeasure
        fields = ["measure", "scope", "legal_basis", "since", "until", "source_url", "notes", "needs_check"]
        widgets = {"since": DATE, "until": DATE, "legal_basis": forms.Textarea(attrs={"rows": 3}),
                   "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"legal_basis": _("The Council decision or regulation, e.g. 'Council Decision 2013/255/CFSP'."),
                      "source_url": _("Where an officer can check the measure (EUR-Lex, EU Sanctions Map).")}

    def clean(self):
        data = super().clean()
        clash = CountryMeasure.objects.filter(country=self.instance.country, measure=data.get("measure"),
                                              since=data.get("since")).exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error("since", _("This measure is already registered for this country with this start date."))
        return data


class CountryConcernForm(_DatesOrdered, forms.ModelForm):
    class Meta:
        model = CountryConcern
        fields = ["level", "basis", "source", "source_url", "since", "until"]
        widgets = {"since": DATE, "until": DATE, "basis": forms.Textarea(attrs={"rows": 3}),
                   "source": forms.Textarea(attrs={"rows": 2})}
        labels = {"source_url": _("Source link")}

    def clean(self):
        data = super().clean()
        clash = CountryConcern.objects.filter(country=self.instance.country, since=data.get("since")).exclude(
            pk=self.instance.pk)
        if clash.exists():
            self.add_error("since", _("A concern with this start date is already registered for this country."))
        return data


class AliasesField(forms.CharField):
    """One alias a line in the form, a list in the model."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class EndUserConcernForm(_DatesOrdered, forms.ModelForm):
    kind = forms.ChoiceField(label=_("kind"), choices=[("organisation", _("Organisation")), ("person", _("Person"))])
    aliases = AliasesField(label=_("aliases"), required=False, help_text=_("One name a line: other spellings, "
                                                                             "abbreviations, names in other scripts."))
    country = forms.ChoiceField(label=_("country"), choices=country_choices)

    class Meta:
        model = EndUserConcern
        fields = ["name", "aliases", "kind", "address", "country", "basis", "source", "source_url", "since", "until"]
        widgets = {"since": DATE, "until": DATE, "address": forms.Textarea(attrs={"rows": 2}),
                   "basis": forms.Textarea(attrs={"rows": 3}), "source": forms.Textarea(attrs={"rows": 2})}
        labels = {"source_url": _("Source link")}


class DenialForm(forms.ModelForm):
    """A denial received from another Member State, entered by hand."""

    member_state = forms.ChoiceField(label=_("denying member state"),
                                     choices=[(c, c) for c in sorted(MEMBER_STATES)])
    control_entries = forms.CharField(label=_("control entries"), required=False,
                                      help_text=_("Annex I entries separated by commas, e.g. '5A001.j, 5D001'. "
                                                  "Leave empty for a non-listed item."))
    destination = forms.ChoiceField(label=_("destination"), choices=country_choices)
    end_user_country = forms.ChoiceField(label=_("end user's country"), choices=partial(country_choices, blank=True),
                                         required=False)
    review_due_on = forms.DateField(label=_("review due"), required=False, widget=DATE,
                                    help_text=_("Leave empty for three years after the denial."))

    class Meta:
        model = Denial
        fields = ["reference", "member_state", "control_entries", "item_description", "end_user", "end_user_country",
                  "consignee", "destination", "end_use", "reason", "denied_on", "review_due_on", "revoked_on"]
        widgets = {"denied_on": DATE, "revoked_on": DATE, "item_description": forms.Textarea(attrs={"rows": 2}),
                   "end_use": forms.Textarea(attrs={"rows": 2}), "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["control_entries"] = ", ".join(self.instance.control_entries or [])

    def clean_control_entries(self):
        out = []
        for raw in (self.cleaned_data.get("control_entries") or "").replace(";", ",").split(","):
            if raw.strip():
                try:
                    out.append(codes.normalise(raw))
                except codes.CodeError as exc:
                    raise forms.ValidationError(str(exc)) from exc
        return out

    def clean(self):
        data = super().clean()
        denied, review = data.get("denied_on"), data.get("review_due_on")
        if denied and not review:
            data["review_due_on"] = three_years_after(denied)
        elif denied and review and review <= denied:
            self.add_error("review_due_on", _("The review date must be after the date of the denial."))
        return data


class ListImportForm(forms.Form):
    name = forms.CharField(label=_("list name"), max_length=100,
                           help_text=_("Importing under an existing name replaces that list's entries."))
    format = forms.ChoiceField(label=_("format"), choices=ListFormat.choices)
    file = forms.FileField(label=_("file"), required=False)
    url = forms.URLField(label=_("or the file's address (URL)"), required=False, assume_scheme="https")
    licence = forms.CharField(label=_("licence and attribution"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Choose a file or give an address, not both."))
        return data


class DenialImportForm(forms.Form):
    file = forms.FileField(label=_("file"))
    format = forms.ChoiceField(label=_("format"), choices=[("csv", "CSV"), ("json", "JSON")])


class HitDecisionForm(forms.Form):
    disposition = forms.ChoiceField(
        label=_("disposition"), widget=forms.RadioSelect,
        choices=[(Disposition.TRUE_MATCH, Disposition.TRUE_MATCH.label),
                 (Disposition.FALSE_POSITIVE, Disposition.FALSE_POSITIVE.label)])
    note = forms.CharField(label=_("reason for the disposition"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    next = forms.CharField(required=False, widget=forms.HiddenInput)
