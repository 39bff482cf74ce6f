"""Registers officers maintain: country measures, human-rights concerns, end-user concerns, denials.

Every record carries its source and validity dates; the rules service reads them through a snapshot.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class MeasureType(models.TextChoices):
    ARMS_EMBARGO_EU = "arms_embargo_eu", _("EU arms embargo")
    ARMS_EMBARGO_UN = "arms_embargo_un", _("UN arms embargo")
    ARMS_EMBARGO_OSCE = "arms_embargo_osce", _("OSCE arms embargo")
    DUAL_USE_EXPORT_BAN = "dual_use_export_ban", _("Ban on exports of dual-use items")
    INTERNAL_REPRESSION_EQUIPMENT_BAN = "internal_repression_equipment_ban", _("Ban on equipment for internal repression")
    TELECOM_MONITORING_BAN = "telecom_monitoring_ban", _("Restrictions on monitoring and interception equipment")
    POLITICAL_DECLARATION = "political_declaration", _("Political declaration (not an arms embargo)")


class Scope(models.TextChoices):
    FULL = "full", _("Full")
    PARTIAL = "partial", _("Partial")


class CountryMeasure(models.Model):
    country = models.CharField(_("country"), max_length=2)
    country_name = models.CharField(max_length=100, blank=True)
    measure = models.CharField(_("measure"), max_length=40, choices=MeasureType.choices)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.FULL)
    legal_basis = models.TextField(_("legal basis"))
    since = models.DateField(_("in force since"), null=True, blank=True)
    since_text = models.CharField(max_length=20, blank=True)  # as given by the source (e.g. "1991")
    until = models.DateField(_("in force until"), null=True, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    needs_check = models.BooleanField(_("needs an officer's check"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["country", "measure"]
        constraints = [
            models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="measure_country_iso2"),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gt=F("since")),
                name="measure_dates_ordered",
            ),
            models.UniqueConstraint(fields=["country", "measure", "since"], name="measure_unique_per_start"),
        ]

    def __str__(self):
        return f"{self.country} {self.measure}"


class ConcernLevel(models.TextChoices):
    SERIOUS = "serious", _("Serious")
    ELEVATED = "elevated", _("Elevated")
    NONE = "none", _("No particular concern")


class CountryConcern(models.Model):
    """Human-rights concern about a destination (Common Position 2008/944/CFSP criterion 2)."""

    country = models.CharField(_("country"), max_length=2)
    level = models.CharField(_("level"), max_length=10, choices=ConcernLevel.choices)
    basis = models.TextField(_("basis"))
    source = models.TextField(_("source"))
    source_url = models.URLField(max_length=500, blank=True)
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["country"]
        constraints = [
            models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="concern_country_iso2"),
            models.UniqueConstraint(fields=["country", "since"], name="concern_unique_per_start"),
        ]


class EndUserConcern(models.Model):
    """An organisation or person the authority has concerns about (officer-only)."""

    name = models.CharField(_("name"), max_length=300)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    kind = models.CharField(max_length=12, default="organisation")  # organisation | person
    address = models.TextField(blank=True)
    country = models.CharField(_("country"), max_length=2)
    basis = models.TextField(_("basis"))
    source = models.TextField(_("source"))
    source_url = models.URLField(max_length=500, blank=True)
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="end_user_concern_country_iso2"),
            models.UniqueConstraint(fields=["name", "country"], name="end_user_concern_unique"),
        ]

    def __str__(self):
        return self.name


class DenialOrigin(models.TextChoices):
    OWN = "own", _("Our refusal")
    RECEIVED = "received", _("Received from another member state")


class Denial(models.Model):
    """An Art. 16 denial notification: ours (from a refusal) or received through the EU exchange."""

    reference = models.CharField(_("reference"), max_length=64, unique=True)
    origin = models.CharField(max_length=10, choices=DenialOrigin.choices)
    member_state = models.CharField(_("denying member state"), max_length=2)
    control_entries = models.JSONField(_("control entries"), default=list)
    item_description = models.TextField(blank=True)
    end_user = models.CharField(_("end user"), max_length=300)
    end_user_country = models.CharField(max_length=2, blank=True)
    consignee = models.CharField(_("consignee"), max_length=300, blank=True)
    destination = models.CharField(_("destination"), max_length=2)
    end_use = models.TextField(_("end use"), blank=True)
    reason = models.TextField(_("grounds"), blank=True)
    denied_on = models.DateField(_("denied on"))
    review_due_on = models.DateField(_("review due (3 years)"))
    revoked_on = models.DateField(null=True, blank=True)
    application = models.ForeignKey(
        "licensing.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="denials"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-denied_on"]
        constraints = [
            models.CheckConstraint(condition=Q(destination__regex=r"^[A-Z]{2}$"), name="denial_destination_iso2"),
            models.CheckConstraint(condition=Q(review_due_on__gt=F("denied_on")), name="denial_review_after_denial"),
            models.CheckConstraint(
                condition=Q(origin="received") | Q(application__isnull=False), name="own_denial_has_application"
            ),
        ]
