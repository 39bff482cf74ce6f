"""Forms of the application steps. Nothing is required while a draft is saved (completeness is
checked at submission); what is typed is validated for form and kept on an error."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dualis import countries
from licensing.models import Application, DocumentKind, EndUserType, PartyRole, Product
from licensing.services.applications import clean_control_entry


def country_choices(blank=True):
    """Every country, named in the user's language (dualis.countries)."""
    return ([("", _("Choose a country"))] if blank else []) + countries.choices()


class CountryField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", country_choices)
        super().__init__(**kwargs)


class GeneralForm(forms.ModelForm):
    destination = CountryField(label=_("Country of final destination"), required=False)

    class Meta:
        model = Application
        fields = ["title", "licence_type", "export_type", "destination", "intra_group", "large_project"]
        widgets = {"licence_type": forms.RadioSelect, "export_type": forms.Select}
        help_texts = {
            "title": _("A name you will recognise, e.g. the customer's order number."),
            "licence_type": _("Individual: one exporter, one end user, one or more items. Global: several end users "
                              "or countries (requires an internal compliance programme). Notification: you suspect "
                              "a non-listed item is meant for a use covered by a catch-all. Classification: ask "
                              "us whether your item is listed."),
            "intra_group": _("Tick when the recipient is a subsidiary or parent company of yours."),
        }


CYBER_HELP = _(
    "Answer yes if the item is specially designed to let someone secretly watch people by monitoring, "
    "extracting, collecting or analysing data from phones, computers or networks – for example spyware, "
    "interception equipment, facial or emotion recognition used on people, or location tracking. "
    "Ordinary security or network management products are not cyber-surveillance items."
)


class ItemForm(forms.Form):
    product = forms.ModelChoiceField(
        queryset=Product.objects.none(), required=False, label=_("From your product catalogue"),
        help_text=_("Choose a saved product to fill in the fields below, or leave empty and type them."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    part_number = forms.CharField(label=_("Part number"), max_length=100, required=False)
    control_entry = forms.CharField(
        label=_("Annex I entry (self-classification)"), max_length=40, required=False,
        help_text=_("The control-list code, e.g. 5A002.a. Leave empty if the item is not listed. "
                    "Use the search above to find the entry."),
    )
    cyber_surveillance = forms.TypedChoiceField(
        label=_("Is this a cyber-surveillance item?"), required=False, coerce=lambda v: v == "yes",
        choices=[("no", _("No")), ("yes", _("Yes"))], initial="no", widget=forms.RadioSelect, help_text=CYBER_HELP,
    )
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, max_digits=14, decimal_places=3, required=False)
    value_eur = forms.DecimalField(label=_("Value in EUR"), min_value=0, max_digits=14, decimal_places=2,
                                   required=False)

    def __init__(self, *args, products=None, **kwargs):
        super().__init__(*args, **kwargs)
        if products is not None:
            self.fields["product"].queryset = products

    def clean_control_entry(self):
        try:
            return clean_control_entry(self.cleaned_data.get("control_entry"))
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def clean(self):
        data = super().clean()
        product = data.get("product")
        if product is not None:
            data["description"] = data.get("description") or product.description
            data["part_number"] = data.get("part_number") or product.part_number
            data["control_entry"] = data.get("control_entry") or product.control_entry
            data["cyber_surveillance"] = bool(data.get("cyber_surveillance")) or product.cyber_surveillance
        return data


class BaseItemFormSet(forms.BaseFormSet):
    def __init__(self, *args, products=None, **kwargs):
        self.products = products
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "products": self.products}

    @property
    def empty_form(self):
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True,
                         use_required_attribute=False, products=self.products)
        self.add_fields(form, None)
        return form


ItemFormSet = forms.formset_factory(ItemForm, formset=BaseItemFormSet, extra=1, can_delete=True, max_num=50)


class PartyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300, required=False)
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    country = CountryField(label=_("Country"), required=False)
    type = forms.ChoiceField(label=_("Type"), choices=EndUserType.choices, initial=EndUserType.COMMERCIAL)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("country"):
            self.add_error("country", _("Choose the country of %(name)s.") % {"name": data["name"]})
        return data


OTHER_ROLES = [(r.value, r.label) for r in PartyRole if r != PartyRole.END_USER]


class OtherPartyForm(PartyForm):
    role = forms.ChoiceField(label=_("Role"), choices=OTHER_ROLES, initial=PartyRole.CONSIGNEE)
    field_order = ["role", "name", "address", "country", "type", "website"]


OtherPartyFormSet = forms.formset_factory(OtherPartyForm, extra=1, can_delete=True, max_num=30)


class EndUseForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["end_use"]
        widgets = {"end_use": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"end_use": _("What will the end user do with the goods, where, and for which project?")}


class DeclarationsForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["declaration_wmd", "declaration_military_end_use", "declaration_internal_repression",
                  "declarations_confirmed"]
        labels = {
            "declaration_wmd": _("I am aware the goods are or may be intended for weapons of mass destruction "
                                 "(chemical, biological or nuclear weapons or missiles to deliver them)."),
            "declaration_military_end_use": _("I am aware the goods are or may be intended for a military end use "
                                              "in a country under an arms embargo."),
            "declaration_internal_repression": _("I am aware the goods are or may be used for internal repression "
                                                 "or serious violations of human rights or humanitarian law."),
            "declarations_confirmed": _("I declare that the information in this application is complete and "
                                        "true, and I will tell the authority if I learn of any of the above."),
        }
        help_texts = {
            "declaration_internal_repression": _("For example: surveillance of journalists, activists or "
                                                 "minorities. Ticking this does not end your application; it "
                                                 "tells us what you know (Article 5(2))."),
        }


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[c for c in DocumentKind.choices if c[0] != DocumentKind.INFORMATION_REPLY],
    )
    file = forms.FileField(label=_("File"), help_text=_("PDF, PNG, JPEG, DOCX or XLSX."))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class InformationReplyForm(forms.Form):
    reply = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(label=_("Document (optional)"), required=False,
                           help_text=_("PDF, PNG, JPEG, DOCX or XLSX."))


class ObjectionForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds of your objection"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Explain why you disagree with the decision. You may add documents later on request."),
    )
