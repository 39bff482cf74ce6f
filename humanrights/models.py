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

    def __str__(self):
        return f"{self.country} {self.level}"


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


# --- screening lists and hits ------------------------------------------------------------------

    def __str__(self):
        return self.reference


class ListFormat(models.TextChoices):
    EU_FSF = "eu-fsf", _("EU consolidated financial sanctions list (XML or CSV)")
    FTM = "ftm", _("FollowTheMoney JSON lines (OpenSanctions)")


class ScreeningList(models.Model):
    """A sanctions or screening list imported from a file; re-importing replaces its entries."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    format = models.CharField(_("format"), max_length=10, choices=ListFormat.choices)
    source = models.CharField(_("imported from"), max_length=500)
    licence = models.TextField(_("licence and attribution"), blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    entry_count = models.PositiveIntegerField(default=0)
    active = models.BooleanField(_("used in screening"), default=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ScreeningEntry(models.Model):
    """One listed organisation or person."""

    screening_list = models.ForeignKey(ScreeningList, on_delete=models.CASCADE, related_name="entries")
    source_id = models.CharField(_("identifier in the list"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, default="organisation")  # organisation | person | other
    name = models.CharField(_("name"), max_length=500)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    addresses = models.JSONField(_("addresses"), default=list, blank=True)
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    basis = models.TextField(_("basis"), blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    listed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["screening_list", "source_id"], name="screening_entry_unique_source_id"),
        ]

    def __str__(self):
        return self.name


class ScreeningToken(models.Model):
    """A word of the match keys of listed names, with the number of names holding it: the vocabulary
    candidate retrieval looks words up in (exactly, and by trigram similarity on PostgreSQL)."""

    token = models.CharField(max_length=100, unique=True)
    df = models.PositiveIntegerField(default=0)  # names holding the word

    def __str__(self):
        return self.token


class ScreeningName(models.Model):
    """One name or alias of an entry, as its match key, with the words it is found by."""

    entry = models.ForeignKey(ScreeningEntry, on_delete=models.CASCADE, related_name="names")
    screening_list = models.ForeignKey(ScreeningList, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=500)
    key = models.CharField(max_length=500)
    tokens = models.ManyToManyField(ScreeningToken, related_name="names")

    class Meta:
        indexes = [models.Index(fields=["key"], name="screeningname_key")]

    def __str__(self):
        return self.name


class RecordType(models.TextChoices):
    END_USER_CONCERN = "end_user_concern", _("Registered end-user concern")
    DENIAL = "denial", _("Denial")
    LIST_ENTRY = "list_entry", _("Sanctions or screening list entry")


class Disposition(models.TextChoices):
    OPEN = "open", _("Not yet decided")
    TRUE_MATCH = "true_match", _("True match")
    FALSE_POSITIVE = "false_positive", _("False positive")


class ScreeningHit(models.Model):
    """A party of an application that matches a registered or listed record."""

    party = models.ForeignKey("licensing.Party", on_delete=models.CASCADE, related_name="screening_hits")
    record_type = models.CharField(max_length=20, choices=RecordType.choices)
    record_id = models.PositiveBigIntegerField()
    record_label = models.CharField(_("matched record"), max_length=600)
    matched_name = models.CharField(_("matched name"), max_length=500)
    score = models.FloatField(_("score"))
    reason = models.TextField(_("reason"))
    disposition = models.CharField(_("disposition"), max_length=16, choices=Disposition.choices,
                                   default=Disposition.OPEN)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField()
    current = models.BooleanField(default=True)  # False once a re-screening no longer finds it

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["party", "record_type", "record_id"], name="screening_hit_unique"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="screening_hit_score_range"),
            models.CheckConstraint(condition=Q(disposition="open") | Q(decided_by__isnull=False),
                                   name="screening_hit_decided_by_someone"),
        ]

    def __str__(self):
        return f"{self.party} ~ {self.record_label}"


class FalsePositive(models.Model):
    """An officer's finding that a name (in a country) is not a record: screening remembers it, so the
    same false positive does not return for this or any later application."""

    party_key = models.CharField(max_length=500)
    party_country = models.CharField(max_length=2)
    record_type = models.CharField(max_length=20, choices=RecordType.choices)
    record_id = models.PositiveBigIntegerField()
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["party_key", "party_country", "record_type", "record_id"],
                                    name="false_positive_unique"),
        ]

    def __str__(self):
        return f"{self.party_key} ({self.party_country}) is not {self.record_type} {self.record_id}"
