"""Exporter-side records beyond the application itself: reference numbering, registrations of the use
of a Union general export authorisation, and objections (bezwaar) against decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReferenceCounter(models.Model):
    """One row per series ("DU" applications, "GEA" registrations) and year; incremented under a row
    lock so two submissions never share a reference."""

    series = models.CharField(max_length=8, default="DU")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="reference_counter_unique")]

    def __str__(self):
        return f"{self.series}-{self.year}: {self.last}"


class GeaCode(models.TextChoices):
    EU001 = "EU001", _("EU001 – exports to low-risk partner countries (first-use notification)")
    EU007 = "EU007", _("EU007 – intra-group transfer of software and technology (registration)")
    EU008 = "EU008", _("EU008 – encryption (registration)")


class GeaRegistration(models.Model):
    """The exporter registers its use of a Union general export authorisation (EU001 within 30 days of
    the first export; EU007 and EU008 before first use)."""

    organisation = models.ForeignKey(
        "licensing.Organisation", on_delete=models.PROTECT, related_name="gea_registrations"
    )
    authorisation = models.CharField(_("general authorisation"), max_length=5, choices=GeaCode.choices)
    first_export_on = models.DateField(_("date of first export"), null=True, blank=True)
    items_description = models.TextField(_("items exported under the authorisation"))
    destinations = models.JSONField(_("destinations"), default=list)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    reference = models.CharField(max_length=32, unique=True)

    class Meta:
        ordering = ["-registered_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(authorisation="EU001") | Q(first_export_on__isnull=False),
                name="eu001_registration_has_first_export_date",
            ),
        ]

    def __str__(self):
        return self.reference


class Objection(models.Model):
    """A notice of objection (bezwaarschrift) against a decision, lodged within six weeks."""

    application = models.ForeignKey("licensing.Application", on_delete=models.PROTECT, related_name="objections")
    grounds = models.TextField(_("grounds of objection"))
    lodged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lodged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-lodged_at"]
        constraints = [models.CheckConstraint(condition=~Q(grounds=""), name="objection_has_grounds")]
