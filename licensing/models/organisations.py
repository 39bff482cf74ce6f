"""Exporter organisations (companies, universities, brokers) and their internal compliance programme."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# EORI: two-letter country code followed by up to 15 alphanumerics (NL: NL + 9 digits).
eori_validator = RegexValidator(
    r"^[A-Z]{2}[0-9A-Z]{1,15}$",
    _("An EORI number is a two-letter country code followed by up to 15 letters or digits, e.g. NL123456789."),
)
kvk_validator = RegexValidator(r"^\d{8}$", _("A Chamber of Commerce (KvK) number has 8 digits."))


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    country = models.CharField(_("country"), max_length=2, default="NL")
    eori_number = models.CharField(
        _("EORI number"), max_length=17, unique=True, null=True, blank=True, validators=[eori_validator]
    )
    chamber_of_commerce_number = models.CharField(
        _("Chamber of Commerce number"), max_length=8, blank=True, validators=[kvk_validator]
    )
    has_icp = models.BooleanField(_("has an internal compliance programme"), default=False)
    icp_description = models.TextField(_("ICP description"), blank=True)
    icp_document = models.FileField(_("ICP document"), upload_to="icp/", blank=True)
    icp_document_sha256 = models.CharField(max_length=64, blank=True)
    icp_reviewed_on = models.DateField(_("ICP reviewed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="organisation_country_iso2"),
        ]

    def __str__(self):
        return self.name


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    organisation_role = models.CharField(max_length=20, default="applicant")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey("licensing.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"], condition=Q(accepted_at__isnull=True), name="one_open_invitation"
            )
        ]
