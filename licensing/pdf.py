"""Documents the authority issues, rendered once with WeasyPrint and stored immutably.

`issue_document()` renders a bilingual (Dutch/English) template, stores the PDF with its SHA-256 and a
verification code, and records it in the audit trail. A document already issued for the same
kind/application/licence/version is returned as it is: it is never regenerated, so the same bytes are
served every time.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from licensing.models import IssuedDocument, IssuedDocumentKind
from licensing.services import audit

TEMPLATES = {
    IssuedDocumentKind.LICENCE: "pdf/licence.html",
    IssuedDocumentKind.REFUSAL_LETTER: "pdf/refusal_letter.html",
    IssuedDocumentKind.AD_HOC_NOTICE: "pdf/ad_hoc_notice.html",
}
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_verification_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def existing(kind: str, application, licence=None, version: int = 1) -> IssuedDocument | None:
    qs = IssuedDocument.objects.filter(kind=kind, application=application, version=version)
    qs = qs.filter(licence=licence) if licence is not None else qs.filter(licence__isnull=True)
    return qs.first()


def issue_document(kind: str, *, application, licence=None, decision=None, actor=None, version: int = 1,
                   extra: dict | None = None) -> IssuedDocument:
    """Render and store a document once; later calls return the stored one unchanged."""
    found = existing(kind, application, licence, version)
    if found:
        return found
    code = new_verification_code()
    context = {
        "application": application,
        "licence": licence,
        "lines": list(licence.lines.all()) if licence is not None else [],
        "decision": decision,
        "organisation": application.organisation,
        "end_user": application.end_user,
        "items": list(application.items.all()),
        "verification_code": code,
        "issued_on": timezone.localdate(),
        "issued_by": actor,
        "version": version,
        **(extra or {}),
    }
    content = render_pdf(TEMPLATES[kind], context)
    digest = hashlib.sha256(content).hexdigest()
    doc = IssuedDocument(
        kind=kind, application=application, licence=licence, version=version, sha256=digest,
        size=len(content), verification_code=code, issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            doc.file.save(f"{kind}-{code}.pdf", ContentFile(content), save=False)
            doc.save()
            audit.record(actor, "document.issue", doc, application=application, changes={
                "kind": kind, "sha256": digest, "verification_code": code, "version": version,
                "licence": licence.number if licence is not None else None,
            })
    except IntegrityError:  # issued concurrently: serve the one that won
        doc.file.delete(save=False)
        return existing(kind, application, licence, version)
    return doc


def read_verified(doc: IssuedDocument) -> bytes:
    """The stored bytes, checked against the recorded hash (tampering with the file is detected)."""
    with doc.file.open("rb") as fh:
        content = fh.read()
    if hashlib.sha256(content).hexdigest() != doc.sha256:
        raise ValueError(f"Issued document {doc.pk} does not match its recorded SHA-256")
    return content
