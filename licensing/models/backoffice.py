"""Back-office records: documents the authority issues (licences, refusal letters, ad-hoc notices).

An issued document is stored once, with its SHA-256 and a verification code, and is never regenerated:
the same bytes are served every time (Art. 27 record keeping).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IssuedDocumentKind(models.TextChoices):
    LICENCE = "licence", _("Licence")
    REFUSAL_LETTER = "refusal_letter", _("Refusal letter")
    AD_HOC_NOTICE = "ad_hoc_notice", _("Notice of an ad-hoc licence requirement")


class IssuedDocument(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=IssuedDocumentKind.choices)
    application = models.ForeignKey(
        "licensing.Application", on_delete=models.PROTECT, related_name="issued_documents"
    )
    licence = models.ForeignKey(
        "licensing.Licence", null=True, blank=True, on_delete=models.PROTECT, related_name="issued_documents"
    )
    version = models.PositiveSmallIntegerField(default=1)  # a licence amendment issues a new version
    file = models.FileField(upload_to="issued/%Y/%m/", editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    verification_code = models.CharField(_("verification code"), max_length=20, unique=True, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "licence", "version"], condition=Q(licence__isnull=False),
                name="issued_document_unique_per_licence_version",
            ),
            models.UniqueConstraint(
                fields=["kind", "application", "version"], condition=Q(licence__isnull=True),
                name="issued_document_unique_per_application_version",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="issued_document_not_empty"),
            models.CheckConstraint(
                condition=~Q(kind="licence") | Q(licence__isnull=False), name="licence_document_has_licence"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.verification_code}"

    @property
    def filename(self) -> str:
        ref = self.licence.number if self.licence_id else (self.application.reference or self.application_id)
        suffix = f"-v{self.version}" if self.version > 1 else ""
        return f"{self.kind}-{ref}{suffix}.pdf"


class LicenceTerms(models.Model):
    """The licence conditions and validity an officer proposes with an approval; used when the licence is issued
    (at once, or when the approval is countersigned)."""

    decision = models.OneToOneField("licensing.Decision", on_delete=models.PROTECT, related_name="licence_terms")
    conditions = models.TextField(_("conditions"), blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
