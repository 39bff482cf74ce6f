"""Signed notifications to API clients when a licence is suspended, revoked or amended."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    SUSPENDED = "licence.suspended", _("Licence suspended")
    REVOKED = "licence.revoked", _("Licence revoked")
    AMENDED = "licence.amended", _("Licence amended")
    REINSTATED = "licence.reinstated", _("Licence reinstated")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One notification to one client; every attempt updates it so administrators can see what happened."""

    client = models.ForeignKey("licensing.ApiClient", on_delete=models.CASCADE, related_name="webhook_deliveries")
    licence = models.ForeignKey(
        "licensing.Licence", null=True, on_delete=models.SET_NULL, related_name="webhook_deliveries"
    )
    event = models.CharField(_("event"), max_length=32, choices=WebhookEvent.choices)
    url = models.URLField(_("URL"))
    payload = models.JSONField()
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_at__isnull=False), name="webhook_delivered_has_time"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="webhook_delivery_status_idx")]

    def __str__(self):
        return f"{self.event} → {self.client} ({self.status})"
