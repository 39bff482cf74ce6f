"""Licence applications: what an exporter wants to export, to whom, for what end use.

The body mirrors an evaluation request (CONTRACT.md): destination, end user, items, end use,
declarations, exporter; plus the application's own fields. Status only changes through
`licensing.workflow` (one transition table); nothing assigns `status` directly.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LicenceType(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual licence")
    GLOBAL = "global", _("Global licence")
    NOTIFICATION = "notification", _("Notification of a non-listed item (Art. 4(2)/5(2))")
    CLASSIFICATION = "classification", _("Classification request")


class ExportType(models.TextChoices):
    EXPORT = "export", _("Export")
    INTRA_EU_TRANSFER = "intra_eu_transfer", _("Transfer within the EU")
    BROKERING = "brokering", _("Brokering services")
    TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
    TRANSIT = "transit", _("Transit")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    AWAITING_COUNTERSIGNATURE = "awaiting_countersignature", _("Awaiting countersignature")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")
    AD_HOC_REQUIREMENT_IMPOSED = "ad_hoc_requirement_imposed", _("Ad-hoc licence requirement imposed")
    NO_LICENCE_REQUIRED = "no_licence_required", _("No licence required")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.UNDER_REVIEW,
    Status.INFORMATION_REQUESTED,
    Status.AWAITING_COUNTERSIGNATURE,
)
DECIDED_STATUSES = (
    Status.APPROVED,
    Status.DENIED,
    Status.AD_HOC_REQUIREMENT_IMPOSED,
    Status.NO_LICENCE_REQUIRED,
)


class EndUserType(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    POLICE_SECURITY = "police_security", _("Police or security service")
    INTELLIGENCE = "intelligence", _("Intelligence service")
    MILITARY = "military", _("Military")
    COMMERCIAL = "commercial", _("Commercial company")
    RESEARCH = "research", _("Research or academic")
    INDIVIDUAL = "individual", _("Private individual")
    UNKNOWN = "unknown", _("Unknown")


class Product(models.Model):
    """A good in the organisation's catalogue, saved once and reused across applications."""

    organisation = models.ForeignKey("licensing.Organisation", on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    part_number = models.CharField(_("part number"), max_length=100, blank=True)
    specifications = models.TextField(_("technical specifications"), blank=True)
    control_entry = models.CharField(_("self-classification (Annex I entry)"), max_length=40, blank=True)
    cyber_surveillance = models.BooleanField(_("cyber-surveillance item"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "part_number"],
                condition=~Q(part_number=""),
                name="product_part_number_unique_per_organisation",
            )
        ]

    def __str__(self):
        return self.name


class Application(models.Model):
    organisation = models.ForeignKey(
        "licensing.Organisation", on_delete=models.PROTECT, related_name="applications"
    )
    reference = models.CharField(_("reference"), max_length=32, unique=True, null=True, blank=True)
    licence_type = models.CharField(
        _("type"), max_length=20, choices=LicenceType.choices, default=LicenceType.INDIVIDUAL
    )
    status = models.CharField(_("status"), max_length=32, choices=Status.choices, default=Status.DRAFT, editable=False)
    export_type = models.CharField(
        _("export type"), max_length=24, choices=ExportType.choices, default=ExportType.EXPORT
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    destination = models.CharField(_("final destination"), max_length=2, blank=True)
    end_use = models.TextField(_("end use"), blank=True)
    declaration_wmd = models.BooleanField(_("aware of an intended WMD use"), default=False)
    declaration_military_end_use = models.BooleanField(_("aware of a military end use"), default=False)
    declaration_internal_repression = models.BooleanField(
        _("aware of a use for internal repression or serious human-rights violations"), default=False
    )
    declarations_confirmed = models.BooleanField(_("declarations confirmed"), default=False)
    intra_group = models.BooleanField(_("export within the same group of companies"), default=False)
    licence_requirement_notified = models.BooleanField(default=False)
    large_project = models.BooleanField(_("large project (validity up to four years)"), default=False)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    amends_licence = models.ForeignKey(
        "licensing.Licence", null=True, blank=True, on_delete=models.PROTECT, related_name="amendment_requests"
    )
    # null when created by an organisation's API client (recorded in the audit trail)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Case work
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_cases"
    )
    team = models.CharField(max_length=100, blank=True)
    latest_evaluation = models.ForeignKey(
        "licensing.Evaluation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recommendation = models.CharField(max_length=32, blank=True, db_index=True)
    cyber_surveillance = models.BooleanField(default=False, db_index=True)
    flagged_reason = models.TextField(blank=True)  # set when a list change altered the recommendation
    clock_stopped_days = models.PositiveIntegerField(default=0)  # days waiting for the exporter

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["destination"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(destination="") | Q(destination__regex=r"^[A-Z]{2}$"), name="application_destination_iso2"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(reference__isnull=False), name="submitted_application_has_reference"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="submitted_application_has_date"
            ),
        ]

    def __str__(self):
        return self.reference or f"Draft {self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def end_user(self):
        return next((p for p in self.parties.all() if p.role == PartyRole.END_USER), None)


class ApplicationItem(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    description = models.TextField(_("description"))
    part_number = models.CharField(_("part number"), max_length=100, blank=True)
    control_entry = models.CharField(_("Annex I entry"), max_length=40, blank=True)  # "" = not listed
    cyber_surveillance = models.BooleanField(_("cyber-surveillance item"), default=False)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3, validators=[MinValueValidator(0)])
    value_eur = models.DecimalField(_("value (EUR)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    officer_control_entry = models.CharField(_("officer's classification"), max_length=40, blank=True)
    officer_classified = models.BooleanField(default=False)  # True: officer_control_entry ("" = not listed) applies

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="item_quantity_not_negative"),
            models.CheckConstraint(condition=Q(value_eur__gte=0), name="item_value_not_negative"),
        ]

    @property
    def effective_control_entry(self) -> str:
        return self.officer_control_entry if self.officer_classified else self.control_entry


class PartyRole(models.TextChoices):
    END_USER = "end_user", _("End user")
    CONSIGNEE = "consignee", _("Consignee")
    INTERMEDIATE_CONSIGNEE = "intermediate_consignee", _("Intermediate consignee")
    THIRD_PARTY = "third_party", _("Third party")


class Party(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=24, choices=PartyRole.choices)
    name = models.CharField(_("name"), max_length=300)
    address = models.TextField(_("address"), blank=True)
    country = models.CharField(_("country"), max_length=2)
    type = models.CharField(_("type"), max_length=20, choices=EndUserType.choices, default=EndUserType.COMMERCIAL)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="party_country_iso2"),
            models.UniqueConstraint(
                fields=["application"], condition=Q(role="end_user"), name="one_end_user_per_application"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country})"


class DocumentKind(models.TextChoices):
    END_USER_STATEMENT = "end_user_statement", _("End-user statement")
    TECHNICAL_SPECIFICATION = "technical_specification", _("Technical specification")
    CONTRACT = "contract", _("Contract or order")
    INFORMATION_REPLY = "information_reply", _("Reply to an information request")
    OTHER = "other", _("Other")


class Document(models.Model):
    """An uploaded file: type checked by content, size-limited, stored with its SHA-256."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    file = models.FileField(upload_to="documents/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(  # null when uploaded by an organisation's API client
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    information_request = models.ForeignKey(
        "licensing.InformationRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )

    class Meta:
        ordering = ["uploaded_at"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="document_not_empty")]
