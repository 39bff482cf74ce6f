"""Case work on a submitted application: evaluations, notes, information requests, consultations,
decisions and their countersignature (four eyes)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Evaluation(models.Model):
    """A stored run of the rules service: its input, the list version, the findings and a hash."""

    # The indexes on the three optional links are partial (Meta): most rows are the API's stateless
    # evaluations (no application, and no user or no client), which then cost no index entry for them.
    application = models.ForeignKey(
        "licensing.Application", null=True, blank=True, on_delete=models.CASCADE, related_name="evaluations",
        db_index=False,
    )
    request = models.JSONField()
    response = models.JSONField()
    control_list_version = models.CharField(max_length=64)
    recommendation = models.CharField(max_length=32)
    reference_data_stamp = models.CharField(max_length=64, blank=True)
    sha256 = models.CharField(max_length=64)
    trigger = models.CharField(max_length=32, default="submission")  # submission, reclassification, list_change…
    # When the evaluation ran (set when the record is built: the API's records are written in batches).
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    client = models.ForeignKey(
        "licensing.ApiClient", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["application", "-created_at"], name="evaluation_case_idx",
                         condition=Q(application__isnull=False)),
            models.Index(fields=["created_by"], name="evaluation_user_idx", condition=Q(created_by__isnull=False)),
            models.Index(fields=["client"], name="evaluation_client_idx", condition=Q(client__isnull=False)),
        ]


class CaseNote(models.Model):
    application = models.ForeignKey("licensing.Application", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class InformationRequest(models.Model):
    application = models.ForeignKey(
        "licensing.Application", on_delete=models.CASCADE, related_name="information_requests"
    )
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(_("answer due"))
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(replied_at__isnull=True) | ~Q(reply=""), name="information_reply_has_text"
            )
        ]


class ConsultationKind(models.TextChoices):
    FOREIGN_AFFAIRS = "foreign_affairs", _("Ministry of Foreign Affairs (human-rights advice)")
    ART_5_4 = "art_5_4", _("Member states under Article 5(4)")
    ART_16_5 = "art_16_5", _("Member state that denied an essentially identical transaction (Art. 16(5))")
    OTHER = "other", _("Other")


class Consultation(models.Model):
    application = models.ForeignKey("licensing.Application", on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField(max_length=20, choices=ConsultationKind.choices)
    consulted_party = models.CharField(_("consulted"), max_length=200)
    question = models.TextField(_("question"))
    sent_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(_("reply due"))
    reply = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sent_at"]


class DecisionOutcome(models.TextChoices):
    APPROVE = "approve", _("Approve")
    DENY = "deny", _("Deny")
    AD_HOC_REQUIREMENT = "ad_hoc_requirement", _("Impose an ad-hoc licence requirement")
    NO_LICENCE_REQUIRED = "no_licence_required", _("No licence required")


class Decision(models.Model):
    """An officer's decision. Refusals, ad-hoc requirements and decisions against the recommendation take
    effect only once a senior officer other than the author countersigns (enforced here in the database)."""

    application = models.ForeignKey("licensing.Application", on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=24, choices=DecisionOutcome.choices)
    justification = models.TextField(_("justification"))
    grounds = models.JSONField(default=list, blank=True)  # cited legal grounds / finding rules
    recommendation = models.CharField(max_length=32, blank=True)  # the engine's, at decision time
    evaluation = models.ForeignKey(Evaluation, null=True, on_delete=models.PROTECT, related_name="+")
    departs_from_recommendation = models.BooleanField(default=False)
    requires_countersignature = models.BooleanField(default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    countersigned_at = models.DateTimeField(null=True, blank=True)
    countersign_rejected = models.BooleanField(default=False)
    countersign_comment = models.TextField(blank=True)
    effective = models.BooleanField(default=False)

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(countersigned_by__isnull=True) | ~Q(countersigned_by=F("decided_by")),
                name="countersigner_is_not_author",
            ),
            models.CheckConstraint(condition=~Q(justification=""), name="decision_has_justification"),
            models.CheckConstraint(
                condition=Q(requires_countersignature=False)
                | Q(effective=False)
                | Q(countersigned_by__isnull=False, countersign_rejected=False),
                name="countersigned_before_effective",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(effective=False, countersign_rejected=False),
                name="one_pending_decision_per_application",
            ),
        ]
