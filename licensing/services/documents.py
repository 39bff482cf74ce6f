"""Uploading documents to an application: type checked by content (magic bytes, not the file name),
size-limited (settings.DOCUMENT_MAX_BYTES), stored with its SHA-256, and audited."""

from __future__ import annotations

import hashlib
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from licensing.models import Application, Document

from . import audit

ALLOWED_LABEL = "PDF, PNG, JPEG, DOCX, XLSX"
_OOXML = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "word/document.xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xl/workbook.xml",
}


def detect_content_type(upload) -> str | None:
    """The file's real type from its first bytes (and, for Office files, its ZIP directory), or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for content_type, marker in _OOXML.items():
                if marker in names:
                    return content_type
    return None


def check_upload(upload) -> tuple[str, str]:
    """Validate an uploaded file; returns (content_type, sha256) or raises ValidationError naming the reason."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the maximum is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)},
            code="too_large",
        )
    content_type = detect_content_type(upload)
    if content_type is None:
        raise ValidationError(
            _("This file type is not accepted (the content was checked, not the name). Upload one of: %(types)s.")
            % {"types": ALLOWED_LABEL},
            code="file_type",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return content_type, digest.hexdigest()


def _user_or_none(actor):
    return actor if getattr(actor, "is_exporter", False) or getattr(actor, "is_officer", False) else None


def add_document(application: Application, actor, upload, *, kind: str, information_request=None) -> Document:
    """Store an uploaded file with the application. Drafts accept any kind; after submission only
    replies to an information request (the case file is otherwise locked)."""
    if not application.is_draft and information_request is None:
        raise ValidationError(_("Documents can only be added to a draft or with a reply to a question."))
    content_type, sha256 = check_upload(upload)
    with transaction.atomic():
        document = Document(
            application=application,
            kind=kind,
            original_name=(upload.name or "document")[-255:],
            content_type=content_type,
            size=upload.size,
            sha256=sha256,
            uploaded_by=_user_or_none(actor),
            information_request=information_request,
        )
        document.file.save(upload.name or "document", upload, save=False)
        document.save()
        audit.record(
            actor, "document.upload", document, application=None if application.is_draft else application,
            changes={"kind": kind, "name": document.original_name, "sha256": sha256, "size": upload.size,
                     "application": application.pk},
        )
    return document


def remove_document(document: Document, actor) -> None:
    application = document.application
    if not application.is_draft:
        raise ValidationError(_("Documents of a submitted application cannot be removed."))
    with transaction.atomic():
        audit.record(
            actor, "document.remove", document,
            changes={"name": document.original_name, "sha256": document.sha256, "application": application.pk},
        )
        name, storage = document.file.name, document.file.storage
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))
