"""The EU control list as versioned data: Annex I entries as a tree, notes, definitions, Annex II general
authorisations with Section I, and Annex IV. Every imported version is kept."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    SUPERSEDED = "superseded", _("Superseded")


class ControlListVersion(models.Model):
    version_id = models.CharField(_("version"), max_length=64, unique=True)  # "02021R0821-20251115"
    celex = models.CharField(_("CELEX number"), max_length=32, blank=True)
    valid_from = models.DateField(_("valid from"))
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    checksum = models.CharField(_("SHA-256 of the imported file"), max_length=64, unique=True)
    attribution = models.TextField(_("attribution"), blank=True)
    amending_act = models.CharField(_("amending act"), max_length=200, blank=True)
    regime_updates = models.TextField(_("regime updates implemented"), blank=True)
    known_issues = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    imported_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    entry_count = models.PositiveIntegerField(default=0)
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from"], condition=~Q(status="draft"), name="one_version_in_force_per_date"
            ),
        ]

    def __str__(self):
        return self.version_id


class ControlEntry(models.Model):
    """An item of Annex I at any depth: the entry (5A001) or a sub-item (5A001.j.1.a)."""

    version = models.ForeignKey(ControlListVersion, on_delete=models.CASCADE, related_name="entries")
    code = models.CharField(max_length=40)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    entry_code = models.CharField(max_length=5)
    category = models.CharField(max_length=1)
    product_group = models.CharField(max_length=1)
    depth = models.PositiveSmallIntegerField()
    position = models.IntegerField()
    text = models.TextField()  # this item's own line(s)
    full_text = models.TextField(blank=True)  # for an entry: its whole verbatim text
    notes = models.JSONField(default=list, blank=True)  # [{kind, label, text}] attached to this item
    cyber_surveillance = models.BooleanField(default=False)
    annex_iv = models.BooleanField(default=False)
    section_i = models.BooleanField(default=False)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="entry_code_unique_per_version"),
            models.CheckConstraint(condition=Q(category__regex=r"^[0-9]$"), name="entry_category_digit"),
            models.CheckConstraint(condition=Q(product_group__in=list("ABCDE")), name="entry_product_group"),
        ]
        indexes = [models.Index(fields=["code"]), models.Index(fields=["version", "entry_code"])]
        verbose_name_plural = "control entries"

    def __str__(self):
        return self.code


class ListDocument(models.Model):
    """Definitions, general notes, acronyms and section notes of a version."""

    version = models.ForeignKey(ControlListVersion, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "position"]


class GeneralAuthorisation(models.Model):
    """A Union general export authorisation of Annex II (EU001-EU008) in a version."""

    version = models.ForeignKey(ControlListVersion, on_delete=models.CASCADE, related_name="general_authorisations")
    code = models.CharField(max_length=5)
    title = models.CharField(max_length=300)
    data = models.JSONField()  # the parsed authorisation: destinations, items, exclusions, conditions
    verbatim_text = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="gea_unique_per_version"),
            models.CheckConstraint(condition=Q(code__regex=r"^EU00[1-9]$"), name="gea_code_format"),
        ]

    def __str__(self):
        return self.code


class SectionIEntry(models.Model):
    """Annex II Section I: items no general authorisation (EU001…) may cover, besides all of Annex IV."""

    version = models.ForeignKey(ControlListVersion, on_delete=models.CASCADE, related_name="section_i")
    code = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="section_i_unique")]


class AnnexIVEntry(models.Model):
    """Annex IV: items whose transfer within the Union needs a licence (Art. 11)."""

    version = models.ForeignKey(ControlListVersion, on_delete=models.CASCADE, related_name="annex_iv")
    code = models.CharField(max_length=40, blank=True)  # blank for a free-text rule row
    label = models.CharField(max_length=100, blank=True)
    part = models.CharField(max_length=4)
    text = models.TextField()
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["version", "part", "code"]


class ReferenceDataState(models.Model):
    """A single row whose counter every write to reference data bumps, so in-memory snapshots
    in every process know when to reload."""

    counter = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="reference_data_state_singleton")]
