"""Re-evaluation of open cases after a change of reference data (a new Annex I version, country measures,
concern registers), and the bookkeeping of scheduled background work.

A job is split into chunks of case ids; a chunk is processed exactly once (its `done` flag is set in the
same transaction that stores its results). The chunk keeps the ids of every case it evaluated (with their
recommendation now); only a CHANGED case gets a `ReevaluationResult` row (before, after, cause), unique per
job and case, so a retried or redelivered chunk never double counts.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReevaluationTrigger(models.TextChoices):
    LIST_VERSION = "list_version", _("New control-list version")
    COUNTRY_MEASURES = "country_measures", _("Country measures changed")
    CONCERN_REGISTER = "concern_register", _("Concern register changed")
    PERIODIC = "periodic", _("Periodic re-screening")
    MANUAL = "manual", _("Started by hand")


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")


class CaseKind(models.TextChoices):
    APPLICATION = "application", _("Application")
    LICENCE = "licence", _("Licence")


class ReevaluationJob(models.Model):
    trigger = models.CharField(_("trigger"), max_length=20, choices=ReevaluationTrigger.choices)
    version = models.ForeignKey(
        "controllists.ControlListVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    previous_version_id = models.CharField(max_length=64, blank=True)  # the version it replaced
    countries = models.JSONField(default=list, blank=True)  # limits the job to these destinations/parties
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    key = models.CharField(max_length=100, blank=True)  # de-duplicates jobs started by schedules
    as_of = models.DateField()
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    chunk_count = models.PositiveIntegerField(default=0)
    rate = models.FloatField(null=True, blank=True)  # cases per second, set on completion
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_progress_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="reevaluation_job_key_unique"),
        ]

    def __str__(self):
        return f"Re-evaluation {self.pk} ({self.get_trigger_display()})"


class JobChunk(models.Model):
    """A contiguous id range of cases of one kind; `done` is set once, with its results."""

    job = models.ForeignKey(ReevaluationJob, on_delete=models.CASCADE, related_name="chunks")
    kind = models.CharField(max_length=12, choices=CaseKind.choices)
    number = models.PositiveIntegerField()
    first_id = models.PositiveBigIntegerField()
    last_id = models.PositiveBigIntegerField()
    size = models.PositiveIntegerField()  # planned cases
    done = models.BooleanField(default=False)
    evaluated = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Every case the chunk evaluated (ascending ids) and its recommendation now ("" when it cannot be
    # evaluated), stored with `done`: the report of unchanged cases, and the proof each case counted once.
    case_ids = models.JSONField(default=list, blank=True)
    recommendations = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["job", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["job", "kind", "number"], name="job_chunk_unique"),
            models.CheckConstraint(condition=Q(last_id__gte=models.F("first_id")), name="job_chunk_range_ordered"),
        ]
        indexes = [models.Index(fields=["job", "done"])]

    def __str__(self):
        return f"{self.job_id}/{self.kind}/{self.number} ({self.first_id}-{self.last_id})"


class ReevaluationResult(models.Model):
    """A changed case in a job's report: the recommendation and item classification before and after, and
    why. Unchanged cases are recorded compactly on their chunk (`JobChunk.case_ids`)."""

    job = models.ForeignKey(ReevaluationJob, on_delete=models.CASCADE, related_name="results")
    application = models.ForeignKey("licensing.Application", null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="reevaluations")
    licence = models.ForeignKey("licensing.Licence", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="reevaluations")
    old_recommendation = models.CharField(max_length=32, blank=True)
    new_recommendation = models.CharField(max_length=32, blank=True)
    old_items = models.JSONField(default=list, blank=True)  # [{index, control_entry, listed, licence_required}]
    new_items = models.JSONField(default=list, blank=True)
    changed = models.BooleanField(default=False)
    cause = models.TextField(blank=True)  # one sentence an officer can read
    cause_entries = models.JSONField(default=list, blank=True)  # Annex I entries / register records behind it
    evaluation = models.ForeignKey("licensing.Evaluation", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["job", "id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "application"], condition=Q(application__isnull=False),
                                    name="reevaluation_once_per_application"),
            models.UniqueConstraint(fields=["job", "licence"], condition=Q(licence__isnull=False),
                                    name="reevaluation_once_per_licence"),
            models.CheckConstraint(
                condition=Q(application__isnull=False, licence__isnull=True)
                | Q(application__isnull=True, licence__isnull=False),
                name="reevaluation_result_one_case",
            ),
        ]
        indexes = [models.Index(fields=["job", "changed"])]

    def __str__(self):
        return f"{self.job_id}: {self.old_recommendation} -> {self.new_recommendation}"


class ListActivation(models.Model):
    """A control-list version scheduled to come into force on a date (a beat task activates it)."""

    version = models.OneToOneField("controllists.ControlListVersion", on_delete=models.CASCADE,
                                   related_name="scheduled_activation")
    activates_on = models.DateField(_("comes into force on"))
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey(ReevaluationJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["activates_on"]

    def __str__(self):
        return f"{self.version_id} on {self.activates_on}"


class ReminderSent(models.Model):
    """A scheduled reminder already sent (kind + subject), so a re-run of a beat task sends nothing twice."""

    kind = models.CharField(max_length=40)
    subject_key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "subject_key"], name="reminder_sent_once")]

    def __str__(self):
        return f"{self.kind} {self.subject_key}"
