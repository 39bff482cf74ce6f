from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ControlListUploadForm(forms.Form):
    dataset = forms.FileField(
        label=_("Control-list dataset (JSON)"),
        help_text=_("The consolidated Annex I as a dataset file with corpus_version, valid_from and entries, "
                    "like the shipped files. It is imported as a draft: nothing changes until you schedule it."),
    )
    amending_act = forms.CharField(
        label=_("Amending act"), required=False, max_length=200,
        help_text=_("For example: Commission Delegated Regulation (EU) 2026/123."),
    )

    def clean_dataset(self):
        dataset = self.cleaned_data["dataset"]
        if dataset.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not dataset.name.lower().endswith(".json"):
            raise forms.ValidationError(_("Upload a .json dataset file."))
        return dataset
