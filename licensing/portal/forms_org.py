"""Forms of the organisation, product catalogue and general-authorisation pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from licensing.models import GeaCode, Organisation, Product
from licensing.services.applications import clean_control_entry

from .forms import CYBER_HELP, country_choices


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["name", "description", "part_number", "specifications", "control_entry", "cyber_surveillance"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "specifications": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"control_entry": _("Leave empty if the product is not listed in Annex I."),
                      "cyber_surveillance": CYBER_HELP}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation or self.instance.organisation

    def clean_control_entry(self):
        try:
            return clean_control_entry(self.cleaned_data.get("control_entry"))
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def validate_unique(self):
        # the organisation is not a form field: check the part-number constraint explicitly
        part = self.cleaned_data.get("part_number")
        if part and Product.objects.filter(organisation=self.instance.organisation, part_number=part).exclude(
                pk=self.instance.pk).exists():
            self.add_error("part_number", _("Another product in your catalogue has this part number."))


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "address", "eori_number", "chamber_of_commerce_number"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"eori_number": _("Two letters and up to 15 letters or digits, e.g. NL123456789.")}

    def clean_eori_number(self):
        value = (self.cleaned_data.get("eori_number") or "").replace(" ", "").upper()
        return value or None


class IcpForm(forms.Form):
    icp_description = forms.CharField(label=_("Describe your internal compliance programme"),
                                      widget=forms.Textarea(attrs={"rows": 4}))
    icp_document = forms.FileField(label=_("ICP document"), help_text=_("PDF, DOCX or similar, as one file."))


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    organisation_role = forms.ChoiceField(
        label=_("Role"), choices=[("applicant", _("Applicant")), ("admin", _("Organisation administrator"))])


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    password = forms.CharField(label=_("Choose a password"), widget=forms.PasswordInput, min_length=10,
                               help_text=_("At least 10 characters."))


class GeaRegistrationForm(forms.Form):
    authorisation = forms.ChoiceField(label=_("General authorisation"), choices=GeaCode.choices,
                                      widget=forms.RadioSelect)
    items_description = forms.CharField(label=_("Items (with their Annex I entries)"),
                                        widget=forms.Textarea(attrs={"rows": 3}))
    destinations = forms.MultipleChoiceField(label=_("Destinations"), choices=lambda: country_choices(blank=False),
                                             widget=forms.SelectMultiple(attrs={"size": 8}))
    first_export_on = forms.DateField(
        label=_("Date of first export"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("EU001: register within 30 days after the first export."))

    def clean(self):
        data = super().clean()
        day = data.get("first_export_on")
        if data.get("authorisation") == GeaCode.EU001:
            if day is None:
                self.add_error("first_export_on", _("EU001 requires the date of the first export."))
            elif day > timezone.localdate():
                self.add_error("first_export_on", _("The first export cannot be in the future."))
            elif (timezone.localdate() - day).days > 30:
                self.add_error("first_export_on", _(
                    "EU001 use must be registered within 30 days after the first export; this is more than 30 "
                    "days ago. Contact the licensing authority."))
        return data


class ApiClientForm(forms.Form):
    name = forms.CharField(label=_("Name of your system"), max_length=60,
                           help_text=_("For example: ERP production. The token is shown once."))
