"""Append-only, hash-chained audit trail (Art. 27: kept at least five years; nothing hard-deleted)."""

import hashlib
import json

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)  # user email, API client name or "system"
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    application = models.ForeignKey(
        "licensing.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    changes = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]

    def compute_hash(self) -> str:
        payload = json.dumps(
            {
                "at": self.at.isoformat() if self.at else "",
                "actor": self.actor_label,
                "action": self.action,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "application": self.application_id,
                "changes": self.changes,
                "previous": self.previous_hash,
            },
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()
