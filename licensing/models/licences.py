"""Issued licences, their lines, and their use at customs (write-offs, exactly once)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class LicenceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class Licence(models.Model):
    number = models.CharField(_("licence number"), max_length=32, unique=True)
    application = models.ForeignKey(
        "licensing.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="licences"
    )
    holder = models.ForeignKey("licensing.Organisation", on_delete=models.PROTECT, related_name="licences")
    licence_type = models.CharField(max_length=20, default="individual")
    status = models.CharField(max_length=12, choices=LicenceStatus.choices, default=LicenceStatus.ACTIVE, editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    destinations = models.JSONField(default=list)  # ISO2 codes
    end_users = models.JSONField(default=list)  # names
    conditions = models.TextField(_("conditions"), blank=True)
    control_list_version = models.CharField(max_length=64, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    status_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gte=F("valid_from")), name="licence_validity_ordered"),
        ]

    def __str__(self):
        return self.number


class LicenceLine(models.Model):
    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="lines")
    line = models.PositiveSmallIntegerField()
    control_entry = models.CharField(max_length=40, blank=True)
    description = models.TextField()
    quantity = models.DecimalField(max_digits=14, decimal_places=3)
    value_eur = models.DecimalField(max_digits=14, decimal_places=2)
    used_quantity = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    used_value_eur = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        ordering = ["line"]
        constraints = [
            models.UniqueConstraint(fields=["licence", "line"], name="licence_line_unique"),
            models.CheckConstraint(condition=Q(used_quantity__gte=0), name="used_quantity_not_negative"),
            models.CheckConstraint(condition=Q(used_value_eur__gte=0), name="used_value_not_negative"),
            models.CheckConstraint(condition=Q(used_quantity__lte=F("quantity")), name="no_quantity_overdraw"),
            models.CheckConstraint(condition=Q(used_value_eur__lte=F("value_eur")), name="no_value_overdraw"),
        ]


class Usage(models.Model):
    """A customs write-off against a licence, possibly reversed for a cancelled declaration."""

    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="usages")
    declaration_reference = models.CharField(max_length=100)
    client = models.ForeignKey("licensing.ApiClient", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reversed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]


class UsageLine(models.Model):
    usage = models.ForeignKey(Usage, on_delete=models.CASCADE, related_name="lines")
    licence_line = models.ForeignKey(LicenceLine, on_delete=models.PROTECT, related_name="usages")
    quantity = models.DecimalField(max_digits=14, decimal_places=3)
    value_eur = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0) & Q(value_eur__gte=0), name="usage_line_not_negative"),
        ]


class IdempotencyKey(models.Model):
    """Remembers a customs request so the same key with the same body replays the original response."""

    client = models.ForeignKey("licensing.ApiClient", null=True, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    scope = models.CharField(max_length=200)  # method + path
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "scope", "key"], name="idempotency_key_unique")]
