"""Back-office forms. Validation that is business logic lives in the services; forms check shape."""

from django import forms
from django.utils.translation import gettext_lazy as _

from licensing.models import ConsultationKind, DecisionOutcome, Status, User

RECOMMENDATIONS = [
    ("", _("Any")),
    ("approve", _("Approve")),
    ("deny", _("Deny")),
    ("ad_hoc_licence_required", _("Ad-hoc licence required")),
    ("general_authorisation", _("General authorisation")),
    ("no_licence_required", _("No licence required")),
]
SORT_CHOICES = [
    ("oldest", _("Oldest first")),
    ("newest", _("Newest first")),
    ("reference", _("Reference")),
    ("destination", _("Destination")),
    ("recommendation", _("Recommendation")),
    ("consultation_due", _("Consultation due")),
]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Reference, exporter or title"), required=False)
    destination = forms.CharField(label=_("Destination (ISO code)"), required=False, max_length=2)
    control_entry = forms.CharField(label=_("Control entry starts with"), required=False, max_length=40)
    cyber = forms.ChoiceField(label=_("Cyber-surveillance"), required=False,
                              choices=[("", _("Any")), ("yes", _("Yes")), ("no", _("No"))])
    recommendation = forms.ChoiceField(label=_("Recommendation"), required=False, choices=RECOMMENDATIONS)
    min_age_days = forms.IntegerField(label=_("Submitted at least … days ago"), required=False, min_value=0)
    flagged = forms.BooleanField(label=_("Flagged by list change"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any"))] + [c for c in Status.choices if c[0] != "draft"])
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return data


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), required=False, empty_label=_("Nobody (unassigned)"),
        queryset=User.objects.filter(role__in=["officer", "senior_officer"], is_active=True).order_by("full_name"),
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Only officers see notes."))


class ClearFlagForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500,
                           help_text=_("For example what you checked. Kept in the audit trail with the flag."))


class ReclassifyForm(forms.Form):
    control_entry = forms.CharField(label=_("Officer's classification"), required=False, max_length=40,
                                    help_text=_("An Annex I entry such as 5A001.j, or empty for not listed."))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class InformationRequestForm(forms.Form):
    question = forms.CharField(label=_("Question to the exporter"), widget=forms.Textarea(attrs={"rows": 4}))
    due_on = forms.DateField(label=_("Answer due"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                             help_text=_("Default: ten working days from today."))


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ConsultationKind.choices)
    consulted_party = forms.CharField(label=_("Consulted"), max_length=200)
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("Reply due"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                             help_text=_("Default: 30 working days (Art. 5(4)) or 10 working days (Art. 16(5))."))


class ConsultationReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply received"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect)
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required for every decision. It is recorded with the decision and quoted in letters."),
    )
    grounds = forms.MultipleChoiceField(
        label=_("Grounds from the findings"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Required for a refusal and for any decision that departs from the recommendation."),
    )
    other_grounds = forms.CharField(label=_("Other grounds (one per line)"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    conditions = forms.CharField(label=_("Licence conditions (approval only)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    valid_until = forms.DateField(label=_("Licence valid until (approval only)"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("Default and maximum: two years, four for a large project."))

    def __init__(self, *args, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices, seen = [], set()
        for f in findings:
            basis = f.get("legal_basis") or ""
            label = f"{basis} — {f.get('rule', '')}" if basis else f.get("rule", "")
            if label and label not in seen:
                seen.add(label)
                choices.append((label, label))
        self.fields["grounds"].choices = choices

    def all_grounds(self) -> list[str]:
        extra = [line.strip() for line in self.cleaned_data.get("other_grounds", "").splitlines() if line.strip()]
        return list(self.cleaned_data.get("grounds", [])) + extra


class CountersignForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Required when you do not countersign."))


class LicenceStatusForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=[
        ("suspend", _("Suspend")), ("reinstate", _("Reinstate")), ("revoke", _("Revoke")), ("expire", _("Expire")),
    ])
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class LicenceAmendForm(forms.Form):
    conditions = forms.CharField(label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    valid_until = forms.DateField(label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 2}))
